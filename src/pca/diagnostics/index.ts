export {
  type ControlLimitOptions,
  type ControlLimits,
  controlLimits,
  readLimitOptions,
  SPE_LIMIT_METHODS,
  type SpeLimitMethod,
} from './control-limits.js';
export { type OutlierReport, outliers } from './outliers.js';
export { noiseVariance, residualTheta } from './residual-spectrum.js';
export { type SampleStatistics, sampleStatistics } from './sample-statistics.js';
export { scoreSamples } from './score-samples.js';

/** The mean of the log-likelihoods, accumulated in float64. @internal */
export function mean(values: Float64Array): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

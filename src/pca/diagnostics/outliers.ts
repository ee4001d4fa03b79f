import type { MatrixInput } from '../matrix-input.js';
import type { PcaState } from '../pca-state.js';
import { type ControlLimits, controlLimits, type SpeLimitMethod } from './control-limits.js';
import { sampleStatistics } from './sample-statistics.js';

/**
 * What {@link PCA.outliers} finds: each sample's T² and SPE, the limits, and which samples lie
 * beyond either.
 *
 * @example
 * ```ts
 * import { PCA, type OutlierReport } from 'autoencoders/pca';
 * const X = [[1, 2, 0], [2, 3, 1], [3, 5, 1], [4, 4, 2], [5, 7, 2], [6, 6, 4]];
 * const report: OutlierReport = new PCA({ nComponents: 1 }).fit(X).outliers([[3, 4, 9]]);
 * console.log(report.flagged[0], report.t2[0], report.spe[0], report.limits);
 * ```
 */
export interface OutlierReport {
  /** Hotelling's T² of each sample. */
  readonly t2: Float64Array;
  /** The squared prediction error Q of each sample. */
  readonly spe: Float64Array;
  /** The limits both statistics were compared with. */
  readonly limits: ControlLimits;
  /** True for a sample whose T² or SPE is above its limit. */
  readonly flagged: boolean[];
}

/** T², SPE, limits and flags. @internal */
export function outliers(
  state: PcaState,
  X: MatrixInput,
  alpha: number,
  method: SpeLimitMethod,
): OutlierReport {
  const limits = controlLimits(state, alpha, method);
  const { t2, spe } = sampleStatistics(state, X, 'outliers');
  const flagged = Array.from(t2, (v, i) => v > limits.t2 || spe[i] > limits.spe);
  return { t2, spe, limits, flagged };
}

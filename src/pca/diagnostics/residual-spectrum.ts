import type { PcaState } from '../pca-state.js';

/**
 * θ1, θ2 and θ3 of the discarded eigenvalues: θᵢ = Σ_{j>k} λⱼⁱ, λⱼ = (c·sⱼ)²/(n − 1), from the
 * whole spectrum `s` of the data divided by `c`. Null where a power overflows float64, so the
 * SPE limit says it is unknown rather than returning Infinity.
 *
 * @internal
 */
export function residualTheta(
  s: Float64Array,
  k: number,
  c: number,
  n: number,
): readonly [number, number, number] | null {
  const root = Math.sqrt(n - 1);
  let t1 = 0;
  let t2 = 0;
  let t3 = 0;
  for (let j = k; j < s.length; j++) {
    const lambda = (c * (s[j] / root)) ** 2;
    t1 += lambda;
    t2 += lambda * lambda;
    t3 += lambda * lambda * lambda;
  }
  return Number.isFinite(t3) ? [t1, t2, t3] : null;
}

/**
 * The noise variance σ² of probabilistic PCA (scikit-learn's `noise_variance_`): the mean of the
 * min(n, d) − k discarded eigenvalues of the covariance, 0 when every component is kept. From θ1
 * where the fit kept it (no cancellation), else from the stored value, else as the total variance
 * less the kept variances (scikit-learn's randomized path).
 *
 * @internal
 */
export function noiseVariance(state: PcaState): number {
  const rest = Math.min(state.nSamples, state.nFeatures) - state.nComponents;
  if (rest <= 0) return 0;
  if (state.residualTheta) return state.residualTheta[0] / rest;
  if (state.noiseVariance !== undefined) return state.noiseVariance;
  let kept = 0;
  for (const v of state.explainedVariance) kept += v;
  return Math.max(0, state.totalVariance - kept) / rest;
}

import { InvalidInputError } from '../../errors/invalid-input-error.js';
import type { MatrixInput } from '../matrix-input.js';
import type { PcaState } from '../pca-state.js';
import { noiseVariance } from './residual-spectrum.js';
import { sampleStatistics } from './sample-statistics.js';

/**
 * Each sample's log-likelihood under probabilistic PCA (Tipping and Bishop 1999), the Gaussian
 * with covariance C = Vᵀ·diag(λ − σ²)·V + σ²·I (scikit-learn's `get_covariance`). Since V has
 * orthonormal rows, C⁻¹ = Vᵀdiag(1/λ)V + (I − VᵀV)/σ² and log det C = Σ log λ + (d − k)·log σ²,
 * so log p(x) = −½·(T² + SPE/σ² + d·log 2π + Σ log λ + (d − k)·log σ²): the same number as
 * scikit-learn's Woodbury-form precision, in O(d·k) per sample instead of a d×d matrix. As in
 * scikit-learn, a λ below σ² counts as σ². With `scale`, x is divided by std, and the density is
 * that of the unscaled x (−Σ log std added).
 *
 * @throws {@link InvalidInputError} when the covariance is singular (σ² = 0 with k < d).
 * @internal
 */
export function scoreSamples(state: PcaState, X: MatrixInput, what: string): Float64Array {
  const { nComponents: k, nFeatures: d } = state;
  const sigma2 = noiseVariance(state);
  if (!(sigma2 > 0) && k < d) {
    throw new InvalidInputError(
      `The probabilistic PCA covariance is singular: the ${d - k} discarded directions have ` +
        `no variance (noise variance 0; the model keeps ${k} of ${d} features' components of ` +
        'data with as many or fewer independent directions), so samples have no density; ' +
        'keep fewer components, or use hotellingT2 and spe.',
    );
  }
  const lambda = state.explainedVariance.map((v) => Math.max(v, sigma2));
  const { t2, spe } = sampleStatistics({ ...state, explainedVariance: lambda }, X, what);
  let constant = d * Math.log(2 * Math.PI);
  for (const v of lambda) constant += Math.log(v);
  if (k < d) constant += (d - k) * Math.log(sigma2);
  let logScale = 0;
  if (state.std !== null) for (const s of state.std) logScale += Math.log(s);
  const out = new Float64Array(t2.length);
  for (let i = 0; i < out.length; i++) {
    const residual = k < d ? spe[i] / sigma2 : 0;
    out[i] = -0.5 * (t2[i] + residual + constant) - logScale;
  }
  return out;
}

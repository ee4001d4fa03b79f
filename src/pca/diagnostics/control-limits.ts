import chisquareQuantile from '@stdlib/stats-base-dists-chisquare-quantile';
import fQuantile from '@stdlib/stats-base-dists-f-quantile';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import { ConfigurationError } from '../../errors/configuration-error.js';
import { InvalidInputError } from '../../errors/invalid-input-error.js';
import { readOptions } from '../options.js';
import type { PcaState } from '../pca-state.js';
import { checkChoice, describeValue } from '../validate.js';

/**
 * How the SPE limit is approximated: Jackson–Mudholkar (1979) or Box's (1954) scaled χ².
 *
 * @example
 * ```ts
 * import type { SpeLimitMethod } from 'autoencoders/pca';
 * const method: SpeLimitMethod = 'box';
 * ```
 */
export type SpeLimitMethod = 'jackson-mudholkar' | 'box';

/** The approximations of the SPE (Q) distribution {@link PCA.controlLimits} offers. @internal */
export const SPE_LIMIT_METHODS: readonly SpeLimitMethod[] = ['jackson-mudholkar', 'box'];

/**
 * Options of {@link PCA.controlLimits} and {@link PCA.outliers}.
 *
 * @example
 * ```ts
 * import type { ControlLimitOptions } from 'autoencoders/pca';
 * const options: ControlLimitOptions = { alpha: 0.01, method: 'box' };
 * ```
 */
export interface ControlLimitOptions {
  /**
   * The false-alarm rate: the share of in-control samples expected beyond each limit, in (0, 1).
   * @defaultValue 0.05
   */
  readonly alpha?: number;
  /**
   * The approximation of the SPE distribution. Both are close when the discarded eigenvalues are
   * even (h0 > 0); when a few dominate (h0 < 0, as on image data) Jackson–Mudholkar's limit errs
   * high and Box's low, by 5% to 180% and 1% to 15% in the measurements of the PCA-at-scale guide.
   * @defaultValue 'jackson-mudholkar'
   */
  readonly method?: SpeLimitMethod;
}

/**
 * Upper control limits at level α, in the statistics' own units.
 *
 * @example
 * ```ts
 * import { PCA, type ControlLimits } from 'autoencoders/pca';
 * const X = [[1, 2, 0], [2, 3, 1], [3, 5, 1], [4, 4, 2], [5, 7, 2], [6, 6, 4]];
 * const limits: ControlLimits = new PCA({ nComponents: 1 }).fit(X).controlLimits();
 * console.log(limits.t2, limits.spe);
 * ```
 */
export interface ControlLimits {
  /** Hotelling's T² limit for a new observation (Jackson 1991, the phase-II F form). */
  readonly t2: number;
  /** The SPE (Q) limit from the discarded eigenvalues, by the chosen method. */
  readonly spe: number;
}

/** Reads the options: alpha in (0, 1), a known method, no other key. @internal */
export function readLimitOptions(
  options: ControlLimitOptions | undefined,
  where: string,
): { alpha: number; method: SpeLimitMethod } {
  const o = readOptions(options, ['alpha', 'method'], where);
  const alpha = o.alpha ?? 0.05;
  if (typeof alpha !== 'number' || !(alpha > 0 && alpha < 1)) {
    throw new ConfigurationError(
      `alpha must be a number in (0, 1), the false-alarm rate (0.05 for 5%); got ${describeValue(alpha)}.`,
    );
  }
  const method = checkChoice(o.method, 'method', SPE_LIMIT_METHODS, 'jackson-mudholkar');
  return { alpha, method };
}

/**
 * T²: k(n−1)(n+1)/(n(n−k))·F_{k, n−k; 1−α}. SPE: Jackson–Mudholkar,
 * θ1·[z·√(2θ2h0²)/θ1 + 1 + θ2h0(h0−1)/θ1²]^{1/h0} with h0 = 1 − 2θ1θ3/(3θ2²), or Box's
 * g·χ²_{h; 1−α} with g = θ2/θ1, h = θ1²/θ2.
 *
 * @throws {@link InvalidInputError} when n ≤ k, or the SPE limit is unknown or undefined.
 * @internal
 */
export function controlLimits(
  state: PcaState,
  alpha: number,
  method: SpeLimitMethod,
): ControlLimits {
  const { nSamples: n, nComponents: k } = state;
  if (n <= k) {
    throw new InvalidInputError(
      `The T² limit needs more samples than components (F with n − k degrees of freedom); the model has n = ${n}, k = ${k}: keep fewer components.`,
    );
  }
  const t2 = ((k * (n - 1) * (n + 1)) / (n * (n - k))) * fQuantile(1 - alpha, k, n - k);
  return { t2, spe: speLimit(state, alpha, method) };
}

function speLimit(state: PcaState, alpha: number, method: SpeLimitMethod): number {
  const theta = state.residualTheta;
  if (!theta) {
    throw new InvalidInputError(
      'The SPE limit needs the discarded eigenvalues (θ1, θ2, θ3), which this model does not ' +
        'know: it was fitted by the randomized solver, read from a version-1 file or imported ' +
        "from scikit-learn. Refit with solver: 'exact' or 'covariance' to get it.",
    );
  }
  const [t1, t2, t3] = theta;
  if (!(t1 > 0 && t2 > 0)) {
    throw new InvalidInputError(
      'The SPE limit is undefined: the discarded components have no variance (every component ' +
        'of the data is kept, so the SPE of the training data is zero); keep fewer components.',
    );
  }
  if (method === 'box') return (t2 / t1) * chisquareQuantile(1 - alpha, (t1 * t1) / t2);
  const h0 = 1 - (2 * t1 * t3) / (3 * t2 * t2);
  // (Q/θ1)^h0 is about normal with sd |h0|·√(2θ2)/θ1; carrying h0's sign (z·h0·√(2θ2), the
  // textbook's z·√(2θ2h0²) when h0 > 0) keeps the limit right for h0 < 0, where the power
  // decreases with Q: very uneven discarded eigenvalues, as image data have.
  const z = normalQuantile(1 - alpha, 0, 1);
  const base = (z * h0 * Math.sqrt(2 * t2)) / t1 + 1 + (t2 * h0 * (h0 - 1)) / (t1 * t1);
  const limit = t1 * base ** (1 / h0);
  if (!(h0 !== 0 && base > 0 && Number.isFinite(limit))) {
    throw new InvalidInputError(
      `The Jackson–Mudholkar SPE limit is undefined at alpha = ${alpha} for this spectrum ` +
        `(h0 = ${h0.toPrecision(3)}, base ${base.toPrecision(3)}: its normal approximation ` +
        "breaks down this far in the tail); use method: 'box' or a larger alpha.",
    );
  }
  return limit;
}

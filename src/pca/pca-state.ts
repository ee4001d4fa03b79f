import type { PcaSolver } from './solvers/choose.js';

/** The fitted state of a PCA model (row-major flat arrays). @internal */
export interface PcaState {
  readonly nSamples: number;
  readonly nFeatures: number;
  /** k×d, row-major, one component per row. */
  readonly components: Float64Array;
  readonly nComponents: number;
  readonly singularValues: Float64Array;
  readonly explainedVariance: Float64Array;
  readonly explainedVarianceRatio: Float64Array;
  /** Sum of the variances of all components, s²/(n − 1) summed over min(n, d). */
  readonly totalVariance: number;
  /** Column means (zeros when the model does not centre). */
  readonly mean: Float64Array;
  /** Column standard deviations used for scaling (ddof 0), or null without scaling. */
  readonly std: Float64Array | null;
  /**
   * θ1, θ2, θ3 of the discarded eigenvalues (Σλ, Σλ², Σλ³ over the components not kept), for the
   * SPE control limit; null or absent where unknown (a randomized fit, a version-1 file, a
   * scikit-learn import).
   */
  readonly residualTheta?: readonly [number, number, number] | null;
  /** scikit-learn's `noise_variance_` where it was given rather than derived (an import). */
  readonly noiseVariance?: number;
}

/** The settings a PCA model was created with, after defaults. @internal */
export interface PcaSettings {
  readonly nComponents: number | undefined;
  readonly varianceToKeep: number | undefined;
  readonly center: boolean;
  readonly scale: boolean;
  readonly whiten: boolean;
  readonly solver: PcaSolver;
  readonly seed: number;
  readonly powerIterations: number | 'auto';
  readonly oversamples: number;
}

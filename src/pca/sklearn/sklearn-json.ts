/**
 * A fitted scikit-learn `PCA` as its attributes, by scikit-learn's own names: what
 * {@link PCA.toSklearn} writes and {@link PCA.fromSklearn} reads. In Python (numpy arrays become
 * lists through `tolist()`):
 *
 * ```python
 * import json
 * names = ["components_", "mean_", "explained_variance_", "explained_variance_ratio_", "singular_values_", "noise_variance_", "n_samples_", "n_features_in_", "whiten"]
 * json.dump({k: getattr(pca, k).tolist() if hasattr(getattr(pca, k), "tolist") else getattr(pca, k) for k in names}, open("pca.json", "w"))
 * ```
 *
 * @example
 * ```ts
 * import { PCA, type SklearnPcaJson } from 'autoencoders/pca';
 * const attributes: SklearnPcaJson = new PCA({ nComponents: 1 }).fit([[1, 2], [3, 5], [4, 4]]).toSklearn();
 * console.log(attributes.components_, attributes.noise_variance_);
 * ```
 */
export interface SklearnPcaJson {
  /** k×d principal axes, one unit vector per row. */
  readonly components_: number[][];
  /** The d per-feature means that were subtracted. */
  readonly mean_: number[];
  /** The k variances along the components, s²/(n − 1). */
  readonly explained_variance_: number[];
  /** Each component's share of the total variance. */
  readonly explained_variance_ratio_: number[];
  /** The k singular values of the centred training data. */
  readonly singular_values_: number[];
  /** Probabilistic PCA's noise variance: the mean of the discarded eigenvalues (0 if none). */
  readonly noise_variance_: number;
  /** Number of training samples, n. */
  readonly n_samples_: number;
  /** Number of features, d. */
  readonly n_features_in_: number;
  /** Whether `transform` divides the scores by √explained_variance_. */
  readonly whiten: boolean;
  /** Number of components, k (written by `toSklearn`; not needed by `fromSklearn`). */
  readonly n_components_?: number;
}

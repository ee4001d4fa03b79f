import type { Matrix } from 'ml-matrix';
import { NotFittedError } from '../errors/not-fitted-error.js';
import * as diag from './diagnostics/index.js';
import { type MatrixInput, readMatrix } from './matrix-input.js';
import { fitPca } from './pca-fit.js';
import { type PcaJson, parsePcaJson, toPcaJson } from './pca-json.js';
import { type PcaOptions, settingsFrom } from './pca-options.js';
import type { PcaSettings, PcaState } from './pca-state.js';
import { inverseTransformRows, transformRows } from './pca-transform.js';
import * as sk from './sklearn/index.js';
import * as stream from './statistics/fit-stream.js';
import * as fromStats from './statistics/from-statistics.js';
import { type PcaStatistics, statisticsMoments } from './statistics/pca-statistics.js';
import { matrixFromFlat } from './to-matrix.js';

export type { PcaOptions, PcaSolver } from './pca-options.js';

/**
 * Principal component analysis: centres (and optionally scales) the data, finds the directions
 * of largest variance, and maps data to and from their scores.
 *
 * @remarks
 * Components have deterministic signs (each one's largest-magnitude loading is positive).
 * `explainedVariance` is s²/(n − 1) as in scikit-learn (the notebook prints s²/n), and
 * `explainedVarianceRatio` is relative to the total variance of all components, so it sums to 1
 * only when every component is kept.
 *
 * @example
 * ```ts
 * import { PCA } from 'autoencoders/pca';
 * const X = [[2.5, 2.4], [0.5, 0.7], [2.2, 2.9], [1.9, 2.2], [3.1, 3.0]];
 * const pca = new PCA({ nComponents: 1 }).fit(X);
 * const Z = pca.transform(X);              // 5×1 scores
 * const back = pca.inverseTransform(Z);    // 5×2, the projection onto the first component
 * console.log(pca.explainedVarianceRatio, back.rows);
 * const copy = PCA.fromJSON(JSON.stringify(pca));
 * ```
 */
export class PCA {
  private settings: PcaSettings;
  private state: PcaState | null = null;

  /**
   * Creates an unfitted model; options are checked now.
   * @param options - see {@link PcaOptions}.
   * @throws {@link ConfigurationError} for `null` or non-object options, an unknown option key,
   *   an invalid option value, or both nComponents and varianceToKeep.
   */
  constructor(options?: PcaOptions) {
    this.settings = settingsFrom(options);
  }

  /**
   * Fits the model to X (n×d, n ≥ 2); refitting replaces the previous fit.
   * @param X - training data, one row per sample.
   * @returns this model, fitted.
   * @throws {@link InvalidInputError} for invalid entries, fewer than 2 rows, a zero-variance
   *   column with `scale`, variances outside float64's range (data beyond about 1e±154, otherwise
   *   rescaled internally), or a component too small to whiten ({@link PcaOptions.whiten}).
   * @throws {@link ConfigurationError} for nComponents above min(n, d), or varianceToKeep with
   *   the randomized solver; {@link ShapeError} when X is not a 2-D array of equal-length rows.
   */
  fit(X: MatrixInput): this {
    this.state = fitPca(readMatrix(X, 'X'), this.settings);
    return this;
  }

  /**
   * Scores of X on the kept components: ((X − mean)/std)·componentsᵀ, divided by
   * √explainedVariance when whitening.
   * @param X - m×d data with the feature count of the training data.
   * @returns a new m×k matrix.
   * @throws {@link NotFittedError} before `fit`; {@link ShapeError} when X has another number of
   *   features than the model; {@link InvalidInputError} for invalid entries.
   */
  transform(X: MatrixInput): Matrix {
    return transformRows(this.fitted('transform'), this.settings, X);
  }

  /**
   * Maps scores back to the data space, undoing whitening, scaling and centring:
   * Z·components·diag(std) + mean.
   * @param Z - m×k scores with the model's number of components.
   * @returns a new m×d matrix.
   * @throws {@link NotFittedError} before `fit`; {@link ShapeError} when Z has another number of
   *   columns than the model has components; {@link InvalidInputError} for invalid entries.
   */
  inverseTransform(Z: MatrixInput): Matrix {
    return inverseTransformRows(this.fitted('inverseTransform'), this.settings, Z);
  }

  /**
   * Fits the model to X and returns X's scores (the same as `fit(X).transform(X)`).
   * @param X - training data.
   * @returns a new n×k matrix.
   * @throws the errors of {@link PCA.fit}.
   */
  fitTransform(X: MatrixInput): Matrix {
    return this.fit(X).transform(X);
  }

  /** The kept components, k×d, one per row (a copy). @throws {@link NotFittedError} before `fit`. */
  get components(): Matrix {
    const s = this.fitted('components');
    return matrixFromFlat(s.components, s.nComponents, s.nFeatures);
  }

  /** Singular values of the centred (scaled) data for the kept components, descending (a copy). */
  get singularValues(): Float64Array {
    return this.fitted('singularValues').singularValues.slice();
  }

  /** Variance of each kept component, s²/(n − 1) (a copy). */
  get explainedVariance(): Float64Array {
    return this.fitted('explainedVariance').explainedVariance.slice();
  }

  /** Each kept component's share of the total variance of all components (a copy). */
  get explainedVarianceRatio(): Float64Array {
    return this.fitted('explainedVarianceRatio').explainedVarianceRatio.slice();
  }

  /** Column means of the training data (zeros when `center` is false; a copy). */
  get mean(): Float64Array {
    return this.fitted('mean').mean.slice();
  }

  /** Column standard deviations used for scaling (ddof 0), or null without `scale` (a copy). */
  get std(): Float64Array | null {
    return this.fitted('std').std?.slice() ?? null;
  }

  /** Number of kept components, k. */
  get nComponents(): number {
    return this.fitted('nComponents').nComponents;
  }

  /** Number of features d the model was fitted on. */
  get nFeatures(): number {
    return this.fitted('nFeatures').nFeatures;
  }

  /** Number of samples n the model was fitted on. */
  get nSamples(): number {
    return this.fitted('nSamples').nSamples;
  }

  /** True once `fit` has run (or the model came from `fromJSON`). */
  get isFitted(): boolean {
    return this.state !== null;
  }

  /**
   * The fitted model as a new JSON-safe object `{ kind: 'pca', version: 2, ... }` (settings,
   * components, variances, mean, std); `JSON.stringify(pca)` uses it.
   * @throws {@link NotFittedError} before `fit`.
   */
  toJSON(): PcaJson {
    return toPcaJson(this.settings, this.fitted('toJSON'));
  }

  /**
   * Restores a model saved with {@link PCA.toJSON}, from the object or its JSON text.
   * @param json - the object or string.
   * @returns a fitted model whose transforms equal the saved one's.
   * @throws {@link ModelFileError} for invalid JSON, another kind, a newer format version,
   *   inconsistent shapes, non-finite numbers or a `__proto__`/`constructor` key.
   * @example
   * ```ts
   * import { PCA } from 'autoencoders/pca';
   * const saved = JSON.stringify(new PCA().fit([[1, 2], [3, 5], [4, 4]]));
   * const pca = PCA.fromJSON(saved);
   * console.log(pca.transform([[2, 3]]).to2DArray());
   * ```
   */
  static fromJSON(json: PcaJson | string | object): PCA {
    const { settings, state } = parsePcaJson(json);
    return PCA.fromParts(settings, state);
  }

  // Diagnostics and scikit-learn interchange: src/pca/diagnostics/ and src/pca/sklearn/.
  /**
   * Each row's log-likelihood (nats) under probabilistic PCA, scikit-learn's `score_samples`.
   * @throws {@link NotFittedError}, {@link ShapeError} or {@link InvalidInputError}.
   */
  scoreSamples(X: MatrixInput): Float64Array {
    return diag.scoreSamples(this.fitted('scoreSamples'), X, 'scoreSamples');
  }
  /** The mean of {@link PCA.scoreSamples} (scikit-learn's `score`). @throws the errors of {@link PCA.scoreSamples}. */
  score(X: MatrixInput): number {
    return diag.mean(this.scoreSamples(X));
  }
  /** Hotelling's T² of each row, Σ t²/λ over the kept components. @throws the errors of {@link PCA.scoreSamples}. */
  hotellingT2(X: MatrixInput): Float64Array {
    return diag.sampleStatistics(this.fitted('hotellingT2'), X, 'hotellingT2').t2;
  }
  /** Each row's squared prediction error Q, ‖x̃ − x̃VᵀV‖². @throws the errors of {@link PCA.scoreSamples}. */
  spe(X: MatrixInput): Float64Array {
    return diag.sampleStatistics(this.fitted('spe'), X, 'spe').spe;
  }
  /**
   * The T² and SPE limits at level α ({@link diag.ControlLimits}).
   * @throws {@link ConfigurationError} for bad options; {@link InvalidInputError} where a limit is unknown.
   * @example
   * ```ts
   * import { PCA } from 'autoencoders/pca';
   * const X = [[1, 2, 0], [2, 3, 1], [3, 5, 1], [4, 4, 2], [5, 7, 2], [6, 6, 4]];
   * const pca = new PCA({ nComponents: 1, solver: 'exact' }).fit(X);
   * const { t2, spe } = pca.controlLimits({ alpha: 0.01 });
   * console.log(pca.hotellingT2(X)[0] > t2, pca.spe(X)[0] > spe, pca.score(X));
   * ```
   */
  controlLimits(options?: diag.ControlLimitOptions): diag.ControlLimits {
    const { alpha, method } = diag.readLimitOptions(options, 'controlLimits options');
    return diag.controlLimits(this.fitted('controlLimits'), alpha, method);
  }
  /** T², SPE, limits and a flag per row beyond either ({@link diag.OutlierReport}). @throws the errors of {@link PCA.controlLimits}. */
  outliers(X: MatrixInput, options?: diag.ControlLimitOptions): diag.OutlierReport {
    const { alpha, method } = diag.readLimitOptions(options, 'outliers options');
    return diag.outliers(this.fitted('outliers'), X, alpha, method);
  }
  /** scikit-learn's fitted attributes ({@link sk.SklearnPcaJson}). @throws {@link NotFittedError}; {@link ConfigurationError} with `scale`. */
  toSklearn(): sk.SklearnPcaJson {
    return sk.toSklearn(this.settings, this.fitted('toSklearn'));
  }
  /** A model from scikit-learn's attributes ({@link sk.SklearnPcaJson}). @throws {@link ModelFileError}. */
  static fromSklearn(json: sk.SklearnPcaJson | string | object): PCA {
    const { settings, state } = sk.parseSklearnJson(json);
    return PCA.fromParts(settings, state);
  }

  // --- Streaming and merged statistics (src/pca/statistics/) ---

  /**
   * The model a single fit on all the rows would give, from their merged {@link PcaStatistics}
   * (the covariance solver's eigen path; `center: false` uses the second moment M + n·μμᵀ).
   * @param options - nComponents, varianceToKeep, center, scale, whiten; `solver` is refused.
   * @throws {@link ConfigurationError} for `null` options, an unknown key, `solver`, a bad value;
   *   {@link InvalidInputError} for fewer than 2 rows, or what {@link PCA.fit} refuses.
   * @example
   * ```ts
   * import { PCA, PcaStatistics } from 'autoencoders/pca';
   * const stats = new PcaStatistics().add([[1, 2], [3, 5]]).add([[4, 4], [0, 1]]);
   * const pca = PCA.fromStatistics(stats, { nComponents: 1 });
   * console.log(pca.components.to2DArray());
   * ```
   */
  static fromStatistics(stats: PcaStatistics, options?: fromStats.FromStatisticsOptions): PCA {
    const settings = fromStats.statisticsSettings(options);
    return PCA.fromParts(settings, fromStats.stateFromMoments(statisticsMoments(stats), settings));
  }

  /**
   * Fits the model by reading row chunks once, from a sync or async iterable (an array of
   * chunks, a generator, a Node object-mode stream), holding only d×d statistics and one chunk;
   * the same model as {@link PCA.fit} on all the rows with the 'covariance' solver.
   * @param source - chunks of rows, each a {@link MatrixInput} with the same number of columns.
   * @param options - `signal` to abort, `onProgress(rowsSeen)` after each chunk.
   * @throws {@link ConfigurationError} for bad options or a solver other than 'auto'/'covariance';
   *   {@link InvalidInputError} / {@link ShapeError} for a bad chunk (named by its index).
   * @example
   * ```ts
   * import { PCA } from 'autoencoders/pca';
   * async function* chunks() {
   *   yield [[1, 2], [3, 5]];
   *   yield [Float32Array.of(4, 4), Float32Array.of(0, 1)];
   * }
   * const pca = await new PCA({ nComponents: 1 }).fitStream(chunks(), { onProgress: console.log });
   * ```
   */
  async fitStream(source: stream.RowChunks, options?: stream.FitStreamOptions): Promise<this> {
    fromStats.checkStreamSolver(this.settings);
    const stats = await stream.streamStatistics(source, options);
    this.state = fromStats.stateFromMoments(statisticsMoments(stats), this.settings);
    return this;
  }

  // A model restored from settings and a fitted state (files, scikit-learn, statistics).
  private static fromParts(settings: PcaSettings, state: PcaState): PCA {
    const pca = new PCA();
    pca.settings = settings;
    pca.state = state;
    return pca;
  }

  private fitted(what: string): PcaState {
    if (this.state === null) {
      throw new NotFittedError(`This PCA model is not fitted yet: call fit(X) before ${what}.`);
    }
    return this.state;
  }
}

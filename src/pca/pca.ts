import type { Matrix } from 'ml-matrix';
import { InvalidInputError } from '../errors/invalid-input-error.js';
import { NotFittedError } from '../errors/not-fitted-error.js';
import { ShapeError } from '../errors/shape-error.js';
import { multiplyRight } from './kernels/affine-products.js';
import { type MatrixInput, readMatrix } from './matrix-input.js';
import { fitPca } from './pca-fit.js';
import { type PcaJson, parsePcaJson, toPcaJson } from './pca-json.js';
import type { PcaSettings, PcaState } from './pca-state.js';
import { matrixFromFlat } from './to-matrix.js';
import { checkChoice, checkSeed, describeValue } from './validate.js';

/** The algorithms {@link PCA} can fit with. */
export type PcaSolver = 'auto' | 'exact' | 'covariance' | 'randomized';

/** Options of {@link PCA}. */
export interface PcaOptions {
  /**
   * Number of components to keep, an integer from 1 to min(n, d) (checked at `fit`). Not
   * together with `varianceToKeep`.
   * @defaultValue min(n, d), or what `varianceToKeep` selects
   */
  readonly nComponents?: number;
  /**
   * Keep the smallest number of components whose explained variance ratios add up to at least
   * this fraction, in (0, 1]. Not together with `nComponents`.
   * @defaultValue undefined (all components)
   */
  readonly varianceToKeep?: number;
  /**
   * Subtract the column means before fitting (and in `transform`).
   * @defaultValue true
   */
  readonly center?: boolean;
  /**
   * Divide each column by its standard deviation (ddof 0, as `np.std`) before fitting; a
   * zero-variance column is refused.
   * @defaultValue false
   */
  readonly scale?: boolean;
  /**
   * Scale each score by 1/√(explained variance), so the transformed training data has unit
   * variance (ddof 1) in every component.
   * @defaultValue false
   */
  readonly whiten?: boolean;
  /**
   * `'exact'`: SVD of the centred data (LAPACK accuracy). `'covariance'`: eigen-decomposition of
   * XᵀX, fast when n ≫ d; eigenvalues carry a relative error of about eps·κ² (κ = σ₁/σᵢ), so
   * components with tiny variance are less accurate. `'randomized'`: a seeded sketch for a few
   * leading components. `'auto'`: `'exact'` for small problems (n·d·min(n, d) ≤ 5e7); else
   * `'covariance'` when n ≥ 2d; else `'randomized'` when nComponents ≤ min(n, d)/5 and
   * min(n, d) ≥ 100; else `'exact'`. Ask for `'randomized'` yourself where speed matters more
   * than the last fraction of a percent of error.
   * @defaultValue 'auto'
   */
  readonly solver?: PcaSolver;
  /**
   * Seed of the randomized solver.
   * @defaultValue 0
   */
  readonly seed?: number;
}

function settingsFrom(options: PcaOptions): PcaSettings {
  const { nComponents, varianceToKeep } = options;
  if (nComponents !== undefined && varianceToKeep !== undefined) {
    throw new InvalidInputError(
      'Give either nComponents or varianceToKeep, not both: each one chooses the number of components.',
    );
  }
  if (
    nComponents !== undefined &&
    (typeof nComponents !== 'number' || !Number.isInteger(nComponents) || nComponents < 1)
  ) {
    throw new InvalidInputError(
      `nComponents must be a positive integer; got ${describeValue(nComponents)}.`,
    );
  }
  if (
    varianceToKeep !== undefined &&
    (typeof varianceToKeep !== 'number' || !(varianceToKeep > 0 && varianceToKeep <= 1))
  ) {
    throw new InvalidInputError(
      `varianceToKeep must be a number in (0, 1], e.g. 0.95; got ${describeValue(varianceToKeep)}.`,
    );
  }
  for (const key of ['center', 'scale', 'whiten'] as const) {
    const v = options[key];
    if (v !== undefined && typeof v !== 'boolean') {
      throw new InvalidInputError(`${key} must be true or false; got ${describeValue(v)}.`);
    }
  }
  return {
    nComponents,
    varianceToKeep,
    center: options.center ?? true,
    scale: options.scale ?? false,
    whiten: options.whiten ?? false,
    solver: checkChoice(
      options.solver,
      'solver',
      ['auto', 'exact', 'covariance', 'randomized'],
      'auto',
    ),
    seed: checkSeed(options.seed, 0),
  };
}

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
   *
   * @param options - see {@link PcaOptions}.
   * @throws {@link InvalidInputError} for an invalid option, or both nComponents and varianceToKeep.
   */
  constructor(options: PcaOptions = {}) {
    this.settings = settingsFrom(options);
  }

  /**
   * Fits the model to X (n×d, n ≥ 2); refitting replaces the previous fit.
   *
   * @param X - training data, one row per sample.
   * @returns this model, fitted.
   * @throws {@link InvalidInputError} for invalid entries, fewer than 2 rows, nComponents above
   *   min(n, d), a zero-variance column with `scale`, or a zero-variance component with `whiten`.
   * @throws {@link ShapeError} when X is not a 2-D array of equal-length rows.
   */
  fit(X: MatrixInput): this {
    this.state = fitPca(readMatrix(X, 'X'), this.settings);
    return this;
  }

  /**
   * Scores of X on the kept components: ((X − mean)/std)·componentsᵀ, divided by
   * √explainedVariance when whitening.
   *
   * @param X - m×d data with the feature count of the training data.
   * @returns a new m×k matrix.
   * @throws {@link NotFittedError} before `fit`.
   * @throws {@link ShapeError} when X has another number of features than the model.
   * @throws {@link InvalidInputError} for invalid entries.
   */
  transform(X: MatrixInput): Matrix {
    const state = this.fitted('transform');
    const x = readMatrix(X, 'X');
    if (x.columns !== state.nFeatures) {
      throw new ShapeError(
        `X has ${x.columns} features, this model expects ${state.nFeatures}; ` +
          'transform data with the columns the model was fitted on.',
      );
    }
    const { nComponents: k, nFeatures: d } = state;
    const b = new Float64Array(d * k); // componentsᵀ
    for (let c = 0; c < k; c++)
      for (let j = 0; j < d; j++) b[j * k + c] = state.components[c * d + j];
    const z = multiplyRight(
      {
        x,
        mean: this.settings.center ? state.mean : undefined,
        scale: state.std ?? undefined,
      },
      b,
      k,
    );
    if (this.settings.whiten) {
      for (let c = 0; c < k; c++) {
        const f = 1 / Math.sqrt(state.explainedVariance[c]);
        for (let i = 0; i < x.rows; i++) z[i * k + c] *= f;
      }
    }
    return matrixFromFlat(z, x.rows, k);
  }

  /**
   * Maps scores back to the data space, undoing whitening, scaling and centring:
   * Z·components·diag(std) + mean.
   *
   * @param Z - m×k scores with the model's number of components.
   * @returns a new m×d matrix.
   * @throws {@link NotFittedError} before `fit`.
   * @throws {@link ShapeError} when Z has another number of columns than the model has components.
   * @throws {@link InvalidInputError} for invalid entries.
   */
  inverseTransform(Z: MatrixInput): Matrix {
    const state = this.fitted('inverseTransform');
    const z = readMatrix(Z, 'Z');
    const { nComponents: k, nFeatures: d } = state;
    if (z.columns !== k) {
      throw new ShapeError(`Z has ${z.columns} columns, this model has ${k} components.`);
    }
    const out = new Float64Array(z.rows * d);
    const gain = new Float64Array(k).fill(1);
    if (this.settings.whiten)
      for (let c = 0; c < k; c++) gain[c] = Math.sqrt(state.explainedVariance[c]);
    for (let i = 0; i < z.rows; i++) {
      const oo = i * d;
      for (let c = 0; c < k; c++) {
        const a = z.data[i * k + c] * gain[c];
        if (a === 0) continue;
        const co = c * d;
        for (let j = 0; j < d; j++) out[oo + j] += a * state.components[co + j];
      }
      for (let j = 0; j < d; j++) {
        let v = out[oo + j];
        if (state.std !== null) v *= state.std[j];
        out[oo + j] = v + state.mean[j];
      }
    }
    return matrixFromFlat(out, z.rows, d);
  }

  /**
   * Fits the model to X and returns X's scores (the same as `fit(X).transform(X)`).
   *
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
   * The fitted model as a plain JSON-safe object `{ kind: 'pca', version: 1, ... }`;
   * `JSON.stringify(pca)` uses it.
   *
   * @returns a new object holding settings, components, variances, mean and std.
   * @throws {@link NotFittedError} before `fit`.
   */
  toJSON(): PcaJson {
    return toPcaJson(this.settings, this.fitted('toJSON'));
  }

  /**
   * Restores a model saved with {@link PCA.toJSON}, from the object or its JSON text.
   *
   * @param json - the object or string.
   * @returns a fitted model whose transforms equal the saved one's.
   * @throws {@link ModelFileError} for invalid JSON, another kind, a newer format version,
   *   inconsistent shapes, non-finite numbers or a `__proto__`/`constructor` key.
   *
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

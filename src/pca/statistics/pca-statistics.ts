import { InvalidInputError } from '../../errors/invalid-input-error.js';
import { ShapeError } from '../../errors/shape-error.js';
import { type MatrixInput, readMatrix } from '../matrix-input.js';
import { readOptions } from '../options.js';
import { describeValue } from '../validate.js';
import { chunkMoments, type Moments, mergeMoments, momentsMean } from './moments.js';
import {
  MAX_EXACT_FEATURES,
  type PcaStatisticsJson,
  packUpper,
  parseExactMoments,
  parseStatisticsObject,
  toStatisticsJson,
} from './statistics-json.js';

/** Options of {@link PcaStatistics}. Reserved for the wide-data form; none yet. */
export type PcaStatisticsOptions = Record<string, never>;

let momentsOf: (stats: PcaStatistics) => Moments | null;

/**
 * Sufficient statistics of PCA that merge exactly: the row count n, the column means μ and the
 * centred co-moment matrix M = Σ(x − μ)(x − μ)ᵀ. Feed rows in chunks with `add`, combine the
 * statistics of shards with `merge` (in any order or tree: the result does not depend on either,
 * up to rounding), save them with `toJSON`, and build the model with `PCA.fromStatistics`, which
 * gives the same model as one fit on all the rows.
 *
 * @remarks
 * Each chunk is centred on its own mean before its co-moments are formed, and chunks are merged
 * by the pairwise update of Chan, Golub and LeVeque (1979) and Pébay (2008), so a variance far
 * below the square of the mean keeps its digits (the raw XᵀX − nμμᵀ would not: SPARK-26158).
 * Memory is 8·d² bytes; exact statistics refuse more than 4,096 features.
 *
 * @example
 * ```ts
 * import { PCA, PcaStatistics } from 'autoencoders/pca';
 * const a = new PcaStatistics().add([[1, 2], [3, 5]]);
 * const b = new PcaStatistics().add([[4, 4], [0, 1]]);
 * const pca = PCA.fromStatistics(a.merge(b), { nComponents: 1 });
 * // the same model as new PCA({ nComponents: 1 }).fit([[1, 2], [3, 5], [4, 4], [0, 1]])
 * console.log(pca.explainedVariance, JSON.stringify(a));
 * ```
 */
export class PcaStatistics {
  #moments: Moments | null = null;

  static {
    momentsOf = (stats) => stats.#moments;
  }

  /**
   * Creates empty statistics (count 0); the number of features is set by the first `add`.
   *
   * @param options - none yet; `null` or an unknown key is refused.
   * @throws {@link ConfigurationError} for `null` or non-object options or an unknown key.
   */
  constructor(options?: PcaStatisticsOptions) {
    readOptions(options, [], 'PcaStatistics options');
  }

  /**
   * Adds rows: their moments, centred on their own mean, merged into these.
   *
   * @param rows - n×d data (n ≥ 1), any {@link MatrixInput}; d must match earlier rows.
   * @returns this.
   * @throws {@link ShapeError} for ragged rows, a different d than before, or d > 4,096.
   * @throws {@link InvalidInputError} for empty rows, NaN or infinite entries, or co-moments that
   *   overflow float64. The statistics are unchanged when it throws.
   */
  add(rows: MatrixInput): this {
    const x = readMatrix(rows, 'rows');
    this.checkFeatures(x.columns, 'rows have');
    return this.absorb(chunkMoments(x));
  }

  /**
   * Merges other statistics (of other rows) into these; `other` is not changed.
   *
   * @param other - statistics of rows with the same number of features.
   * @returns this.
   * @throws {@link InvalidInputError} when `other` is not a PcaStatistics.
   * @throws {@link ShapeError} when the feature counts differ.
   */
  merge(other: PcaStatistics): this {
    if (!(other instanceof PcaStatistics)) {
      throw new InvalidInputError(
        `merge takes another PcaStatistics; got ${describeValue(other)} (use PcaStatistics.fromJSON for saved statistics).`,
      );
    }
    const theirs = other.#moments;
    if (theirs === null) return this;
    this.checkFeatures(theirs.shift.length, 'the other statistics have');
    return this.absorb({
      count: theirs.count,
      shift: theirs.shift.slice(),
      offset: theirs.offset.slice(),
      comoments: theirs.comoments.slice(),
    });
  }

  /** n, the number of rows summarised. */
  get count(): number {
    return this.#moments?.count ?? 0;
  }

  /** d, the number of features (0 before the first rows). */
  get nFeatures(): number {
    return this.#moments?.shift.length ?? 0;
  }

  /** The column means μ (length d; a copy). */
  get mean(): Float64Array {
    const m = this.#moments;
    return m === null ? new Float64Array(0) : momentsMean(m);
  }

  /**
   * The upper triangle of Σ(x − μ)(x − μ)ᵀ packed row by row, d(d+1)/2 entries (a copy); the
   * covariance (ddof 1) is this divided by n − 1.
   */
  get comoments(): Float64Array {
    const m = this.#moments;
    return m === null ? new Float64Array(0) : packUpper(m.comoments, m.shift.length);
  }

  /**
   * The statistics as the documented JSON object {@link PcaStatisticsJson};
   * `JSON.stringify(stats)` uses it.
   *
   * @returns a new plain object.
   * @example
   * ```ts
   * import { PcaStatistics } from 'autoencoders/pca';
   * console.log(JSON.stringify(new PcaStatistics().add([[1, 2], [3, 6]])));
   * // {"kind":"pca-statistics","version":1,"count":2,"mean":[2,4],"comoments":[2,4,8]}
   * ```
   */
  toJSON(): PcaStatisticsJson {
    const m = this.#moments;
    if (m === null) {
      return { kind: 'pca-statistics', version: 1, count: 0, mean: [], comoments: [] };
    }
    return toStatisticsJson(m);
  }

  /**
   * Restores statistics from their JSON form (the object or its text), as `toJSON` writes them
   * or as Spark, Dask or numpy compute them per partition (see {@link PcaStatisticsJson}).
   *
   * @param json - the object or string.
   * @returns new statistics.
   * @throws {@link ModelFileError} for invalid JSON, another kind, a newer version, a length that
   *   does not match d, more than 4,096 features, a non-finite entry or a negative diagonal
   *   co-moment; lengths are checked before anything is allocated.
   * @example
   * ```ts
   * import { PCA, PcaStatistics } from 'autoencoders/pca';
   * const stats = PcaStatistics.fromJSON(
   *   '{"kind":"pca-statistics","version":1,"count":3,"mean":[0,0],"comoments":[2,0,1]}',
   * );
   * console.log(PCA.fromStatistics(stats).explainedVariance); // about [1, 0.5]
   * ```
   */
  static fromJSON(json: PcaStatisticsJson | string | object): PcaStatistics {
    const moments = parseExactMoments(parseStatisticsObject(json));
    const stats = new PcaStatistics();
    if (moments.count > 0) stats.#moments = moments;
    return stats;
  }

  private checkFeatures(d: number, what: string): void {
    if (d > MAX_EXACT_FEATURES) {
      throw new ShapeError(
        `The ${what} ${d} features; exact statistics hold a d×d matrix and take at most ` +
          `${MAX_EXACT_FEATURES} (8·d² bytes). For wide data keep an incremental truncated SVD ` +
          'instead: new PcaStatistics({ rank: k }).',
      );
    }
    const mine = this.#moments;
    if (mine !== null && mine.shift.length !== d) {
      throw new ShapeError(
        `The ${what} ${d} features, these statistics ${mine.shift.length}; merge only statistics of the same columns.`,
      );
    }
  }

  private absorb(b: Moments): this {
    if (this.#moments === null) this.#moments = b;
    else mergeMoments(this.#moments, b);
    return this;
  }
}

/**
 * The moments behind statistics (for `PCA.fromStatistics`).
 *
 * @throws {@link InvalidInputError} for something else than PcaStatistics, or empty ones.
 * @internal
 */
export function statisticsMoments(stats: PcaStatistics): Moments {
  if (!(stats instanceof PcaStatistics)) {
    throw new InvalidInputError(
      `PCA.fromStatistics takes a PcaStatistics; got ${describeValue(stats)} (use PcaStatistics.fromJSON for saved statistics).`,
    );
  }
  const m = momentsOf(stats);
  if (m === null) {
    throw new InvalidInputError(
      'These statistics are empty (no rows were added); PCA needs at least 2 rows.',
    );
  }
  return m;
}

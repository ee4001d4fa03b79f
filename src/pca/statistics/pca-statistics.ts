import { ConfigurationError } from '../../errors/configuration-error.js';
import { InvalidInputError } from '../../errors/invalid-input-error.js';
import { ShapeError } from '../../errors/shape-error.js';
import { type MatrixInput, readMatrix } from '../matrix-input.js';
import { readOptions } from '../options.js';
import { describeValue } from '../validate.js';
import { checkFeatureCount } from './feature-count.js';
import { chunkMoments, type Moments, mergeMoments, momentsMean } from './moments.js';
import { chunkSketch, emptySketch, mergeSketches, type Sketch } from './sketch.js';
import { parseSketch, toSketchJson } from './sketch-json.js';
import {
  type PcaStatisticsJson,
  packUpper,
  parseExactMoments,
  parseStatisticsObject,
  toStatisticsJson,
} from './statistics-json.js';

/**
 * Options of {@link PcaStatistics}.
 *
 * @example
 * ```ts
 * import { PcaStatistics } from 'autoencoders/pca';
 * const wide = new PcaStatistics({ rank: 20 }); // a truncated SVD instead of the d×d co-moments
 * ```
 */
export interface PcaStatisticsOptions {
  /**
   * Keep an incremental truncated SVD of this many components instead of the d×d co-moments
   * (for wide data: memory and time grow with d·rank, not d²). Approximate: see the remarks of
   * {@link PcaStatistics}.
   * @defaultValue undefined (exact co-moments, at most 4,096 features)
   */
  readonly rank?: number;
}

let momentsOf: (stats: PcaStatistics) => Moments | Sketch | null;
/** Statistics owning `m` (no copy): the moments `fitStream({ workers })` merged. @internal */
export let statisticsFromMoments: (m: Moments) => PcaStatistics;

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
 * With `{ rank: k }` the statistics keep instead an incremental truncated SVD of the co-moments,
 * k components (Ross et al. 2008, scikit-learn's IncrementalPCA; `merge` stacks the two
 * factorizations with the mean correction and truncates), plus the exact means and per-column
 * variances, so explained variance ratios stay below 1. It is approximate: what the truncation
 * drops from each chunk is lost (docs/pca-at-scale.md gives its measured error), and each `add`
 * costs an SVD of (k + chunk rows + 1)×d, so chunks of a few hundred rows suit it.
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
  #moments: Moments | Sketch | null = null;
  readonly #rank: number | undefined;

  static {
    momentsOf = (stats) => stats.#moments;
    statisticsFromMoments = (m) => {
      const stats = new PcaStatistics();
      if (m.count > 0) stats.#moments = m;
      return stats;
    };
  }

  /**
   * Creates empty statistics (count 0); the number of features is set by the first `add`.
   *
   * @param options - `rank` for the approximate wide-data form.
   * @throws {@link ConfigurationError} for `null` or non-object options, an unknown key or a rank
   *   that is not a positive integer.
   */
  constructor(options?: PcaStatisticsOptions) {
    const { rank } = readOptions(options, ['rank'], 'PcaStatistics options');
    if (rank !== undefined && (typeof rank !== 'number' || !Number.isInteger(rank) || rank < 1)) {
      throw new ConfigurationError(`rank must be a positive integer; got ${describeValue(rank)}.`);
    }
    this.#rank = rank;
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
    return this.absorb(this.#rank === undefined ? chunkMoments(x) : chunkSketch(this.#rank, x));
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
    if ((other.#rank === undefined) !== (this.#rank === undefined)) {
      throw new InvalidInputError(
        'Exact statistics and statistics with a rank do not merge: create both with the same options.',
      );
    }
    this.checkFeatures(featuresOf(theirs), 'the other statistics have');
    return this.absorb(copyOf(theirs));
  }

  /** The rank of the truncated SVD kept for wide data, or null for exact statistics. */
  get rank(): number | null {
    return this.#rank ?? null;
  }

  /** n, the number of rows summarised. */
  get count(): number {
    return this.#moments?.count ?? 0;
  }

  /** d, the number of features (0 before the first rows). */
  get nFeatures(): number {
    const m = this.#moments;
    return m === null ? 0 : featuresOf(m);
  }

  /** The column means μ (length d; a copy). */
  get mean(): Float64Array {
    const m = this.#moments;
    if (m === null) return new Float64Array(0);
    return 'comoments' in m ? momentsMean(m) : m.mean.slice();
  }

  /**
   * The upper triangle of Σ(x − μ)(x − μ)ᵀ packed row by row, d(d+1)/2 entries (a copy); the
   * covariance (ddof 1) is this divided by n − 1.
   *
   * @throws {@link ConfigurationError} for statistics with a rank, which keep no such matrix.
   */
  get comoments(): Float64Array {
    const m = this.#moments;
    if (this.#rank !== undefined) {
      throw new ConfigurationError(
        'Statistics with a rank keep a truncated SVD, not the co-moment matrix; see toJSON() for its factors.',
      );
    }
    return m === null || !('comoments' in m)
      ? new Float64Array(0)
      : packUpper(m.comoments, m.shift.length);
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
      const empty = { kind: 'pca-statistics' as const, version: 1, count: 0, mean: [] };
      if (this.#rank === undefined) return { ...empty, comoments: [] };
      return { ...empty, rank: this.#rank, sumSquares: [], singularValues: [], components: [] };
    }
    return 'comoments' in m ? toStatisticsJson(m) : toSketchJson(m);
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
    const obj = parseStatisticsObject(json);
    const moments = Object.hasOwn(obj, 'rank') ? parseSketch(obj) : parseExactMoments(obj);
    const stats = new PcaStatistics('rank' in moments ? { rank: moments.rank } : undefined);
    if (moments.count > 0) stats.#moments = moments;
    return stats;
  }

  private checkFeatures(d: number, what: string): void {
    const mine = this.#moments;
    checkFeatureCount(d, mine === null ? null : featuresOf(mine), this.#rank === undefined, what);
  }

  private absorb(b: Moments | Sketch): this {
    const mine = this.#moments;
    if ('comoments' in b) {
      if (mine === null) this.#moments = b;
      else mergeMoments(mine as Moments, b);
      return this;
    }
    // An empty start goes through a merge too, so that a wider rank is truncated to this one.
    const target = (mine ?? emptySketch(this.#rank ?? b.rank, b.mean.length)) as Sketch;
    mergeSketches(target, b);
    this.#moments = target;
    return this;
  }
}

function featuresOf(m: Moments | Sketch): number {
  return 'comoments' in m ? m.shift.length : m.mean.length;
}

function copyOf(m: Moments | Sketch): Moments | Sketch {
  if ('comoments' in m) {
    const { count, shift, offset, comoments } = m;
    return { count, shift: shift.slice(), offset: offset.slice(), comoments: comoments.slice() };
  }
  const { rank, count, mean, sumSquares, s, vt } = m;
  return {
    rank,
    count,
    mean: mean.slice(),
    sumSquares: sumSquares.slice(),
    s: s.slice(),
    vt: vt.slice(),
  };
}

/**
 * The moments behind statistics (for `PCA.fromStatistics`).
 *
 * @throws {@link InvalidInputError} for something else than PcaStatistics, or empty ones.
 * @internal
 */
export function statisticsMoments(stats: PcaStatistics): Moments | Sketch {
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

import { ModelFileError } from '../../errors/model-file-error.js';
import { describeValue } from '../validate.js';
import { type Moments, momentsMean } from './moments.js';

/** The version of the statistics format that `PcaStatistics.toJSON` writes. */
export const STATISTICS_FORMAT_VERSION = 1;

/** The most features an exact `PcaStatistics` holds (its d×d co-moments take 8·d² bytes). */
export const MAX_EXACT_FEATURES = 4096;

/**
 * The JSON form of {@link PcaStatistics}: a documented schema, so that Spark, Dask or numpy can
 * write per-partition statistics that this library merges. Exact statistics have `comoments`;
 * statistics with a rank have `rank`, `sumSquares`, `singularValues` and `components` instead.
 *
 * @example
 * ```ts
 * import type { PcaStatisticsJson } from 'autoencoders/pca';
 * // Two rows [1, 2] and [3, 6]: mean [2, 4], co-moments [[2, 4], [4, 8]].
 * const json: PcaStatisticsJson = {
 *   kind: 'pca-statistics', version: 1, count: 2, mean: [2, 4], comoments: [2, 4, 8],
 * };
 * ```
 */
export interface PcaStatisticsJson {
  /** Always `'pca-statistics'`. */
  readonly kind: 'pca-statistics';
  /** The format version, 1. */
  readonly version: number;
  /** n, the number of rows summarised (0 for empty statistics, which have d = 0). */
  readonly count: number;
  /** The d column means. */
  readonly mean: number[];
  /**
   * Exact statistics: the upper triangle of the centred co-moment matrix Σ(x − μ)(x − μ)ᵀ packed
   * row by row: (0,0), (0,1), …, (0,d−1), (1,1), …, (d−1,d−1), d(d+1)/2 entries; numpy's
   * `C[np.triu_indices(d)]`.
   */
  readonly comoments?: number[];
  /** Statistics with a rank: the most components the truncated SVD keeps. */
  readonly rank?: number;
  /** Statistics with a rank: the exact Σ(x − μ)² of each column (d entries). */
  readonly sumSquares?: number[];
  /** Statistics with a rank: the r ≤ rank kept singular values of the centred rows, descending. */
  readonly singularValues?: number[];
  /** Statistics with a rank: the r kept right singular vectors, r rows of d. */
  readonly components?: number[][];
}

/** Packs the upper triangle of a d×d row-major matrix row by row. @internal */
export function packUpper(full: Float64Array, d: number): Float64Array {
  const packed = new Float64Array((d * (d + 1)) / 2);
  let t = 0;
  for (let p = 0; p < d; p++) for (let q = p; q < d; q++) packed[t++] = full[p * d + q];
  return packed;
}

/** @internal */
export function toStatisticsJson(m: Moments): PcaStatisticsJson {
  const d = m.shift.length;
  return {
    kind: 'pca-statistics',
    version: STATISTICS_FORMAT_VERSION,
    count: m.count,
    mean: Array.from(momentsMean(m)),
    comoments: Array.from(packUpper(m.comoments, d)),
  };
}

/** @internal */
export function fail(message: string): never {
  throw new ModelFileError(`Not valid PCA statistics: ${message}`);
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** @internal */
export function field(obj: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/**
 * Parses the text (or takes the object) and checks kind and version; only own keys are read,
 * and `__proto__`/`constructor`/`prototype` keys are refused at the top level.
 * @internal
 */
export function parseStatisticsObject(input: unknown): Record<string, unknown> {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (error) {
      throw new ModelFileError(
        `Not valid PCA statistics: the text is not valid JSON (${(error as Error).message}).`,
        { cause: error },
      );
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(`expected an object with kind "pca-statistics"; got ${describeValue(value)}.`);
  }
  const obj = value as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (FORBIDDEN_KEYS.has(key)) fail(`it contains the key "${key}", which is refused.`);
  }
  if (field(obj, 'kind') !== 'pca-statistics') {
    fail(`kind is ${JSON.stringify(field(obj, 'kind')) ?? 'missing'}, not "pca-statistics".`);
  }
  const version = field(obj, 'version');
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    fail(`version must be a positive integer; got ${describeValue(version)}.`);
  }
  if (version > STATISTICS_FORMAT_VERSION) {
    throw new ModelFileError(
      `These PCA statistics have format version ${version}, newer than the version ` +
        `${STATISTICS_FORMAT_VERSION} this library reads; upgrade autoencoders to load them.`,
    );
  }
  return obj;
}

/** The count and the checked (not yet copied) mean array. @internal */
export function parseCountAndMean(
  obj: Record<string, unknown>,
  maxFeatures: number,
): { count: number; mean: unknown[] } {
  const count = field(obj, 'count');
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) {
    fail(`count must be a non-negative integer; got ${describeValue(count)}.`);
  }
  const mean = field(obj, 'mean');
  if (!Array.isArray(mean)) fail('mean must be an array of numbers.');
  if (mean.length > maxFeatures) {
    fail(
      `mean has ${mean.length} entries, more than the ${maxFeatures} features exact statistics ` +
        'hold; wide data need statistics with a rank (new PcaStatistics({ rank: k })).',
    );
  }
  if ((count === 0) !== (mean.length === 0)) {
    fail(`count is ${count} but mean has ${mean.length} entries; both are 0 only together.`);
  }
  return { count, mean };
}

/** A Float64Array of an array's finite numbers (the length is checked by the caller). @internal */
export function finiteArray(value: unknown[], name: string, nonNegative = false): Float64Array {
  const out = new Float64Array(value.length);
  for (let i = 0; i < value.length; i++) {
    const v = value[i];
    if (typeof v !== 'number' || !Number.isFinite(v) || (nonNegative && v < 0)) {
      fail(
        `${name}[${i}] is ${describeValue(v)}, not a finite${nonNegative ? ' non-negative' : ''} number.`,
      );
    }
    out[i] = v;
  }
  return out;
}

/**
 * Exact moments from their JSON form; every length is checked against the arrays present before
 * anything is allocated, so a file that claims 1e9 features is refused at once.
 *
 * @throws {@link ModelFileError} for anything malformed.
 * @internal
 */
export function parseExactMoments(obj: Record<string, unknown>): Moments {
  const { count, mean: rawMean } = parseCountAndMean(obj, MAX_EXACT_FEATURES);
  const d = rawMean.length;
  const packed = field(obj, 'comoments');
  if (!Array.isArray(packed)) fail('comoments must be an array of numbers.');
  const expected = (d * (d + 1)) / 2;
  if (packed.length !== expected) {
    fail(`comoments has ${packed.length} entries; ${d} features need d(d+1)/2 = ${expected}.`);
  }
  const mean = finiteArray(rawMean, 'mean');
  const upper = finiteArray(packed, 'comoments');
  const comoments = new Float64Array(d * d);
  let t = 0;
  for (let p = 0; p < d; p++) {
    if (!(upper[t] >= 0)) fail(`the diagonal co-moment of feature ${p} is negative.`);
    for (let q = p; q < d; q++) {
      comoments[p * d + q] = upper[t];
      comoments[q * d + p] = upper[t++];
    }
  }
  return { count, shift: mean, offset: new Float64Array(d), comoments };
}

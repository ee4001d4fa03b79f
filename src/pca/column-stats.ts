import type { SparsePattern } from './kernels/affine-products.js';
import type { DenseMatrix } from './matrix-input.js';

/** What {@link columnStats} returns. @internal */
export interface ColumnStats {
  readonly mean: Float64Array;
  /** Σᵢ(xᵢⱼ − μⱼ)² per column. */
  readonly sumSquares: Float64Array;
  /** maxᵢ |xᵢⱼ| per column, found in the first pass for rescale.ts (saves it a pass over X). */
  readonly maxAbs: Float64Array;
}

/**
 * Column means, sums of squared deviations Σᵢ(xᵢⱼ − μⱼ)² and largest magnitudes, in two
 * passes; a column whose entries are all equal gets its value as the mean exactly, hence a zero
 * sum of squares. With a non-zero `pattern` both passes visit only the non-zeros (the zeros'
 * share is added in closed form, (n − nnzⱼ)·μⱼ²).
 *
 * @internal
 */
export function columnStats(x: DenseMatrix, pattern?: SparsePattern): ColumnStats {
  if (pattern !== undefined) return sparseColumnStats(x, pattern);
  const { data, rows: n, columns: d } = x;
  const mean = new Float64Array(d);
  // A column varies iff its min and max differ, and max |x| is max(−min, max): two accumulators
  // kept in registers across a block, in place of a "varies" flag and a maximum stored per entry.
  const lo = data.slice(0, d);
  const hi = data.slice(0, d);
  firstPass(data, n, d, mean, lo, hi);
  const maxAbs = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    maxAbs[j] = Math.max(-lo[j], hi[j]);
    mean[j] = lo[j] === hi[j] ? data[j] : mean[j] / n;
  }
  return { mean, sumSquares: squaredDeviations(data, n, d, mean), maxAbs };
}

/**
 * Rows per block of the dense passes (the unrolled bodies below take exactly this many): each
 * accumulator is loaded and stored once per block, 1.8x faster than row by row on the 10,000
 * digits before the compares below gave another 1.6-2x (blocks of 4 measured like 8).
 */
const BLOCK = 8;

/**
 * Column sums, minima and maxima, eight rows at a time: each accumulator is loaded and stored
 * once per eight entries, and added to in row order, so the sums are bit for bit those of a
 * row-by-row loop. Hot kernel: unrolled by hand (V8 does not), hence its length.
 */
function firstPass(
  data: Float64Array,
  n: number,
  d: number,
  sum: Float64Array,
  lo: Float64Array,
  hi: Float64Array,
): void {
  let i = 0;
  for (; i + BLOCK <= n; i += BLOCK) {
    const r = i * d;
    for (let j = 0; j < d; j++) {
      const k = r + j;
      const v0 = data[k];
      const v1 = data[k + d];
      const v2 = data[k + 2 * d];
      const v3 = data[k + 3 * d];
      const v4 = data[k + 4 * d];
      const v5 = data[k + 5 * d];
      const v6 = data[k + 6 * d];
      const v7 = data[k + 7 * d];
      sum[j] = sum[j] + v0 + v1 + v2 + v3 + v4 + v5 + v6 + v7;
      // Compares, not Math.min/max: those honour NaN and −0, which cost 3x here and are not
      // needed (readMatrix let no NaN in; a column of ±0 has min = max either way).
      let l = lo[j];
      let h = hi[j];
      if (v0 < l) l = v0;
      if (v0 > h) h = v0;
      if (v1 < l) l = v1;
      if (v1 > h) h = v1;
      if (v2 < l) l = v2;
      if (v2 > h) h = v2;
      if (v3 < l) l = v3;
      if (v3 > h) h = v3;
      if (v4 < l) l = v4;
      if (v4 > h) h = v4;
      if (v5 < l) l = v5;
      if (v5 > h) h = v5;
      if (v6 < l) l = v6;
      if (v6 > h) h = v6;
      if (v7 < l) l = v7;
      if (v7 > h) h = v7;
      lo[j] = l;
      hi[j] = h;
    }
  }
  for (; i < n; i++) {
    const r = i * d;
    for (let j = 0; j < d; j++) {
      const v = data[r + j];
      sum[j] += v;
      if (v < lo[j]) lo[j] = v;
      if (v > hi[j]) hi[j] = v;
    }
  }
}

/** Σᵢ(xᵢⱼ − μⱼ)², eight rows at a time and in row order (bit for bit the row-by-row sums). */
function squaredDeviations(
  data: Float64Array,
  n: number,
  d: number,
  mean: Float64Array,
): Float64Array {
  const ss = new Float64Array(d);
  let i = 0;
  for (; i + BLOCK <= n; i += BLOCK) {
    const r = i * d;
    for (let j = 0; j < d; j++) {
      const k = r + j;
      const m = mean[j];
      const e0 = data[k] - m;
      const e1 = data[k + d] - m;
      const e2 = data[k + 2 * d] - m;
      const e3 = data[k + 3 * d] - m;
      const e4 = data[k + 4 * d] - m;
      const e5 = data[k + 5 * d] - m;
      const e6 = data[k + 6 * d] - m;
      const e7 = data[k + 7 * d] - m;
      ss[j] = ss[j] + e0 * e0 + e1 * e1 + e2 * e2 + e3 * e3 + e4 * e4 + e5 * e5 + e6 * e6 + e7 * e7;
    }
  }
  for (; i < n; i++) {
    const r = i * d;
    for (let j = 0; j < d; j++) {
      const e = data[r + j] - mean[j];
      ss[j] += e * e;
    }
  }
  return ss;
}

function sparseColumnStats(x: DenseMatrix, pattern: SparsePattern): ColumnStats {
  const { data, rows: n, columns: d } = x;
  const { offsets, columns } = pattern;
  const mean = new Float64Array(d);
  const count = new Float64Array(d);
  // Min and max of the non-zeros in place of a first value and a "varies" flag.
  const lo = new Float64Array(d).fill(Number.POSITIVE_INFINITY);
  const hi = new Float64Array(d).fill(Number.NEGATIVE_INFINITY);
  for (let i = 0; i < n; i++) {
    const ro = i * d;
    for (let k = offsets[i]; k < offsets[i + 1]; k++) {
      const j = columns[k];
      const v = data[ro + j];
      mean[j] += v;
      if (v < lo[j]) lo[j] = v;
      if (v > hi[j]) hi[j] = v;
      count[j]++;
    }
  }
  const maxAbs = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    if (count[j] === 0) continue; // all zeros: mean and maxAbs 0
    maxAbs[j] = Math.max(-lo[j], hi[j]);
    // One repeated (non-zero) value: its mean exactly.
    mean[j] = count[j] === n && lo[j] === hi[j] ? lo[j] : mean[j] / n;
  }
  const sumSquares = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const ro = i * d;
    for (let k = offsets[i]; k < offsets[i + 1]; k++) {
      const j = columns[k];
      const e = data[ro + j] - mean[j];
      sumSquares[j] += e * e;
    }
  }
  for (let j = 0; j < d; j++) sumSquares[j] += (n - count[j]) * mean[j] * mean[j];
  return { mean, sumSquares, maxAbs };
}

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
  const maxAbs = new Float64Array(d);
  const varying = new Uint8Array(d);
  for (let i = 0; i < n; i++) {
    const ro = i * d;
    for (let j = 0; j < d; j++) {
      const v = data[ro + j];
      mean[j] += v;
      const a = Math.abs(v);
      if (a > maxAbs[j]) maxAbs[j] = a;
      if (v !== data[j]) varying[j] = 1;
    }
  }
  for (let j = 0; j < d; j++) mean[j] = varying[j] === 1 ? mean[j] / n : data[j];
  const sumSquares = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const ro = i * d;
    for (let j = 0; j < d; j++) {
      const e = data[ro + j] - mean[j];
      sumSquares[j] += e * e;
    }
  }
  return { mean, sumSquares, maxAbs };
}

function sparseColumnStats(x: DenseMatrix, pattern: SparsePattern): ColumnStats {
  const { data, rows: n, columns: d } = x;
  const { offsets, columns } = pattern;
  const mean = new Float64Array(d);
  const maxAbs = new Float64Array(d);
  const count = new Float64Array(d);
  const first = new Float64Array(d);
  const varying = new Uint8Array(d);
  for (let i = 0; i < n; i++) {
    const ro = i * d;
    for (let k = offsets[i]; k < offsets[i + 1]; k++) {
      const j = columns[k];
      const v = data[ro + j];
      if (count[j] === 0) first[j] = v;
      else if (v !== first[j]) varying[j] = 1;
      mean[j] += v;
      const a = Math.abs(v);
      if (a > maxAbs[j]) maxAbs[j] = a;
      count[j]++;
    }
  }
  for (let j = 0; j < d; j++) {
    if (count[j] === 0)
      mean[j] = 0; // all zeros
    else if (count[j] === n && varying[j] === 0)
      mean[j] = first[j]; // one repeated value
    else mean[j] /= n;
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

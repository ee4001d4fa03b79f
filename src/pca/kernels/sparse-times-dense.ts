import { gemm } from './gemm.js';

/**
 * Below this fraction of non-zero entries a product with X skips the zeros (the digits are
 * about 19% non-zero); above it the dense gemm, whose register tiles do about 2× more useful
 * work per second than the gathered loop, is faster even counting the zeros.
 */
const SPARSE_DENSITY = 0.3;

/** Columns of B handled per pass: 784 rows × 128 doubles (800 KB) of B stay in L2. */
const CHUNK = 128;

/** Rows of a matrix in compressed sparse row form. @internal */
interface SparseRows {
  readonly rows: number;
  readonly start: Int32Array;
  readonly index: Int32Array;
  readonly value: Float64Array;
}

/**
 * C (rows(op X)×r, row-major, overwritten) = alpha·op(X)·B for the row-major n×d `x`, op(X) = X
 * or Xᵀ, and the row-major B (columns(op X)×r): by gemm when X is dense, else skipping its zeros.
 *
 * @example
 * ```ts
 * timesDense(x, n, d, false, 1, b, r, c); // c = X·B
 * ```
 * @internal
 */
export function timesDense(
  x: Float64Array,
  n: number,
  d: number,
  transpose: boolean,
  alpha: number,
  b: Float64Array,
  r: number,
  c: Float64Array,
): void {
  let nnz = 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== 0) nnz++;
  const outRows = transpose ? d : n;
  const inner = transpose ? n : d;
  if (nnz >= SPARSE_DENSITY * x.length) {
    gemm(transpose, false, outRows, r, inner, alpha, x, 0, d, b, 0, r, 0, c, 0, r);
    return;
  }
  c.fill(0, 0, outRows * r);
  const s = transpose ? sparseColumns(x, n, d, nnz) : sparseRows(x, n, d, nnz);
  for (let t0 = 0; t0 < r; t0 += CHUNK) sparseChunk(s, alpha, b, r, c, t0, Math.min(r, t0 + CHUNK));
}

function sparseRows(x: Float64Array, n: number, d: number, nnz: number): SparseRows {
  const start = new Int32Array(n + 1);
  const index = new Int32Array(nnz);
  const value = new Float64Array(nnz);
  let z = 0;
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let j = 0; j < d; j++) {
      const a = x[o + j];
      if (a !== 0) {
        index[z] = j;
        value[z++] = a;
      }
    }
    start[i + 1] = z;
  }
  return { rows: n, start, index, value };
}

/** The rows of Xᵀ (the columns of X) in compressed form, by a counting pass. */
function sparseColumns(x: Float64Array, n: number, d: number, nnz: number): SparseRows {
  const start = new Int32Array(d + 1);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) if (x[i * d + j] !== 0) start[j + 1]++;
  for (let j = 0; j < d; j++) start[j + 1] += start[j];
  const fill = start.slice(0, d);
  const index = new Int32Array(nnz);
  const value = new Float64Array(nnz);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const a = x[i * d + j];
      if (a === 0) continue;
      const z = fill[j]++;
      index[z] = i;
      value[z] = a;
    }
  }
  return { rows: d, start, index, value };
}

// Hot kernel, kept in one function over the 60-line limit: eight non-zeros of a row are
// combined per pass so that each load and store of C serves sixteen flops.
/** Columns [t0, t1) of C = alpha·S·B, C zeroed beforehand. */
function sparseChunk(
  s: SparseRows,
  alpha: number,
  b: Float64Array,
  r: number,
  c: Float64Array,
  t0: number,
  t1: number,
): void {
  const { start, index, value } = s;
  for (let i = 0; i < s.rows; i++) {
    const co = i * r;
    let z = start[i];
    const end = start[i + 1];
    for (; z + 7 < end; z += 8) {
      const a0 = alpha * value[z];
      const a1 = alpha * value[z + 1];
      const a2 = alpha * value[z + 2];
      const a3 = alpha * value[z + 3];
      const a4 = alpha * value[z + 4];
      const a5 = alpha * value[z + 5];
      const a6 = alpha * value[z + 6];
      const a7 = alpha * value[z + 7];
      const b0 = index[z] * r;
      const b1 = index[z + 1] * r;
      const b2 = index[z + 2] * r;
      const b3 = index[z + 3] * r;
      const b4 = index[z + 4] * r;
      const b5 = index[z + 5] * r;
      const b6 = index[z + 6] * r;
      const b7 = index[z + 7] * r;
      for (let t = t0; t < t1; t++) {
        c[co + t] +=
          a0 * b[b0 + t] +
          a1 * b[b1 + t] +
          a2 * b[b2 + t] +
          a3 * b[b3 + t] +
          (a4 * b[b4 + t] + a5 * b[b5 + t] + a6 * b[b6 + t] + a7 * b[b7 + t]);
      }
    }
    for (; z < end; z++) {
      const a = alpha * value[z];
      const bo = index[z] * r;
      for (let t = t0; t < t1; t++) c[co + t] += a * b[bo + t];
    }
  }
}

import type { DenseMatrix } from '../matrix-input.js';
import { gemm } from './gemm.js';
import { sparseRowScatter, sparseRowTimes } from './sparse-rows.js';

/**
 * The matrix X̃ = (X − 1·μᵀ)·diag(1/σ) without forming it: `mean` and `scale` are optional
 * (absent means no centring or no scaling). Products skip the zero entries of X, so sparse data
 * such as MNIST pixels cost in proportion to their non-zeros; blocks of rows that are mostly
 * non-zero go through the packed gemm instead.
 *
 * @internal
 */
export interface AffineData {
  readonly x: DenseMatrix;
  readonly mean?: Float64Array | undefined;
  readonly scale?: Float64Array | undefined;
  /** Where X's non-zeros are, for repeated products (see {@link sparsePattern}). */
  readonly pattern?: SparsePattern | undefined;
}

/** The column indices of each row's non-zeros (CSR without the values). @internal */
export interface SparsePattern {
  /** Row i's indices are columns[offsets[i] .. offsets[i + 1]). */
  readonly offsets: Int32Array;
  readonly columns: Uint16Array | Int32Array;
}

/**
 * The non-zero pattern of X when at most half of it is non-zero, else null. It costs 2 bytes
 * per non-zero (4 when d > 65536) and saves every later product the scan over the zeros.
 *
 * @internal
 */
export function sparsePattern(x: DenseMatrix): SparsePattern | null {
  const { data, rows: n, columns: d } = x;
  let nnz = 0;
  for (let i = 0; i < data.length; i++) if (data[i] !== 0) nnz++;
  if (nnz > data.length / 2) return null;
  const offsets = new Int32Array(n + 1);
  const columns = d <= 65536 ? new Uint16Array(nnz) : new Int32Array(nnz);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const ro = i * d;
    for (let j = 0; j < d; j++) if (data[ro + j] !== 0) columns[k++] = j;
    offsets[i + 1] = k;
  }
  return { offsets, columns };
}

/** Rows of X per block of the products: each block goes to gemm or to the zero-skipping loops. */
const ROW_BLOCK = 256;

/**
 * The share of non-zeros above which a block of rows runs through the packed gemm instead of
 * the zero-skipping loops: those run about 2.2 times slower per multiply-add (measured on the
 * project machine, 0.6 against 1.3 Gmadd/s at l = 40), so they win below about 45 %.
 */
const DENSE_SHARE = 0.45;

/** Whether rows [i0, i1) of X have enough non-zeros for gemm (never, with a sparse pattern). */
function denseBlock(op: AffineData, i0: number, i1: number): boolean {
  if (op.pattern !== undefined) return false;
  const { data, columns: d } = op.x;
  let nnz = 0;
  for (let k = i0 * d; k < i1 * d; k++) if (data[k] !== 0) nnz++;
  return nnz > DENSE_SHARE * (i1 - i0) * d;
}

/** B̃ = diag(1/σ)·B and shift = μᵀ·B̃, so that X̃·B = X·B̃ − 1·shiftᵀ. */
function affineFactor(
  op: AffineData,
  b: Float64Array,
  l: number,
): { bs: Float64Array; shift: Float64Array } {
  const d = op.x.columns;
  let bs = b;
  if (op.scale !== undefined) {
    bs = new Float64Array(b.length);
    for (let j = 0; j < d; j++) {
      const f = 1 / op.scale[j];
      for (let t = 0; t < l; t++) bs[j * l + t] = b[j * l + t] * f;
    }
  }
  const shift = new Float64Array(l);
  if (op.mean !== undefined) {
    for (let j = 0; j < d; j++) {
      const mj = op.mean[j];
      if (mj === 0) continue;
      for (let t = 0; t < l; t++) shift[t] += mj * bs[j * l + t];
    }
  }
  return { bs, shift };
}

/** Rows [i0, i1) of X·B̃ − 1·shiftᵀ into y from offset yOffset, by gemm or from the non-zeros. */
function rightBlock(
  op: AffineData,
  i0: number,
  i1: number,
  dense: boolean,
  bs: Float64Array,
  l: number,
  shift: Float64Array,
  y: Float64Array,
  yOffset: number,
  idx: Int32Array,
  val: Float64Array,
): void {
  const { data, columns: d } = op.x;
  if (dense) {
    gemm(false, false, i1 - i0, l, d, 1, data, i0 * d, d, bs, 0, l, 0, y, yOffset, l);
    for (let r = 0; r < i1 - i0; r++)
      for (let t = 0; t < l; t++) y[yOffset + r * l + t] -= shift[t];
  } else {
    for (let i = i0; i < i1; i++)
      sparseRowTimes(op, i, bs, l, shift, y, yOffset + (i - i0) * l, idx, val);
  }
}

/** Y = X̃·B for B (d×l, row-major); returns Y (n×l, row-major). @internal */
export function multiplyRight(op: AffineData, b: Float64Array, l: number): Float64Array {
  const { rows: n, columns: d } = op.x;
  const { bs, shift } = affineFactor(op, b, l);
  const y = new Float64Array(n * l);
  const idx = new Int32Array(d);
  const val = new Float64Array(d);
  for (let i0 = 0; i0 < n; i0 += ROW_BLOCK) {
    const i1 = Math.min(n, i0 + ROW_BLOCK);
    rightBlock(op, i0, i1, denseBlock(op, i0, i1), bs, l, shift, y, i0 * l, idx, val);
  }
  return y;
}

/** Z = X̃ᵀ·Y for Y (n×l, row-major); returns Z (d×l, row-major). @internal */
export function multiplyTransposed(op: AffineData, y: Float64Array, l: number): Float64Array {
  const { data, rows: n, columns: d } = op.x;
  const z = new Float64Array(d * l);
  const idx = new Int32Array(d);
  const val = new Float64Array(d);
  for (let i0 = 0; i0 < n; i0 += ROW_BLOCK) {
    const i1 = Math.min(n, i0 + ROW_BLOCK);
    if (denseBlock(op, i0, i1)) {
      gemm(true, false, d, l, i1 - i0, 1, data, i0 * d, d, y, i0 * l, l, 1, z, 0, l);
    } else {
      for (let i = i0; i < i1; i++) sparseRowScatter(op, i, y, i * l, l, z, idx, val);
    }
  }
  const colSum = new Float64Array(l);
  for (let i = 0; i < n; i++) for (let t = 0; t < l; t++) colSum[t] += y[i * l + t];
  correctTransposed(op, colSum, l, z);
  return z;
}

/**
 * W = X̃ᵀ·(X̃·Z) for Z (d×l, row-major) in one pass over X: each block of rows gives its share
 * Yb = X̃b·Z and at once adds X̃bᵀ·Yb, so a power iteration reads X once (and its non-zeros
 * are gathered once), not twice, and no n×l intermediate is formed. Returns W (d×l).
 *
 * @internal
 */
export function multiplyNormal(op: AffineData, z: Float64Array, l: number): Float64Array {
  const { data, rows: n, columns: d } = op.x;
  const { bs, shift } = affineFactor(op, z, l);
  const w = new Float64Array(d * l);
  const yb = new Float64Array(Math.min(n, ROW_BLOCK) * l);
  const colSum = new Float64Array(l);
  const idx = new Int32Array(d);
  const val = new Float64Array(d);
  for (let i0 = 0; i0 < n; i0 += ROW_BLOCK) {
    const i1 = Math.min(n, i0 + ROW_BLOCK);
    const dense = denseBlock(op, i0, i1);
    rightBlock(op, i0, i1, dense, bs, l, shift, yb, 0, idx, val);
    for (let r = 0; r < i1 - i0; r++) for (let t = 0; t < l; t++) colSum[t] += yb[r * l + t];
    if (dense) {
      gemm(true, false, d, l, i1 - i0, 1, data, i0 * d, d, yb, 0, l, 1, w, 0, l);
    } else {
      for (let i = i0; i < i1; i++) sparseRowScatter(op, i, yb, (i - i0) * l, l, w, idx, val);
    }
  }
  correctTransposed(op, colSum, l, w);
  return w;
}

/** Turns Z = XᵀY into X̃ᵀY given colSum = 1ᵀY: minus μ·colSumᵀ, then divided row-wise by σ. */
function correctTransposed(op: AffineData, colSum: Float64Array, l: number, z: Float64Array): void {
  const d = op.x.columns;
  if (op.mean !== undefined) {
    for (let j = 0; j < d; j++) {
      const mj = op.mean[j];
      if (mj === 0) continue;
      for (let t = 0; t < l; t++) z[j * l + t] -= mj * colSum[t];
    }
  }
  if (op.scale !== undefined) {
    for (let j = 0; j < d; j++) {
      const f = 1 / op.scale[j];
      for (let t = 0; t < l; t++) z[j * l + t] *= f;
    }
  }
}

/** A dense copy of X̃ (n×d, row-major). @internal */
export function materialize(op: AffineData): DenseMatrix {
  const { data, rows: n, columns: d } = op.x;
  if (op.mean === undefined && op.scale === undefined) return op.x;
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const ro = i * d;
    for (let j = 0; j < d; j++) {
      let v = data[ro + j];
      if (op.mean !== undefined) v -= op.mean[j];
      if (op.scale !== undefined) v /= op.scale[j];
      out[ro + j] = v;
    }
  }
  return { data: out, rows: n, columns: d };
}

import type { DenseMatrix } from '../matrix-input.js';
import { gemm } from './gemm.js';

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

/** Gathers row i's non-zeros into (idx = column·stride, val); returns their count. */
function gatherRow(
  op: AffineData,
  i: number,
  stride: number,
  idx: Int32Array,
  val: Float64Array,
): number {
  const { data, columns: d } = op.x;
  const ro = i * d;
  let nnz = 0;
  const pattern = op.pattern;
  if (pattern !== undefined) {
    const end = pattern.offsets[i + 1];
    for (let k = pattern.offsets[i]; k < end; k++) {
      const j = pattern.columns[k];
      idx[nnz] = j * stride;
      val[nnz++] = data[ro + j];
    }
    return nnz;
  }
  for (let j = 0; j < d; j++) {
    const a = data[ro + j];
    if (a !== 0) {
      idx[nnz] = j * stride;
      val[nnz++] = a;
    }
  }
  return nnz;
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

// Hot kernel, kept in one function over the 60-line limit: the 8-wide register block is
// unrolled by hand (V8 does not unroll), which is most of its length.
/** Row i of Y = X̃·B̃ − 1·shiftᵀ from row i's non-zeros. */
function sparseRowTimes(
  op: AffineData,
  i: number,
  bs: Float64Array,
  l: number,
  shift: Float64Array,
  y: Float64Array,
  yo: number,
  idx: Int32Array,
  val: Float64Array,
): void {
  // Gather the row's non-zeros, then accumulate 8 outputs at a time in registers.
  const nnz = gatherRow(op, i, l, idx, val);
  let t = 0;
  for (; t + 8 <= l; t += 8) {
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    let a4 = 0;
    let a5 = 0;
    let a6 = 0;
    let a7 = 0;
    for (let s = 0; s < nnz; s++) {
      const a = val[s];
      const bo = idx[s] + t;
      a0 += a * bs[bo];
      a1 += a * bs[bo + 1];
      a2 += a * bs[bo + 2];
      a3 += a * bs[bo + 3];
      a4 += a * bs[bo + 4];
      a5 += a * bs[bo + 5];
      a6 += a * bs[bo + 6];
      a7 += a * bs[bo + 7];
    }
    y[yo + t] = a0 - shift[t];
    y[yo + t + 1] = a1 - shift[t + 1];
    y[yo + t + 2] = a2 - shift[t + 2];
    y[yo + t + 3] = a3 - shift[t + 3];
    y[yo + t + 4] = a4 - shift[t + 4];
    y[yo + t + 5] = a5 - shift[t + 5];
    y[yo + t + 6] = a6 - shift[t + 6];
    y[yo + t + 7] = a7 - shift[t + 7];
  }
  for (; t < l; t++) {
    let acc = 0;
    for (let s = 0; s < nnz; s++) acc += val[s] * bs[idx[s] + t];
    y[yo + t] = acc - shift[t];
  }
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

// Hot kernel, kept in one function over the 60-line limit: the 8-wide unrolling.
/** Z += (row i of X)ᵀ·(row i of Y), from row i's non-zeros. */
function sparseRowScatter(
  op: AffineData,
  i: number,
  y: Float64Array,
  yo: number,
  l: number,
  z: Float64Array,
  idx: Int32Array,
  val: Float64Array,
): void {
  const nnz = gatherRow(op, i, l, idx, val);
  // Hold 8 entries of y's row in registers while scattering into the rows of z.
  let t = 0;
  for (; t + 8 <= l; t += 8) {
    const y0 = y[yo + t];
    const y1 = y[yo + t + 1];
    const y2 = y[yo + t + 2];
    const y3 = y[yo + t + 3];
    const y4 = y[yo + t + 4];
    const y5 = y[yo + t + 5];
    const y6 = y[yo + t + 6];
    const y7 = y[yo + t + 7];
    for (let s = 0; s < nnz; s++) {
      const a = val[s];
      const zo = idx[s] + t;
      z[zo] += a * y0;
      z[zo + 1] += a * y1;
      z[zo + 2] += a * y2;
      z[zo + 3] += a * y3;
      z[zo + 4] += a * y4;
      z[zo + 5] += a * y5;
      z[zo + 6] += a * y6;
      z[zo + 7] += a * y7;
    }
  }
  for (; t < l; t++) {
    const yt = y[yo + t];
    for (let s = 0; s < nnz; s++) z[idx[s] + t] += val[s] * yt;
  }
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

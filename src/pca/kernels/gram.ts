import type { DenseMatrix } from '../matrix-input.js';
import type { AffineData, SparsePattern } from './affine-products.js';
import { syrkUpper } from './gemm.js';

/** Rows of X handled at once: one packed depth panel of syrkUpper (its KC). */
const ROW_BLOCK = 256;

/**
 * How many times faster the packed syrk runs per multiply-add than the sparse scatter, measured
 * on the project machine with 2,000×784 random data of 10 % to 70 % non-zeros (2.4 to 3.7×;
 * 2.5 from 30 % up, where the choice matters): a block of rows takes the dense path when
 * nb·a² < SPEED_RATIO·Σᵢ nnzᵢ², a being the number of columns the block touches. So the dense
 * path wins from about 63 % non-zeros; the MNIST digits (19 %) take the scatter.
 */
const SPEED_RATIO = 2.5;

/**
 * The Gram matrix X̃ᵀX̃ (d×d, row-major, both triangles filled) of the affine data X̃ =
 * (X − 1μᵀ)·diag(1/σ).
 *
 * Only the upper half is accumulated, ROW_BLOCK rows of X at a time. When centring would cost
 * little accuracy (every column's mean² ≤ 64·variance, as for pixel data) it forms XᵀX and
 * subtracts n·μμᵀ, each block by the cheaper of a packed syrk on the columns it touches and a
 * scatter of its non-zeros; otherwise it centres each block in a buffer first and
 * runs the syrk on it (dense, but exact). Columns with zero variance get exact zero rows and
 * columns.
 *
 * @param variance - the per-column sum of squared deviations Σᵢ(xᵢⱼ − μⱼ)², when centring.
 * @internal
 */
export function gramMatrix(op: AffineData, variance?: Float64Array): Float64Array {
  const { rows: n, columns: d } = op.x;
  const g = new Float64Array(d * d);
  const mean = op.mean;
  if (mean !== undefined && centresExactly(op, variance)) accumulateCentred(op.x, mean, g);
  else accumulateUncentred(op.x, g);
  if (mean !== undefined && variance !== undefined && !centresExactly(op, variance)) {
    for (let p = 0; p < d; p++) {
      const mp = n * mean[p];
      if (mp === 0) continue;
      for (let q = p; q < d; q++) g[p * d + q] -= mp * mean[q];
    }
    for (let p = 0; p < d; p++) g[p * d + p] = variance[p];
  }
  if (variance !== undefined) {
    for (let p = 0; p < d; p++) {
      if (variance[p] !== 0) continue;
      for (let q = 0; q < d; q++) {
        g[p * d + q] = 0;
        g[q * d + p] = 0;
      }
    }
  }
  if (op.scale !== undefined) {
    for (let p = 0; p < d; p++) {
      for (let q = p; q < d; q++) g[p * d + q] /= op.scale[p] * op.scale[q];
    }
  }
  for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) g[q * d + p] = g[p * d + q];
  return g;
}

/**
 * Whether {@link gramMatrix} centres every block of rows exactly (dense work) rather than
 * subtracting n·μμᵀ from XᵀX: centring is asked for and some column's mean² exceeds 64 times
 * its variance (or the variances are not given).
 */
function centresExactly(op: AffineData, variance: Float64Array | undefined): boolean {
  const mean = op.mean;
  if (mean === undefined) return false;
  if (variance === undefined) return true;
  const n = op.x.rows;
  for (let j = 0; j < mean.length; j++) {
    if (variance[j] > 0 && n * mean[j] * mean[j] > 64 * variance[j]) return true;
  }
  return false;
}

/**
 * An estimate of {@link gramMatrix}'s time, in multiply-adds of the packed syrk (the unit of
 * the other solvers' cost estimates): n·d²/2 for dense work, SPEED_RATIO·Σᵢ nnzᵢ²/2 from the
 * non-zero pattern when the scatter is cheaper.
 *
 * @internal
 */
export function gramWork(
  op: AffineData,
  variance: Float64Array | undefined,
  pattern: SparsePattern | undefined,
): number {
  const { rows: n, columns: d } = op.x;
  const dense = (n * d * (d + 1)) / 2;
  if (pattern === undefined || centresExactly(op, variance)) return dense;
  let sparse = 0;
  for (let i = 0; i < n; i++) {
    const k = pattern.offsets[i + 1] - pattern.offsets[i];
    sparse += k * (k + 1);
  }
  return Math.min(dense, (SPEED_RATIO * sparse) / 2);
}

/** Upper triangle of g += (X − 1μᵀ)ᵀ(X − 1μᵀ), each block of rows centred exactly first. */
function accumulateCentred(x: DenseMatrix, mean: Float64Array, g: Float64Array): void {
  const { data, rows: n, columns: d } = x;
  const buf = new Float64Array(Math.min(ROW_BLOCK, n) * d);
  for (let i0 = 0; i0 < n; i0 += ROW_BLOCK) {
    const nb = Math.min(ROW_BLOCK, n - i0);
    for (let r = 0; r < nb; r++) {
      const ro = (i0 + r) * d;
      const bo = r * d;
      for (let j = 0; j < d; j++) buf[bo + j] = data[ro + j] - mean[j];
    }
    syrkUpper(nb, d, 1, buf, 0, d, 1, g, 0, d);
  }
}

/** Scratch of {@link accumulateUncentred}: one block of rows in CSR form, and its columns. */
interface BlockScratch {
  readonly start: Int32Array;
  readonly index: Int32Array;
  readonly value: Float64Array;
  readonly seen: Uint8Array;
  readonly active: Int32Array;
}

/** Upper triangle of g += XᵀX, each block of rows by the cheaper of syrk and sparse scatter. */
function accumulateUncentred(x: DenseMatrix, g: Float64Array): void {
  const { data, rows: n, columns: d } = x;
  const cap = Math.min(ROW_BLOCK, n);
  const s: BlockScratch = {
    start: new Int32Array(cap + 1),
    index: new Int32Array(cap * d),
    value: new Float64Array(cap * d),
    seen: new Uint8Array(d),
    active: new Int32Array(d),
  };
  let packed: Float64Array | null = null;
  let small: Float64Array | null = null;
  for (let i0 = 0; i0 < n; i0 += ROW_BLOCK) {
    const nb = Math.min(ROW_BLOCK, n - i0);
    // Gather the block's non-zeros (CSR) and the columns it touches.
    s.seen.fill(0);
    let nnz = 0;
    let sparseWork = 0;
    for (let r = 0; r < nb; r++) {
      const ro = (i0 + r) * d;
      const first = nnz;
      for (let j = 0; j < d; j++) {
        const v = data[ro + j];
        if (v !== 0) {
          s.index[nnz] = j;
          s.value[nnz++] = v;
          s.seen[j] = 1;
        }
      }
      s.start[r] = first;
      sparseWork += (nnz - first) * (nnz - first + 1);
    }
    s.start[nb] = nnz;
    let a = 0;
    for (let j = 0; j < d; j++) if (s.seen[j] === 1) s.active[a++] = j;
    if (a === 0) continue;
    if (nb * a * (a + 1) >= SPEED_RATIO * sparseWork) {
      scatterBlock(s, nb, d, g);
    } else if (a === d) {
      syrkUpper(nb, d, 1, data, i0 * d, d, 1, g, 0, d);
    } else {
      // Compact the block onto its active columns, syrk, then add the a×a result into G.
      if (packed === null || packed.length < cap * a) packed = new Float64Array(cap * d);
      if (small === null) small = new Float64Array(d * d);
      for (let r = 0; r < nb; r++) {
        const ro = (i0 + r) * d;
        for (let t = 0; t < a; t++) packed[r * a + t] = data[ro + s.active[t]];
      }
      syrkUpper(nb, a, 1, packed, 0, a, 0, small, 0, a);
      for (let p = 0; p < a; p++) {
        const go = s.active[p] * d;
        for (let q = p; q < a; q++) g[go + s.active[q]] += small[p * a + q];
      }
    }
  }
}

// Hot kernel, kept in one function over the 60-line limit: the eight- and four-row unrolling is
// most of it.
/**
 * Upper triangle of g += Σ over the block's rows of vvᵀ, from their non-zeros. Eight (then four)
 * rows of G at a time, so that each (column, value) pair loaded feeds eight updates: measured
 * 2× faster than one row at a time on the MNIST digits with four rows, and 1.25× more with
 * eight. (Blocking G into L2-sized panels of rows was measured too and gained nothing: the
 * scatter is bound by instructions, not by cache misses.) Every entry of G receives its
 * updates in row order whatever the unrolling, so the result does not depend on it.
 */
function scatterBlock(s: BlockScratch, nb: number, d: number, g: Float64Array): void {
  const { start, index, value } = s;
  for (let r = 0; r < nb; r++) {
    const end = start[r + 1];
    let k = start[r];
    for (; k + 7 < end; k += 8) {
      const a0 = value[k];
      const a1 = value[k + 1];
      const a2 = value[k + 2];
      const a3 = value[k + 3];
      const a4 = value[k + 4];
      const a5 = value[k + 5];
      const a6 = value[k + 6];
      const a7 = value[k + 7];
      const o0 = index[k] * d;
      const o1 = index[k + 1] * d;
      const o2 = index[k + 2] * d;
      const o3 = index[k + 3] * d;
      const o4 = index[k + 4] * d;
      const o5 = index[k + 5] * d;
      const o6 = index[k + 6] * d;
      const o7 = index[k + 7] * d;
      for (let u = k; u < k + 8; u++) {
        const c = index[u];
        const v = value[u];
        if (u >= k) g[o0 + c] += a0 * v;
        if (u >= k + 1) g[o1 + c] += a1 * v;
        if (u >= k + 2) g[o2 + c] += a2 * v;
        if (u >= k + 3) g[o3 + c] += a3 * v;
        if (u >= k + 4) g[o4 + c] += a4 * v;
        if (u >= k + 5) g[o5 + c] += a5 * v;
        if (u >= k + 6) g[o6 + c] += a6 * v;
        if (u >= k + 7) g[o7 + c] += a7 * v;
      }
      for (let t = k + 8; t < end; t++) {
        const c = index[t];
        const v = value[t];
        g[o0 + c] += a0 * v;
        g[o1 + c] += a1 * v;
        g[o2 + c] += a2 * v;
        g[o3 + c] += a3 * v;
        g[o4 + c] += a4 * v;
        g[o5 + c] += a5 * v;
        g[o6 + c] += a6 * v;
        g[o7 + c] += a7 * v;
      }
    }
    for (; k + 3 < end; k += 4) {
      const a0 = value[k];
      const a1 = value[k + 1];
      const a2 = value[k + 2];
      const a3 = value[k + 3];
      const c0 = index[k];
      const c1 = index[k + 1];
      const c2 = index[k + 2];
      const c3 = index[k + 3];
      const o0 = c0 * d;
      const o1 = c1 * d;
      const o2 = c2 * d;
      const o3 = c3 * d;
      g[o0 + c0] += a0 * a0;
      g[o0 + c1] += a0 * a1;
      g[o0 + c2] += a0 * a2;
      g[o0 + c3] += a0 * a3;
      g[o1 + c1] += a1 * a1;
      g[o1 + c2] += a1 * a2;
      g[o1 + c3] += a1 * a3;
      g[o2 + c2] += a2 * a2;
      g[o2 + c3] += a2 * a3;
      g[o3 + c3] += a3 * a3;
      for (let t = k + 4; t < end; t++) {
        const c = index[t];
        const v = value[t];
        g[o0 + c] += a0 * v;
        g[o1 + c] += a1 * v;
        g[o2 + c] += a2 * v;
        g[o3 + c] += a3 * v;
      }
    }
    for (; k < end; k++) {
      const a = value[k];
      const go = index[k] * d;
      for (let t = k; t < end; t++) g[go + index[t]] += a * value[t];
    }
  }
}

/**
 * Dense matrix products on flat row-major Float64Arrays, BLAS-style (offsets and leading
 * dimensions, i.e. row strides), written by hand because no maintained npm package gives a
 * float64 gemm that runs near the machine's speed: the operands are packed into contiguous
 * four-wide slivers (Goto's scheme) so that a 4×4 register tile reads them in order. Measured
 * on the project machine: ~3 GFLOP/s, against ~0.3 for the row-by-row rank-one updates it
 * replaces. Once `ready()` (./wasm/backend.ts) has compiled it, a WebAssembly SIMD twin of the
 * macro-kernel runs the tiles instead, on slivers packed straight into its memory, 3.1-3.2x
 * faster (docs/performance-pca.md); it adds every product in the same order, so both paths give
 * the same bits.
 *
 * @internal
 */

import { activeWasmKernel, type WasmKernel } from './wasm/backend.js';
import { KC, MC, NC } from './wasm/block-sizes.js';

/** The pure path's packing buffers, reused: the kernels run on one thread. */
const packA = new Float64Array(MC * KC);
const packB = new Float64Array(NC * KC);
const tile = new Float64Array(16);

/**
 * C[m×n] ← alpha·op(A)·op(B) + beta·C, every matrix row-major with a row stride. op(X) = Xᵀ
 * when `transX`, and then X is stored transposed (A as k×m, B as n×k).
 *
 * @example
 * ```ts
 * // C (2×2) = Aᵀ·B with A, B stored 3×2
 * gemm(true, false, 2, 2, 3, 1, a, 0, 2, b, 0, 2, 0, c, 0, 2);
 * ```
 * @internal
 */
export function gemm(
  transA: boolean,
  transB: boolean,
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: Float64Array,
  aOffset: number,
  lda: number,
  b: Float64Array,
  bOffset: number,
  ldb: number,
  beta: number,
  c: Float64Array,
  cOffset: number,
  ldc: number,
): void {
  scaleRows(c, cOffset, ldc, m, n, beta);
  if (alpha === 0 || k === 0) return;
  const wasm = activeWasmKernel();
  const bufA = wasm ? wasm.packA : packA;
  const bufB = wasm ? wasm.packB : packB;
  for (let j0 = 0; j0 < n; j0 += NC) {
    const nb = Math.min(NC, n - j0);
    for (let p0 = 0; p0 < k; p0 += KC) {
      const kb = Math.min(KC, k - p0);
      packSlivers(bufB, b, bOffset, ldb, !transB, p0, kb, j0, nb);
      for (let i0 = 0; i0 < m; i0 += MC) {
        const mb = Math.min(MC, m - i0);
        packSlivers(bufA, a, aOffset, lda, transA, p0, kb, i0, mb);
        const cOff = cOffset + i0 * ldc + j0;
        if (wasm) wasmMacroKernel(wasm, mb, nb, kb, alpha, c, cOff, ldc, false, 0);
        else macroKernel(mb, nb, kb, alpha, c, cOff, ldc, false, 0);
      }
    }
  }
}

/**
 * The upper triangle of C[d×d] ← alpha·AᵀA + beta·C for A stored n×d (row stride `lda`):
 * the Gram matrix of A's rows, at gemm speed and half its work. The strict lower triangle of C
 * is neither read nor written.
 *
 * @example
 * ```ts
 * syrkUpper(n, d, 1, x, 0, d, 0, g, 0, d); // g's upper triangle = XᵀX
 * ```
 * @internal
 */
export function syrkUpper(
  n: number,
  d: number,
  alpha: number,
  a: Float64Array,
  aOffset: number,
  lda: number,
  beta: number,
  c: Float64Array,
  cOffset: number,
  ldc: number,
): void {
  if (beta !== 1) {
    for (let i = 0; i < d; i++) {
      const o = cOffset + i * ldc;
      for (let j = i; j < d; j++) c[o + j] = beta === 0 ? 0 : beta * c[o + j];
    }
  }
  if (alpha === 0 || n === 0) return;
  const wasm = activeWasmKernel();
  const bufA = wasm ? wasm.packA : packA;
  const bufB = wasm ? wasm.packB : packB;
  for (let j0 = 0; j0 < d; j0 += NC) {
    const nb = Math.min(NC, d - j0);
    for (let p0 = 0; p0 < n; p0 += KC) {
      const kb = Math.min(KC, n - p0);
      packSlivers(bufB, a, aOffset, lda, true, p0, kb, j0, nb);
      // Row blocks that reach the upper triangle of this column block only.
      for (let i0 = 0; i0 < Math.min(d, j0 + nb); i0 += MC) {
        const mb = Math.min(MC, d - i0);
        packSlivers(bufA, a, aOffset, lda, true, p0, kb, i0, mb);
        const cOff = cOffset + i0 * ldc + j0;
        if (wasm) wasmMacroKernel(wasm, mb, nb, kb, alpha, c, cOff, ldc, true, j0 - i0);
        else macroKernel(mb, nb, kb, alpha, c, cOff, ldc, true, j0 - i0);
      }
    }
  }
}

function scaleRows(
  c: Float64Array,
  offset: number,
  ldc: number,
  m: number,
  n: number,
  beta: number,
): void {
  if (beta === 1) return;
  for (let i = 0; i < m; i++) {
    const o = offset + i * ldc;
    if (beta === 0) c.fill(0, o, o + n);
    else for (let j = 0; j < n; j++) c[o + j] *= beta;
  }
}

/**
 * Packs `count` rows (or columns) of a k-deep panel into four-wide slivers: sliver s holds, for
 * each depth p, the four entries of rows 4s..4s+3, zero-padded past `count`. `kMajor` says the
 * source is stored depth-major (entry (p, r) at p·ld + r), else row-major (r·ld + p). `out`
 * holds MC·KC (for A) or NC·KC (for B) doubles, enough for any block.
 */
function packSlivers(
  out: Float64Array,
  src: Float64Array,
  offset: number,
  ld: number,
  kMajor: boolean,
  p0: number,
  kb: number,
  r0: number,
  count: number,
): void {
  const slivers = (count + 3) >> 2;
  for (let s = 0; s < slivers; s++) {
    const base = s * 4 * kb;
    const r = r0 + s * 4;
    const w = Math.min(4, r0 + count - r);
    if (kMajor && w === 4) {
      // Full slivers, the common case, skip the edge test (5-15 % of a SIMD product here).
      for (let p = 0, so = offset + p0 * ld + r, o = base; p < kb; p++, so += ld, o += 4) {
        out[o] = src[so];
        out[o + 1] = src[so + 1];
        out[o + 2] = src[so + 2];
        out[o + 3] = src[so + 3];
      }
    } else if (kMajor) {
      for (let p = 0; p < kb; p++) {
        const so = offset + (p0 + p) * ld + r;
        const o = base + p * 4;
        for (let q = 0; q < 4; q++) out[o + q] = q < w ? src[so + q] : 0;
      }
    } else {
      for (let q = 0; q < 4; q++) {
        const so = offset + (r + q) * ld + p0;
        if (q < w) for (let p = 0; p < kb; p++) out[base + p * 4 + q] = src[so + p];
        else for (let p = 0; p < kb; p++) out[base + p * 4 + q] = 0;
      }
    }
  }
}

/**
 * macroKernel on the SIMD path: the wasm kernel writes alpha·(the block's products) into its
 * result block, and the host adds them into C, on and above the diagonal only when `upper`, the
 * same additions macroKernel makes.
 */
function wasmMacroKernel(
  wasm: WasmKernel,
  mb: number,
  nb: number,
  kb: number,
  alpha: number,
  c: Float64Array,
  cOff: number,
  ldc: number,
  upper: boolean,
  shift: number,
): void {
  const ldr = (nb + 3) & ~3;
  wasm.run(ldr, mb, nb, kb, alpha, upper, shift);
  const r = wasm.result;
  for (let i = 0; i < mb; i++) {
    const o = cOff + i * ldc;
    const ro = i * ldr;
    // Row i of the block is global row i0 + i; its diagonal entry is at block column i − shift.
    for (let j = upper ? Math.max(0, i - shift) : 0; j < nb; j++) c[o + j] += r[ro + j];
  }
}

// Hot kernel, kept in one function over the 60-line limit: the 16 accumulators of the 4×4 tile
// must stay locals for V8 to keep them in registers.
/**
 * C block (mb×nb at cOff) += alpha·Apacked·Bpacked. With `upper`, only entries on or above the
 * global diagonal are written: row i of the block is global row i, column j is global column
 * j + shift (shift = j0 − i0).
 */
function macroKernel(
  mb: number,
  nb: number,
  kb: number,
  alpha: number,
  c: Float64Array,
  cOff: number,
  ldc: number,
  upper: boolean,
  shift: number,
): void {
  const A = packA;
  const B = packB;
  for (let jr = 0; jr < nb; jr += 4) {
    const bBase = (jr >> 2) * 4 * kb;
    for (let ir = 0; ir < mb; ir += 4) {
      if (upper && ir > jr + shift + 3) break;
      const aBase = (ir >> 2) * 4 * kb;
      let c00 = 0;
      let c01 = 0;
      let c02 = 0;
      let c03 = 0;
      let c10 = 0;
      let c11 = 0;
      let c12 = 0;
      let c13 = 0;
      let c20 = 0;
      let c21 = 0;
      let c22 = 0;
      let c23 = 0;
      let c30 = 0;
      let c31 = 0;
      let c32 = 0;
      let c33 = 0;
      for (let p = 0; p < kb; p++) {
        const ao = aBase + p * 4;
        const bo = bBase + p * 4;
        const a0 = A[ao];
        const a1 = A[ao + 1];
        const a2 = A[ao + 2];
        const a3 = A[ao + 3];
        const b0 = B[bo];
        const b1 = B[bo + 1];
        const b2 = B[bo + 2];
        const b3 = B[bo + 3];
        c00 += a0 * b0;
        c01 += a0 * b1;
        c02 += a0 * b2;
        c03 += a0 * b3;
        c10 += a1 * b0;
        c11 += a1 * b1;
        c12 += a1 * b2;
        c13 += a1 * b3;
        c20 += a2 * b0;
        c21 += a2 * b1;
        c22 += a2 * b2;
        c23 += a2 * b3;
        c30 += a3 * b0;
        c31 += a3 * b1;
        c32 += a3 * b2;
        c33 += a3 * b3;
      }
      const h = Math.min(4, mb - ir);
      const w = Math.min(4, nb - jr);
      const o = cOff + ir * ldc + jr;
      if (h === 4 && w === 4 && (!upper || ir + 3 <= jr + shift)) {
        c[o] += alpha * c00;
        c[o + 1] += alpha * c01;
        c[o + 2] += alpha * c02;
        c[o + 3] += alpha * c03;
        const o1 = o + ldc;
        c[o1] += alpha * c10;
        c[o1 + 1] += alpha * c11;
        c[o1 + 2] += alpha * c12;
        c[o1 + 3] += alpha * c13;
        const o2 = o1 + ldc;
        c[o2] += alpha * c20;
        c[o2 + 1] += alpha * c21;
        c[o2 + 2] += alpha * c22;
        c[o2 + 3] += alpha * c23;
        const o3 = o2 + ldc;
        c[o3] += alpha * c30;
        c[o3 + 1] += alpha * c31;
        c[o3 + 2] += alpha * c32;
        c[o3 + 3] += alpha * c33;
      } else {
        tile[0] = c00;
        tile[1] = c01;
        tile[2] = c02;
        tile[3] = c03;
        tile[4] = c10;
        tile[5] = c11;
        tile[6] = c12;
        tile[7] = c13;
        tile[8] = c20;
        tile[9] = c21;
        tile[10] = c22;
        tile[11] = c23;
        tile[12] = c30;
        tile[13] = c31;
        tile[14] = c32;
        tile[15] = c33;
        for (let r = 0; r < h; r++) {
          for (let q = 0; q < w; q++) {
            if (upper && ir + r > jr + q + shift) continue;
            c[o + r * ldc + q] += alpha * tile[r * 4 + q];
          }
        }
      }
    }
  }
}

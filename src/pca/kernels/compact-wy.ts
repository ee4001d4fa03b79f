import { gemm } from './gemm.js';

/**
 * Compact WY form of a block of Householder reflectors (LAPACK's dlarft and dlarfb, forward,
 * column-wise), so that a block of `b` reflectors reaches the rest of the matrix through two
 * gemms instead of `b` rank-one passes: H_k0 H_k0+1 … H_k0+b−1 = I − V·T·Vᵀ.
 *
 * Storage is that of {@link householderQr}: column-major N-row matrices, reflector k's vector
 * below the diagonal of column k (v_k[k] = 1 implicit).
 *
 * @internal
 */
export interface ReflectorBlock {
  /** First reflector (and first row it touches). */
  readonly k0: number;
  /** Number of reflectors. */
  readonly b: number;
  /** Rows touched: N − k0. */
  readonly length: number;
  /** Row-major b×length: row t is v_{k0+t} on rows k0..N−1, zeros and the unit made explicit. */
  readonly vt: Float64Array;
  /** Row-major b×b upper triangular T. */
  readonly t: Float64Array;
}

/**
 * Gathers reflectors k0..k0+b−1 of the factored column-major `c` (N rows) and their T.
 *
 * @example
 * ```ts
 * const block = reflectorBlock(c, tau, N, 0, 32);
 * ```
 * @internal
 */
export function reflectorBlock(
  c: Float64Array,
  tau: Float64Array,
  N: number,
  k0: number,
  b: number,
): ReflectorBlock {
  const length = N - k0;
  const vt = new Float64Array(b * length);
  for (let r = 0; r < b; r++) {
    const o = r * length;
    vt[o + r] = 1;
    const src = (k0 + r) * N + k0;
    for (let i = r + 1; i < length; i++) vt[o + i] = c[src + i];
  }
  // S = VᵀV (b×b), then column i of T is −τ_i·T[0:i, 0:i]·S[0:i, i] (dlarft).
  const s = new Float64Array(b * b);
  gemm(false, true, b, b, length, 1, vt, 0, length, vt, 0, length, 0, s, 0, b);
  const t = new Float64Array(b * b);
  const col = new Float64Array(b);
  for (let i = 0; i < b; i++) {
    const ti = tau[k0 + i];
    t[i * b + i] = ti;
    if (ti === 0) continue;
    for (let j = 0; j < i; j++) {
      let acc = 0;
      for (let l = j; l < i; l++) acc += t[j * b + l] * s[l * b + i];
      col[j] = -ti * acc;
    }
    for (let j = 0; j < i; j++) t[j * b + i] = col[j];
  }
  return { k0, b, length, vt, t };
}

/**
 * Applies the block to `count` columns of the column-major N-row matrix `x` starting at column
 * `j0`: x ← (I − V·T·Vᵀ)·x, or with `transpose` x ← (I − V·Tᵀ·Vᵀ)·x. Rows below k0 are left
 * alone (the reflectors do not touch them).
 *
 * @example
 * ```ts
 * applyReflectorBlock(block, c, N, 32, m - 32, true); // trailing update of a QR
 * ```
 * @internal
 */
export function applyReflectorBlock(
  block: ReflectorBlock,
  x: Float64Array,
  N: number,
  j0: number,
  count: number,
  transpose: boolean,
): void {
  if (count <= 0) return;
  const { k0, b, length, vt, t } = block;
  // In row-major terms x's columns are rows (stride N): Xᵀ ← Xᵀ − (Xᵀ·V)·op(T)ᵀ·Vᵀ.
  const off = j0 * N + k0;
  const y = new Float64Array(count * b);
  gemm(false, true, count, b, length, 1, x, off, N, vt, 0, length, 0, y, 0, b);
  // Z = Y·T (transpose) or Y·Tᵀ, T upper triangular: small, by hand.
  const z = new Float64Array(count * b);
  for (let r = 0; r < count; r++) {
    const o = r * b;
    for (let j = 0; j < b; j++) {
      let acc = 0;
      if (transpose) for (let l = 0; l <= j; l++) acc += y[o + l] * t[l * b + j];
      else for (let l = j; l < b; l++) acc += y[o + l] * t[j * b + l];
      z[o + j] = acc;
    }
  }
  gemm(false, false, count, length, b, -1, z, 0, b, vt, 0, length, 1, x, off, N);
}

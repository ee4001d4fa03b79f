import { norm2 } from '../blas.js';
import { preferredKernelBackend } from '../wasm/backend.js';
import { borrowSymmetricWorkspace } from '../wasm/symmetric-backend.js';
import { symmetricTimes4 } from './symmetric-times.js';
import { reducePanel, updateTrailing } from './tridiagonal-panel.js';

/**
 * Reflectors per panel of the blocked reduction: 16 measured 1.1-1.2x faster than 32 at n = 784
 * (the panel's own corrections grow with its width, and gemm is already fast at depth 32).
 */
const PANEL = 16;
/** Below this trailing order the unblocked fused sweep finishes the reduction. */
const CROSSOVER = 96;

/** LAPACK's safmin/eps: below it 1/x may overflow once multiplied by rounding-sized factors. */
const SAFE_MIN = 2 ** -1022 / 2 ** -52;

/** A = Q·T·Qᵀ with T tridiagonal and Q kept as Householder reflectors. @internal */
export interface Tridiagonal {
  /** Diagonal of T (length n). */
  readonly d: Float64Array;
  /** Off-diagonal of T: e[i] = T[i][i+1] (length max(0, n − 1)). */
  readonly e: Float64Array;
  /** Scalar factors of the reflectors H_i = I − tau[i]·v_i·v_iᵀ (length max(0, n − 1)). */
  readonly tau: Float64Array;
}

/**
 * Householder tridiagonalisation of a symmetric matrix, LAPACK dsytrd's lower variant written
 * for row-major storage: the matrix's upper triangle in row-major order is the lower triangle in
 * column-major order, so every reflector and every inner loop runs along a contiguous row.
 * Q = H_0·H_1·…·H_{n−2}; v_i is 0 before index i+1, 1 at i+1, and `a[i·n + c]` for c > i+1.
 * Blocked as dsytrd: panels of PANEL rows are reduced by matrix-vector products alone
 * (./tridiagonal-panel.ts), the trailing block taking each panel's rank-2·PANEL update as gemm
 * calls, which carry half of the 4/3·n³ flops at gemm speed (measured 1.15-1.4x faster than the
 * unblocked sweep at n = 500-784 with the WebAssembly gemm, docs/performance-pca.md); the last
 * CROSSOVER rows run the unblocked fused sweep. `a`'s upper triangle is overwritten (its strict
 * lower triangle is never read, and some of it is written).
 *
 * With the WebAssembly backend the blocked reduction runs on a copy of `a` in the SIMD product's
 * memory (../wasm/symmetric-backend.ts), where the panels' products y = A₂₂·v run as f64x2
 * code, and is copied back after: two n² copies, about 1 % of the reduction at n = 784. The
 * bits are the same as on ordinary arrays with the pure product.
 *
 * @param a - n×n row-major; the upper triangle holds the matrix on entry, the reflectors on exit.
 * @internal
 */
export function tridiagonalize(a: Float64Array, n: number): Tridiagonal {
  const space =
    n > CROSSOVER && preferredKernelBackend() === 'wasm' ? borrowSymmetricWorkspace(n) : undefined;
  if (space === undefined) return reduce(a, n, new Float64Array(n));
  try {
    space.matrix.set(a.subarray(0, n * n));
    const t = reduce(space.matrix, n, space.y);
    a.set(space.matrix);
    return t;
  } finally {
    space.release();
  }
}

/** The reduction of {@link tridiagonalize}, with `y` (n-long) as the panels' product scratch. */
function reduce(a: Float64Array, n: number, y: Float64Array): Tridiagonal {
  const d = new Float64Array(n);
  const e = new Float64Array(Math.max(0, n - 1));
  const tau = new Float64Array(Math.max(0, n - 1));
  const out = { d, e, tau };
  let k = 0;
  if (n - k > CROSSOVER) {
    const vw = new Float64Array(3 * PANEL * n);
    for (; n - k > CROSSOVER; k += PANEL) {
      reducePanel(a, n, k, PANEL, vw, out, reflector, y);
      updateTrailing(a, n, k + PANEL, PANEL, vw);
    }
  }
  sweep(a, n, k, out);
  if (n > 0) d[n - 1] = a[n * n - 1];
  return out;
}

/** The unblocked fused sweep (dsytd2) over steps start .. n−2. */
function sweep(a: Float64Array, n: number, start: number, out: Tridiagonal): void {
  const { d, e, tau } = out;
  let w = new Float64Array(n);
  let y = new Float64Array(n);
  // Step i's product A₂₂·v_i is formed while step i−1's rank-2 update sweeps the same rows
  // (one pass over the trailing triangle per step instead of two): y holds it on entry.
  let pending = false; // whether w holds an update of the trailing block not yet applied
  for (let i = start; i < n - 1; i++) {
    const row = i * n;
    const s = i + 1;
    if (pending) updateRow(a, n, i, a, row - n, w);
    d[i] = a[row + i];
    const t = reflector(a, row + s, n - s);
    tau[i] = t.tau;
    e[i] = t.beta;
    if (t.tau === 0) {
      if (pending) for (let r = s; r < n; r++) updateRow(a, n, r, a, row - n, w);
      pending = false;
      continue;
    }
    a[row + s] = 1; // v_i's leading one, written out for the kernels (beta is kept in e)
    if (pending) updateAndMultiply(a, n, s, a, row - n, w, a, row, y);
    else symmetricTimes4(a, n, s, a, row, y);
    let vw = 0;
    for (let c = s; c < n; c++) {
      y[c] *= t.tau;
      vw += y[c] * a[row + c];
    }
    const alpha = -0.5 * t.tau * vw;
    for (let c = s; c < n; c++) y[c] += alpha * a[row + c];
    const swap = w;
    w = y;
    y = swap;
    pending = true;
    if (i === n - 2) updateRow(a, n, n - 1, a, row, w);
  }
}

/**
 * dlarfg: the reflector H = I − tau·v·vᵀ with H·x = beta·e₀ for x = a[o .. o+len), v₀ = 1; writes
 * v₁.. over x₁.. and returns tau and beta (tau = 0 when x₁.. is already zero).
 */
function reflector(a: Float64Array, o: number, len: number): { tau: number; beta: number } {
  let alpha = a[o];
  const xnorm = len > 1 ? norm2(a, o + 1, len - 1) : 0;
  if (xnorm === 0) return { tau: 0, beta: alpha };
  let beta = -Math.sign(alpha || 1) * Math.hypot(alpha, xnorm);
  // As dlarfg: a beta near underflow is computed on x scaled up, so 1/(alpha − beta) is finite.
  let rescaled = 0;
  while (Math.abs(beta) < SAFE_MIN && rescaled < 20) {
    rescaled++;
    for (let c = o + 1; c < o + len; c++) a[c] *= 1 / SAFE_MIN;
    alpha /= SAFE_MIN;
    beta /= SAFE_MIN;
  }
  const tau = (beta - alpha) / beta;
  const scale = 1 / (alpha - beta);
  for (let c = o + 1; c < o + len; c++) a[c] *= scale;
  for (let r = 0; r < rescaled; r++) beta *= SAFE_MIN;
  return { tau, beta };
}

/** Row r of the upper triangle ← row r − u_r·wᵀ − w_r·uᵀ (the previous step's rank-2 update). */
function updateRow(
  a: Float64Array,
  n: number,
  r: number,
  u: Float64Array,
  uo: number,
  w: Float64Array,
): void {
  const ro = r * n;
  const ur = u[uo + r];
  const wr = w[r];
  for (let c = r; c < n; c++) a[ro + c] -= ur * w[c] + wr * u[uo + c];
}

/**
 * The fused sweep: rows s.. of the upper triangle take the previous step's rank-2 update
 * (u, w) and, as each entry is written, feed y = A₂₂·v for this step's v. Rows go four at a
 * time so that the vector entries u_c, w_c, v_c, y_c are loaded once for four matrix rows
 * (hot kernel, over the 60-line limit: the unrolling is the point).
 */
function updateAndMultiply(
  a: Float64Array,
  n: number,
  s: number,
  u: Float64Array,
  uo: number,
  w: Float64Array,
  v: Float64Array,
  vo: number,
  y: Float64Array,
): void {
  y.fill(0, s, n);
  let r = s;
  for (; r + 3 < n; r += 4) {
    const p0 = r * n;
    const p1 = p0 + n;
    const p2 = p1 + n;
    const p3 = p2 + n;
    const u0 = u[uo + r];
    const u1 = u[uo + r + 1];
    const u2 = u[uo + r + 2];
    const u3 = u[uo + r + 3];
    const w0 = w[r];
    const w1 = w[r + 1];
    const w2 = w[r + 2];
    const w3 = w[r + 3];
    const v0 = v[vo + r];
    const v1 = v[vo + r + 1];
    const v2 = v[vo + r + 2];
    const v3 = v[vo + r + 3];
    // The 4×4 corner of the triangle, entry by entry.
    for (let i = 0; i < 4; i++) updateRowSpan(a, n, r + i, r + i, r + 4, u, uo, w, v, vo, y);
    let acc0 = 0;
    let acc1 = 0;
    let acc2 = 0;
    let acc3 = 0;
    for (let c = r + 4; c < n; c++) {
      const wc = w[c];
      const uc = u[uo + c];
      const vc = v[vo + c];
      const x0 = a[p0 + c] - (u0 * wc + w0 * uc);
      const x1 = a[p1 + c] - (u1 * wc + w1 * uc);
      const x2 = a[p2 + c] - (u2 * wc + w2 * uc);
      const x3 = a[p3 + c] - (u3 * wc + w3 * uc);
      a[p0 + c] = x0;
      a[p1 + c] = x1;
      a[p2 + c] = x2;
      a[p3 + c] = x3;
      acc0 += x0 * vc;
      acc1 += x1 * vc;
      acc2 += x2 * vc;
      acc3 += x3 * vc;
      y[c] += x0 * v0 + x1 * v1 + x2 * v2 + x3 * v3;
    }
    y[r] += acc0;
    y[r + 1] += acc1;
    y[r + 2] += acc2;
    y[r + 3] += acc3;
  }
  for (; r < n; r++) updateRowSpan(a, n, r, r, n, u, uo, w, v, vo, y);
}

/** Row r, columns from..to−1 of the fused sweep, one entry at a time (corners and tails). */
function updateRowSpan(
  a: Float64Array,
  n: number,
  r: number,
  from: number,
  to: number,
  u: Float64Array,
  uo: number,
  w: Float64Array,
  v: Float64Array,
  vo: number,
  y: Float64Array,
): void {
  const ro = r * n;
  const ur = u[uo + r];
  const wr = w[r];
  const vr = v[vo + r];
  let acc = 0;
  for (let c = from; c < to; c++) {
    const x = a[ro + c] - (ur * w[c] + wr * u[uo + c]);
    a[ro + c] = x;
    if (c === r) {
      acc += x * vr;
    } else {
      acc += x * v[vo + c];
      y[c] += x * vr;
    }
  }
  y[r] += acc;
}

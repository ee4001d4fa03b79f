import { hypot, norm2 } from './blas.js';
import { applyReflectorBlock, reflectorBlock } from './compact-wy.js';

const TINY = 2 ** -900;

/**
 * Reflectors per block: the panel is factored a reflector at a time, the rest of the matrix is
 * updated through the block's compact WY form by gemm. 32 is LAPACK's dgeqrf default and
 * measured best here (wider panels cost more in the unblocked panel than the gemms gain).
 */
const NB = 32;

/**
 * Householder QR of an N×m column-major matrix (N ≥ m), in place, as LAPACK's dgeqrf: on return
 * the upper triangle holds R and the part below the diagonal holds the reflector vectors
 * (v_k[k] = 1 implicit); `tau[k]` are the reflector scalars, H_k = I − tau_k v_k v_kᵀ and
 * Q = H_0 H_1 … H_{m−1}. Blocked: panels of {@link NB} columns are factored unblocked, and
 * each panel's reflectors reach the trailing columns in compact WY form (two gemms).
 *
 * @param c - column-major storage, entry (i, j) at `c[j * N + i]`; overwritten.
 * @returns the reflector scalars.
 * @internal
 */
export function householderQr(c: Float64Array, N: number, m: number): Float64Array {
  const tau = new Float64Array(m);
  for (let j0 = 0; j0 < m; j0 += NB) {
    const jb = Math.min(NB, m - j0);
    factorPanel(c, N, tau, j0, j0 + jb);
    if (j0 + jb < m) {
      const block = reflectorBlock(c, tau, N, j0, jb);
      applyReflectorBlock(block, c, N, j0 + jb, m - j0 - jb, true);
    }
  }
  return tau;
}

/** Unblocked QR (dgeqr2) of columns [k0, k1), each reflector applied within the panel only. */
function factorPanel(c: Float64Array, N: number, tau: Float64Array, k0: number, k1: number): void {
  for (let k = k0; k < k1; k++) {
    const ko = k * N;
    const alpha = c[ko + k];
    const xnorm = norm2(c, ko + k + 1, N - k - 1);
    const mag = hypot(alpha, xnorm);
    if (xnorm === 0 || mag < TINY) {
      // Nothing to eliminate, or only entries so small that a reflector would overflow: callers
      // scale A to a largest entry near 1, so dropping them changes A by less than 2^-900.
      for (let i = ko + k + 1; i < ko + N; i++) c[i] = 0;
      tau[k] = 0;
      continue;
    }
    const beta = alpha >= 0 ? -mag : mag;
    tau[k] = (beta - alpha) / beta;
    const scale = 1 / (alpha - beta);
    for (let i = ko + k + 1; i < ko + N; i++) c[i] *= scale;
    c[ko + k] = beta;
    applyReflector(c, k * N, c, N, k, tau[k], k + 1, k1);
  }
}

// Hot kernel, kept in one function over the 60-line limit: the four-column block is unrolled
// by hand so that each load of v serves four columns.
/**
 * Applies H = I − t·v·vᵀ, where v = (1, h[vo+k+1 .. vo+N)) acts on rows k..N−1, to columns
 * [j0, j1) of the column-major N-row matrix `c`, four columns at a time (fewer loads of v).
 */
function applyReflector(
  h: Float64Array,
  vo: number,
  c: Float64Array,
  N: number,
  k: number,
  t: number,
  j0: number,
  j1: number,
): void {
  if (t === 0) return;
  let j = j0;
  for (; j + 3 < j1; j += 4) {
    const ao = j * N;
    const bo = ao + N;
    const co = bo + N;
    const eo = co + N;
    let sa = c[ao + k];
    let sb = c[bo + k];
    let sc = c[co + k];
    let se = c[eo + k];
    for (let i = k + 1; i < N; i++) {
      const v = h[vo + i];
      sa += v * c[ao + i];
      sb += v * c[bo + i];
      sc += v * c[co + i];
      se += v * c[eo + i];
    }
    sa *= t;
    sb *= t;
    sc *= t;
    se *= t;
    c[ao + k] -= sa;
    c[bo + k] -= sb;
    c[co + k] -= sc;
    c[eo + k] -= se;
    for (let i = k + 1; i < N; i++) {
      const v = h[vo + i];
      c[ao + i] -= sa * v;
      c[bo + i] -= sb * v;
      c[co + i] -= sc * v;
      c[eo + i] -= se * v;
    }
  }
  for (; j + 1 < j1; j += 2) {
    const ao = j * N;
    const bo = ao + N;
    let sa0 = c[ao + k];
    let sb0 = c[bo + k];
    let sa1 = 0;
    let sb1 = 0;
    let i = k + 1;
    for (; i + 1 < N; i += 2) {
      const v0 = h[vo + i];
      const v1 = h[vo + i + 1];
      sa0 += v0 * c[ao + i];
      sb0 += v0 * c[bo + i];
      sa1 += v1 * c[ao + i + 1];
      sb1 += v1 * c[bo + i + 1];
    }
    if (i < N) {
      sa0 += h[vo + i] * c[ao + i];
      sb0 += h[vo + i] * c[bo + i];
    }
    const sa = t * (sa0 + sa1);
    const sb = t * (sb0 + sb1);
    c[ao + k] -= sa;
    c[bo + k] -= sb;
    for (i = k + 1; i < N; i++) {
      const v = h[vo + i];
      c[ao + i] -= sa * v;
      c[bo + i] -= sb * v;
    }
  }
  for (; j < j1; j++) {
    const ao = j * N;
    let s = c[ao + k];
    for (let i = k + 1; i < N; i++) s += h[vo + i] * c[ao + i];
    s *= t;
    c[ao + k] -= s;
    for (let i = k + 1; i < N; i++) c[ao + i] -= s * h[vo + i];
  }
}

/**
 * Explicit thin Q (N×m, column-major) of a QR factorisation from {@link householderQr}.
 *
 * @internal
 */
export function formThinQ(c: Float64Array, tau: Float64Array, N: number, m: number): Float64Array {
  const q = new Float64Array(N * m);
  for (let j = 0; j < m; j++) q[j * N + j] = 1;
  applyQToColumns(c, tau, N, m, q, m);
  return q;
}

/**
 * Multiplies the column-major N×count matrix `u` (overwritten) by Q = H_0 … H_{m−1} from
 * {@link householderQr}: u ← Q u, as LAPACK's dormqr: blocks of reflectors, last first, each
 * applied to all columns at once in compact WY form.
 *
 * @internal
 */
export function applyQToColumns(
  c: Float64Array,
  tau: Float64Array,
  N: number,
  m: number,
  u: Float64Array,
  count: number,
): void {
  if (count === 0) return;
  for (let j0 = Math.floor((m - 1) / NB) * NB; j0 >= 0; j0 -= NB) {
    const jb = Math.min(NB, m - j0);
    if (jb === 1 || count === 1) {
      for (let k = j0 + jb - 1; k >= j0; k--) applyReflector(c, k * N, u, N, k, tau[k], 0, count);
      continue;
    }
    applyReflectorBlock(reflectorBlock(c, tau, N, j0, jb), u, N, 0, count, false);
  }
}

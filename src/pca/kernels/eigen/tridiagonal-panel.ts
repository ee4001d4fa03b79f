import { gemm } from '../gemm.js';
import { symmetricTimes4 } from './symmetric-times.js';

/**
 * dlarfg on a[o .. o+len): writes v₁.. over x₁.., returns tau and beta (./tridiagonalize.ts).
 *
 * @internal
 */
export type Reflector = (a: Float64Array, o: number, len: number) => { tau: number; beta: number };

/**
 * LAPACK dlatrd (lower, in row-major terms): reduces rows k .. k+nb−1 of the upper triangle
 * while the trailing block is left as it was, and returns in `vw` the matrices of the panel's
 * rank-2nb update A ← A − V·Wᵀ − W·Vᵀ, laid out for {@link updateTrailing}: rows 0..nb−1 and
 * 2nb..3nb−1 hold w_0..w_{nb−1}, rows nb..2nb−1 hold v_0..v_{nb−1} (each n wide). Each step's
 * product with the not yet updated trailing block is corrected by the panel's earlier reflectors
 * (hot kernel: the loops are LAPACK's dgemv calls written out). `y` (n-long) is scratch for
 * the products, given by the caller so that it can lie beside `a` in the SIMD kernel's memory.
 *
 * @internal
 */
export function reducePanel(
  a: Float64Array,
  n: number,
  k: number,
  nb: number,
  vw: Float64Array,
  out: { d: Float64Array; e: Float64Array; tau: Float64Array },
  reflector: Reflector,
  y: Float64Array,
): void {
  for (let j = 0; j < nb; j++) {
    const i = k + j;
    const row = i * n;
    const s = i + 1;
    updateRow(a, n, i, k, j, vw);
    out.d[i] = a[row + i];
    const t = reflector(a, row + s, n - s);
    out.tau[i] = t.tau;
    out.e[i] = t.beta;
    const wo = j * n;
    if (t.tau === 0) {
      // H_i = I: w_i = 0 makes the update ignore whatever v_i holds.
      vw.fill(0, wo, wo + n);
      continue;
    }
    a[row + s] = 1; // v_i's leading one, written out for the kernels (beta is kept in e)
    symmetricTimes4(a, n, s, a, row, y);
    correct(a, n, i, k, j, vw, y);
    let yv = 0;
    for (let c = s; c < n; c++) {
      y[c] *= t.tau;
      yv += y[c] * a[row + c];
    }
    const alpha = -0.5 * t.tau * yv;
    vw.fill(0, wo, wo + s);
    for (let c = s; c < n; c++) vw[wo + c] = y[c] + alpha * a[row + c];
  }
  for (let p = 0; p < nb; p++) {
    vw.set(a.subarray((k + p) * n, (k + p + 1) * n), (nb + p) * n);
    vw.copyWithin((2 * nb + p) * n, p * n, (p + 1) * n);
  }
}

/**
 * Row i, columns i.., takes the updates of the panel's reflectors 0..j−1 (v_p in row k+p of
 * `a`, w_p in row p of `vw`), two reflectors per pass so the row is loaded and stored half as
 * often.
 */
function updateRow(
  a: Float64Array,
  n: number,
  i: number,
  k: number,
  j: number,
  vw: Float64Array,
): void {
  const row = i * n;
  let p = 0;
  for (; p + 1 < j; p += 2) {
    const va = (k + p) * n;
    const vb = va + n;
    const wa = p * n;
    const wb = wa + n;
    const via = a[va + i];
    const wia = vw[wa + i];
    const vib = a[vb + i];
    const wib = vw[wb + i];
    for (let c = i; c < n; c++)
      a[row + c] -= via * vw[wa + c] + wia * a[va + c] + (vib * vw[wb + c] + wib * a[vb + c]);
  }
  if (p < j) {
    const vo = (k + p) * n;
    const wo = p * n;
    const vi = a[vo + i];
    const wi = vw[wo + i];
    for (let c = i; c < n; c++) a[row + c] -= vi * vw[wo + c] + wi * a[vo + c];
  }
}

/**
 * y[s..n) −= V·(Wᵀ·v) + W·(Vᵀ·v) over the panel's reflectors 0..j−1, for v = v_i in row i:
 * the product with the trailing block made as if it had taken the panel's updates. Two
 * reflectors per pass.
 */
function correct(
  a: Float64Array,
  n: number,
  i: number,
  k: number,
  j: number,
  vw: Float64Array,
  y: Float64Array,
): void {
  const row = i * n;
  const s = i + 1;
  let p = 0;
  for (; p + 1 < j; p += 2) {
    const va = (k + p) * n;
    const vb = va + n;
    const wa = p * n;
    const wb = wa + n;
    let qa = 0;
    let ra = 0;
    let qb = 0;
    let rb = 0;
    for (let c = s; c < n; c++) {
      const vc = a[row + c];
      qa += vw[wa + c] * vc;
      ra += a[va + c] * vc;
      qb += vw[wb + c] * vc;
      rb += a[vb + c] * vc;
    }
    for (let c = s; c < n; c++)
      y[c] -= a[va + c] * qa + vw[wa + c] * ra + (a[vb + c] * qb + vw[wb + c] * rb);
  }
  if (p < j) {
    const vo = (k + p) * n;
    const wo = p * n;
    let q = 0;
    let r = 0;
    for (let c = s; c < n; c++) {
      const vc = a[row + c];
      q += vw[wo + c] * vc;
      r += a[vo + c] * vc;
    }
    for (let c = s; c < n; c++) y[c] -= a[vo + c] * q + vw[wo + c] * r;
  }
}

/** Rows per gemm call of the trailing update: the triangle is covered in strips of this height. */
const STRIP = 64;

/**
 * LAPACK dsyr2k for the trailing block from (s, s): A ← A − V·Wᵀ − W·Vᵀ as one gemm of depth
 * 2nb per strip of STRIP rows, over the strip's columns from its diagonal on, so the work is
 * about half of the full square's. The strips' diagonal blocks are updated whole: their entries
 * below the diagonal are written too (the lower triangle is never read).
 *
 * @internal
 */
export function updateTrailing(
  a: Float64Array,
  n: number,
  s: number,
  nb: number,
  vw: Float64Array,
): void {
  for (let r0 = s; r0 < n; r0 += STRIP) {
    const rows = Math.min(STRIP, n - r0);
    // [V; W]ᵀ·[W; V] over depth 2nb: rows nb..3nb of vw against rows 0..2nb.
    gemm(
      true,
      false,
      rows,
      n - r0,
      2 * nb,
      -1,
      vw,
      nb * n + r0,
      n,
      vw,
      r0,
      n,
      1,
      a,
      r0 * n + r0,
      n,
    );
  }
}

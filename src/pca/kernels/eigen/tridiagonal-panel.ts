import { gemm } from '../gemm.js';

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
 * (hot kernel: the loops are LAPACK's dgemv calls written out).
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
): void {
  const y = new Float64Array(n);
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

/**
 * y[s..n) = A₂₂·v for the trailing block from (s, s), read from its upper triangle four rows at
 * a time so that v_c and y_c are loaded once for four matrix rows (each stored entry serves the
 * row's dot product and the column's update on one load): the panel's half of the flops
 * (hot kernel, over the 60-line limit: the unrolling is the point).
 *
 * @internal
 */
export function symmetricTimes4(
  a: Float64Array,
  n: number,
  s: number,
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
    const v0 = v[vo + r];
    const v1 = v[vo + r + 1];
    const v2 = v[vo + r + 2];
    const v3 = v[vo + r + 3];
    // The 4×4 corner of the triangle.
    const a01 = a[p0 + r + 1];
    const a02 = a[p0 + r + 2];
    const a03 = a[p0 + r + 3];
    const a12 = a[p1 + r + 2];
    const a13 = a[p1 + r + 3];
    const a23 = a[p2 + r + 3];
    let acc0 = a[p0 + r] * v0 + a01 * v1 + a02 * v2 + a03 * v3;
    let acc1 = a01 * v0 + a[p1 + r + 1] * v1 + a12 * v2 + a13 * v3;
    let acc2 = a02 * v0 + a12 * v1 + a[p2 + r + 2] * v2 + a23 * v3;
    let acc3 = a03 * v0 + a13 * v1 + a23 * v2 + a[p3 + r + 3] * v3;
    for (let c = r + 4; c < n; c++) {
      const vc = v[vo + c];
      const x0 = a[p0 + c];
      const x1 = a[p1 + c];
      const x2 = a[p2 + c];
      const x3 = a[p3 + c];
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
  for (; r < n; r++) {
    const ro = r * n;
    const vr = v[vo + r];
    let acc = a[ro + r] * vr;
    for (let c = r + 1; c < n; c++) {
      const x = a[ro + c];
      acc += x * v[vo + c];
      y[c] += x * vr;
    }
    y[r] += acc;
  }
}

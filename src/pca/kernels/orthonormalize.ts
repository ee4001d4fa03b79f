import { dot, transpose } from './blas.js';
import { gemm, syrkUpper } from './gemm.js';
import { formThinQ, householderQr } from './householder-qr.js';

/**
 * An orthonormal basis (n×l, row-major) of the column space of the row-major n×l matrix `y`
 * (n ≥ l), by Householder QR: the columns stay orthonormal even when `y` is rank-deficient.
 *
 * @internal
 */
export function orthonormalizeColumns(y: Float64Array, n: number, l: number): Float64Array {
  const c = transpose(y, n, l); // column-major n×l
  const tau = householderQr(c, n, l);
  const q = formThinQ(c, tau, n, l);
  return transpose(q, l, n);
}

/**
 * Fills the rows flagged in `missing` of the row-major count×length matrix `rows` (whose other
 * rows are orthonormal) with unit vectors orthogonal to all other rows, by twice-repeated
 * Gram–Schmidt on the standard basis vectors.
 *
 * @internal
 */
export function completeOrthonormalRows(
  rows: Float64Array,
  count: number,
  length: number,
  missing: ReadonlyArray<boolean>,
): void {
  const valid: number[] = [];
  // weight[k] = squared norm of the projection of e_k on the span of the valid rows.
  const weight = new Float64Array(length);
  const addRow = (i: number): void => {
    valid.push(i);
    for (let k = 0; k < length; k++) weight[k] += rows[i * length + k] ** 2;
  };
  for (let i = 0; i < count; i++) if (!missing[i]) addRow(i);
  const cand = new Float64Array(length);
  for (let i = 0; i < count; i++) {
    if (!missing[i]) continue;
    let best = 0;
    for (let k = 1; k < length; k++) if (weight[k] < weight[best]) best = k;
    cand.fill(0);
    cand[best] = 1;
    for (let pass = 0; pass < 3; pass++) {
      for (const j of valid) {
        const h = dot(rows, j * length, cand, 0, length);
        if (h !== 0) for (let k = 0; k < length; k++) cand[k] -= h * rows[j * length + k];
      }
      const nrm = Math.sqrt(dot(cand, 0, cand, 0, length));
      for (let k = 0; k < length; k++) cand[k] /= nrm;
    }
    rows.set(cand, i * length);
    addRow(i);
  }
}

/**
 * Cholesky QR: Y·R⁻¹ with RᵀR = YᵀY (about 2·n·l² flops against Householder's 4·n·l²), or null
 * when YᵀY is too ill-conditioned for it (a pivot below 1e-10 of the largest diagonal entry).
 */
function choleskyQr(y: Float64Array, n: number, l: number): Float64Array | null {
  // G = YᵀY, upper triangle, by the packed syrk.
  const g = new Float64Array(l * l);
  syrkUpper(n, l, 1, y, 0, l, 0, g, 0, l);
  // Upper Cholesky factor R (row-major): G = RᵀR.
  let maxDiag = 0;
  for (let p = 0; p < l; p++) maxDiag = Math.max(maxDiag, g[p * l + p]);
  const r = new Float64Array(l * l);
  for (let p = 0; p < l; p++) {
    let diag = g[p * l + p];
    for (let k = 0; k < p; k++) diag -= r[k * l + p] ** 2;
    if (!(diag > 1e-10 * maxDiag)) return null;
    const rpp = Math.sqrt(diag);
    r[p * l + p] = rpp;
    for (let q = p + 1; q < l; q++) {
      let v = g[p * l + q];
      for (let k = 0; k < p; k++) v -= r[k * l + p] * r[k * l + q];
      r[p * l + q] = v / rpp;
    }
  }
  // R⁻¹ (upper triangular), by back substitution on the columns of the identity.
  const inv = new Float64Array(l * l);
  for (let c = 0; c < l; c++) {
    for (let p = c; p >= 0; p--) {
      let v = p === c ? 1 : 0;
      for (let k = p + 1; k <= c; k++) v -= r[p * l + k] * inv[k * l + c];
      inv[p * l + c] = v / r[p * l + p];
    }
  }
  // Q = Y·R⁻¹ by the packed gemm: twice the triangular product's multiply-adds, but at about
  // four times the speed of the row-by-row loop it replaces.
  const out = new Float64Array(n * l);
  gemm(false, false, n, l, l, 1, y, 0, l, inv, 0, l, 0, out, 0, l);
  return out;
}

/**
 * An orthonormal basis of the columns of the row-major n×l `y`, orthonormal to machine
 * precision: Cholesky QR twice (CholeskyQR2), falling back to Householder QR when Y is
 * ill-conditioned or rank-deficient.
 *
 * @internal
 */
export function orthonormalizeColumnsFast(y: Float64Array, n: number, l: number): Float64Array {
  const once = choleskyQr(y, n, l);
  const twice = once === null ? null : choleskyQr(once, n, l);
  return twice ?? orthonormalizeColumns(y, n, l);
}

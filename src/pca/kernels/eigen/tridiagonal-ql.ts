import { ConvergenceError } from '../../../errors/convergence-error.js';
import { hypot } from '../blas.js';

/** Columns of Z rotated per pass: a block of rows stays in L1 while every rotation runs. */
const BLOCK = 64;

/**
 * Eigenvalues and eigenvectors of the symmetric tridiagonal block d[o .. o+m), e[o .. o+m−1)
 * (e[i] couples i and i+1) by the implicit QL algorithm (EISPACK tql2): the leaf solver of
 * divide and conquer and the whole solver for small n. The block's vectors are written as the
 * rows of the m×m block of `z` at (o, o) (row stride `ld`), in local coordinates, and d[o..]
 * receives the eigenvalues (unsorted). `e` is left unchanged.
 *
 * @throws {@link ConvergenceError} when an eigenvalue needs more than `maxIterations` QL steps.
 * @internal
 */
export function tridiagonalQl(
  d: Float64Array,
  e: Float64Array,
  o: number,
  m: number,
  z: Float64Array,
  ld: number,
  maxIterations: number,
): void {
  const zo = o * ld + o;
  for (let r = 0; r < m; r++) {
    z.fill(0, zo + r * ld, zo + r * ld + m);
    z[zo + r * ld + r] = 1;
  }
  const dd = d.subarray(o, o + m);
  const ee = new Float64Array(m);
  for (let i = 0; i < m - 1; i++) ee[i] = e[o + i];
  ql(dd, ee, m, z, zo, ld, maxIterations);
}

/**
 * Eigenvalues only of the tridiagonal block d[o .. o+m), e[o .. o+m−1) by the same QL
 * iteration without the rotations (EISPACK tql1): O(m²). d[o..] receives them, unsorted.
 *
 * @throws {@link ConvergenceError} when an eigenvalue needs more than `maxIterations` QL steps.
 * @internal
 */
export function tridiagonalQlValues(
  d: Float64Array,
  e: Float64Array,
  o: number,
  m: number,
  maxIterations: number,
): void {
  const ee = new Float64Array(m);
  for (let i = 0; i < m - 1; i++) ee[i] = e[o + i];
  ql(d.subarray(o, o + m), ee, m, null, 0, 0, maxIterations);
}

// Hot kernel, kept in one function over the 60-line limit: a port of EISPACK tql2 (as JAMA)
// with the rotations applied in cache blocks; its loop structure is the reference.
function ql(
  d: Float64Array,
  e: Float64Array,
  n: number,
  z: Float64Array | null,
  zo: number,
  ld: number,
  maxIterations: number,
): void {
  const cs = new Float64Array(n);
  const sn = new Float64Array(n);
  let f = 0;
  let tst1 = 0;
  const eps = 2 ** -52;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n) {
      if (Math.abs(e[m]) <= eps * tst1) break;
      m++;
    }
    if (m === n) m = n - 1;
    if (m > l) {
      let iter = 0;
      do {
        iter++;
        if (iter > maxIterations) {
          throw new ConvergenceError(
            `The symmetric eigensolver did not converge: eigenvalue ${l} needed more than ` +
              `${maxIterations} QL iterations; check the input for extreme values, or use the 'exact' solver.`,
          );
        }
        let g = d[l];
        let p = (d[l + 1] - g) / (2 * e[l]);
        let r = hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f += h;
        p = d[m];
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1];
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          cs[i] = c;
          sn[i] = s;
        }
        if (z) applyRotations(z, zo, ld, n, l, m, cs, sn);
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]) > eps * tst1);
    }
    d[l] += f;
    e[l] = 0;
  }
}

/** Applies rotation i (rows i and i+1 of the n-wide block at zo), for i = m−1 down to l. */
function applyRotations(
  z: Float64Array,
  zo: number,
  ld: number,
  n: number,
  l: number,
  m: number,
  cs: Float64Array,
  sn: Float64Array,
): void {
  for (let k0 = 0; k0 < n; k0 += BLOCK) {
    const k1 = Math.min(n, k0 + BLOCK);
    for (let i = m - 1; i >= l; i--) {
      const c = cs[i];
      const s = sn[i];
      const a = zo + i * ld;
      const b = a + ld;
      for (let k = k0; k < k1; k++) {
        const h = z[b + k];
        const v = z[a + k];
        z[b + k] = s * v + c * h;
        z[a + k] = c * v - s * h;
      }
    }
  }
}

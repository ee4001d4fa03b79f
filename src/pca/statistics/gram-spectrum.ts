import type { FlatSvd } from '../flat-svd.js';
import { symmetricEigen } from '../kernels/symmetric-eigen.js';

/**
 * The covariance solver's eigen path (solvers/covariance.ts) on a Gram matrix that is already
 * formed: zero-variance columns deflated to exact zero singular values, the rest through the
 * same symmetric eigensolver, s = √max(0, λ). Kept here rather than in the solver so that the
 * solver's one-pass kernel stays untouched; the two must stay in step.
 *
 * @param g - d×d row-major Gram matrix (only the upper triangle is read).
 * @param m - how many triplets to return, min(n, d).
 * @internal
 */
export function gramSpectrum(g: Float64Array, d: number, n: number, m: number): FlatSvd {
  const keep: number[] = [];
  const dropped: number[] = [];
  for (let j = 0; j < d; j++) (g[j * d + j] > 0 ? keep : dropped).push(j);
  const mc = keep.length;
  const small = new Float64Array(mc * mc);
  for (let p = 0; p < mc; p++) {
    for (let q = p; q < mc; q++) small[p * mc + q] = g[keep[p] * d + keep[q]];
  }
  const eig =
    mc > 0
      ? symmetricEigen(small, mc)
      : { values: new Float64Array(0), vectors: new Float64Array(0) };
  const s = new Float64Array(m);
  const vt = new Float64Array(m * d);
  for (let k = 0; k < m; k++) {
    if (k < mc) {
      s[k] = Math.sqrt(Math.max(0, eig.values[k]));
      for (let t = 0; t < mc; t++) vt[k * d + keep[t]] = eig.vectors[k * mc + t];
    } else {
      vt[k * d + dropped[k - mc]] = 1;
    }
  }
  return { u: null, s, vt, rows: n, columns: d, rank: m };
}

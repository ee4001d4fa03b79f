import type { FlatSvd } from '../flat-svd.js';
import type { AffineData } from '../kernels/affine-products.js';
import { gramMatrix } from '../kernels/gram.js';
import { symmetricEigen } from '../kernels/symmetric-eigen.js';

/**
 * The covariance solver: the spectrum of X̃ from the eigen-decomposition of its Gram matrix
 * X̃ᵀX̃ (d×d), one pass over X plus a d×d eigenproblem, the fastest path for tall data. Its
 * eigenvalues are good to about d·eps·λ₁, so singular values are resolved only down to about
 * √(d·eps)·σ₁ (see `resolvedFloor` in pca-fit.ts); below that they are rounding noise. Zero-variance columns (always-dark
 * pixels) are deflated first: each contributes an exact zero singular value. U is not formed.
 *
 * @param sumSquares - the column sums of squared deviations when centring (exact diagonal).
 * @param m - how many triplets to return, min(n, d).
 * @internal
 */
export function covarianceSvd(
  op: AffineData,
  sumSquares: Float64Array | undefined,
  m: number,
): FlatSvd {
  const { rows: n, columns: d } = op.x;
  return gramSpectrum(gramMatrix(op, sumSquares), d, n, m);
}

/**
 * The covariance solver's eigen path on a Gram matrix already formed (by the solver's one pass,
 * or from merged statistics): zero-variance columns deflated to exact zero singular values, the
 * rest through the symmetric eigensolver (its leading min(m, ·) pairs only), s = √max(0, λ).
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
  // Only the pairs that become triplets: with fewer samples than features (m < d) the
  // eigensolver finds just those vectors, by inverse iteration when they are few.
  const eig =
    mc > 0
      ? symmetricEigen(small, mc, { count: Math.min(m, mc) })
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

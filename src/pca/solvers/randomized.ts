import type { FlatSvd } from '../flat-svd.js';
import {
  type AffineData,
  multiplyNormal,
  multiplyRight,
  multiplyTransposed,
  sparsePattern,
} from '../kernels/affine-products.js';
import { gemm } from '../kernels/gemm.js';
import { gramMatrix, gramWork } from '../kernels/gram.js';
import { orthonormalizeColumns, orthonormalizeColumnsFast } from '../kernels/orthonormalize.js';
import { SeededRandom } from '../kernels/prng.js';
import { symmetricEigen } from '../kernels/symmetric-eigen.js';
import { exactSvd } from './exact.js';

/** Settings of {@link randomizedSvd}. @internal */
export interface RandomizedSettings {
  readonly rank: number;
  readonly seed: number;
  readonly oversamples: number;
  readonly powerIterations: number;
  readonly computeU: boolean;
  /**
   * The column sums of squared deviations, when centring: they let the Gram route use the
   * cheap XᵀX − n·μμᵀ (see gramMatrix).
   */
  readonly sumSquares?: Float64Array | undefined;
  /** How the power iterations multiply by X̃ᵀX̃ (tests force one): by cost when absent. */
  readonly route?: 'gram' | 'products' | undefined;
}

/**
 * How many times slower the zero-skipping products X̃·B and X̃ᵀ·Y run per multiply-add than
 * the packed gemm and syrk (measured on the project machine, 10,000 MNIST digits and l = 40:
 * 0.6 against 1.3 Gmadd/s); for the cost estimate of {@link randomizedSvd}'s two routes.
 */
const SPARSE_PRODUCT_PENALTY = 2.2;

/**
 * Randomized truncated SVD (Halko, Martinsson and Tropp 2011, algorithms 4.4 and 5.1): a
 * seeded Gaussian sketch Ω (d×l, l = rank + `oversamples`), `powerIterations` rounds of
 * Z ← orth(X̃ᵀX̃·Z), an orthonormal basis Q of X̃Z, then the exact SVD of the small matrix
 * B = QᵀX̃. X̃ is never formed: products skip the zeros of X (found once) and apply centring
 * and scaling as rank-one and diagonal corrections.
 *
 * Each power iteration multiplies by X̃ᵀX̃: either in one pass over X's blocks of rows
 * (X̃ᵀ(X̃Z), 2·nnz·l multiply-adds) or, when the estimate says it is cheaper, through the
 * Gram matrix G = X̃ᵀX̃ formed once (n·d²/2, or about nnz²/2 a row on sparse data) and then d²·l per iteration —
 * the same products in exact arithmetic, and as accurate in floating point (both carry errors
 * of about eps·σ₁²·‖Z‖). For the 60,000 MNIST rows at the defaults (7 iterations, l = 40) the
 * Gram route is about 5 times less work. Q and B then come from X̃ itself, so the singular
 * values are not squared; except that without U on the Gram route (what a PCA fit asks for),
 * those two last passes over X give way to Rayleigh–Ritz on G over one more power iteration
 * (see {@link gramRitz}), whose singular values are as good as the covariance solver's.
 *
 * @internal
 */
export function randomizedSvd(op: AffineData, settings: RandomizedSettings): FlatSvd {
  const { rows: n, columns: d } = op.x;
  const { rank, powerIterations: iterations } = settings;
  // The products that follow want the non-zeros found once.
  const pattern = op.pattern ?? sparsePattern(op.x) ?? undefined;
  op = { ...op, pattern };
  const l = Math.min(rank + settings.oversamples, n, d);
  const rng = new SeededRandom(settings.seed);
  let z = rng.fillGaussian(new Float64Array(d * l));
  // The d×l factor is re-orthonormalised by Householder QR after every product (cheap), which
  // keeps the sketch's columns apart; the n×l basis that defines the projection is
  // orthonormalised once at the end (CholeskyQR2, falling back to Householder QR when the
  // sketch is ill-conditioned or rank-deficient).
  const nnz = pattern === undefined ? n * d : pattern.offsets[n];
  const viaX = 2 * iterations * nnz * l * (pattern === undefined ? 1 : SPARSE_PRODUCT_PENALTY);
  const viaGram = gramWork(op, settings.sumSquares, pattern) + iterations * d * d * l;
  const route = settings.route ?? (viaGram < viaX ? 'gram' : 'products');
  if (iterations > 0 && route === 'gram') {
    const g = gramMatrix(op, settings.sumSquares);
    const w = new Float64Array(d * l);
    for (let it = 0; it < iterations; it++) {
      gemm(false, false, d, l, d, 1, g, 0, d, z, 0, l, 0, w, 0, l);
      z = orthonormalizeColumns(w, d, l);
    }
    if (!settings.computeU) return gramRitz(g, z, n, d, l, rank);
  } else {
    for (let it = 0; it < iterations; it++) {
      z = orthonormalizeColumns(multiplyNormal(op, z, l), d, l);
    }
  }
  const y = multiplyRight(op, z, l);
  const q = orthonormalizeColumnsFast(y, n, l);
  // Bᵀ = X̃ᵀQ (d×l, tall): Bᵀ = Ub·S·Vbᵀ, so X̃ ≈ Q·B = (Q·Vb)·S·Ubᵀ.
  const bt = multiplyTransposed(op, q, l);
  const small = exactSvd({ data: bt, rows: d, columns: l }, { rank });
  const ub = small.u as Float64Array; // d×rank, row-major
  const vt = new Float64Array(rank * d);
  for (let j = 0; j < d; j++) for (let k = 0; k < rank; k++) vt[k * d + j] = ub[j * rank + k];
  let u: Float64Array | null = null;
  if (settings.computeU) {
    // U = Q·Vb (n×rank): Vb's transpose is the small SVD's vt (rank×l).
    u = new Float64Array(n * rank);
    gemm(false, true, n, rank, l, 1, q, 0, l, small.vt, 0, l, 0, u, 0, rank);
  }
  return { u, s: small.s, vt, rows: n, columns: d, rank };
}

/**
 * The top `rank` singular triplets (without U) from the Gram matrix G = X̃ᵀX̃ and the power
 * iterations' orthonormal d×l basis Z, by Rayleigh–Ritz: Z' = orth(G·Z), the eigenpairs
 * (θ, w) of Z'ᵀGZ' (l×l), v = Z'·w and σ = √max(0, θ). Halko's extraction, the SVD of QᵀX̃ with
 * Q = orth(X̃Z), is Rayleigh–Ritz on G over span(G^½·Z), so the extra power iteration makes
 * this at least as accurate a subspace, without the two passes over X (n·d·l multiply-adds
 * each, about 1 s of a 60,000×784 fit, against 2·d²·l here). The singular values are then
 * square roots of eigenvalues good to about eps·σ₁², as in the covariance solver, and resolved
 * down to the same floor, √(d·eps)·σ₁ (pca-fit.ts).
 */
function gramRitz(
  g: Float64Array,
  z: Float64Array,
  n: number,
  d: number,
  l: number,
  rank: number,
): FlatSvd {
  const w = new Float64Array(d * l);
  gemm(false, false, d, l, d, 1, g, 0, d, z, 0, l, 0, w, 0, l);
  const basis = orthonormalizeColumns(w, d, l);
  gemm(false, false, d, l, d, 1, g, 0, d, basis, 0, l, 0, w, 0, l);
  const h = new Float64Array(l * l);
  gemm(true, false, l, l, d, 1, basis, 0, l, w, 0, l, 0, h, 0, l);
  const eig = symmetricEigen(h, l, { count: rank });
  const s = new Float64Array(rank);
  for (let k = 0; k < rank; k++) s[k] = Math.sqrt(Math.max(0, eig.values[k]));
  // Row k of vt is Z'·w_k, that is vt = W·Z'ᵀ with the eigenvectors as the rows of W.
  const vt = new Float64Array(rank * d);
  gemm(false, true, rank, d, l, 1, eig.vectors, 0, l, basis, 0, l, 0, vt, 0, d);
  return { u: null, s, vt, rows: n, columns: d, rank };
}

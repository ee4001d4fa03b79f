import { applyQ } from './eigen/back-transform.js';
import { tridiagonalEigen } from './eigen/divide-and-conquer.js';
import { leadingTridiagonalPairs } from './eigen/leading-pairs.js';
import { tridiagonalize } from './eigen/tridiagonalize.js';

/**
 * Up to this fraction of the eigenpairs, all eigenvalues by QL plus inverse iteration for the
 * wanted vectors beat divide and conquer (measured: see docs/performance-pca.md, "Symmetric
 * eigensolver").
 */
const LEADING_FRACTION = 0.25;

/** Options of {@link symmetricEigen}. @internal */
export interface SymmetricEigenOptions {
  /**
   * Most implicit QL iterations spent on one eigenvalue (of a divide-and-conquer leaf) before
   * giving up.
   * @defaultValue 60
   */
  readonly maxIterations?: number;
  /**
   * How many leading (largest) eigenpairs to return.
   * @defaultValue n
   */
  readonly count?: number;
}

/** Eigen-decomposition of a symmetric matrix. @internal */
export interface SymmetricEigenResult {
  /** Eigenvalues, descending (`count` of them). */
  readonly values: Float64Array;
  /** Row-major count×n: row i is the unit eigenvector of `values[i]`. */
  readonly vectors: Float64Array;
}

/**
 * Leading eigenvalues and eigenvectors of a symmetric n×n matrix, the LAPACK dsyevd way:
 * Householder tridiagonalisation A = Q·T·Qᵀ, the tridiagonal eigenproblem by divide and
 * conquer (or, for a few leading pairs, QL eigenvalues and inverse iteration for just their
 * vectors, as dsyevx), and the vectors taken back through Q blockwise at gemm speed. Only the
 * upper triangle of the row-major input is read; the input is not changed.
 *
 * @throws {@link ConvergenceError} when an eigenvalue needs more than `maxIterations` QL steps.
 * @internal
 */
export function symmetricEigen(
  a: Float64Array,
  n: number,
  options: SymmetricEigenOptions = {},
): SymmetricEigenResult {
  const maxIterations = options.maxIterations ?? 60;
  const count = Math.min(n, options.count ?? n);
  const w = new Float64Array(n * n);
  for (let i = 0; i < n; i++) w.set(a.subarray(i * n + i, i * n + n), i * n + i);
  const k = safeScale(w);
  // 2^k in two factors: a subnormal maximum needs k up to 1074, past 2^1023.
  const [s1, s2] = [2 ** (k >> 1), 2 ** (k - (k >> 1))];
  if (k !== 0) for (let i = 0; i < w.length; i++) w[i] = w[i] * s1 * s2;
  const result = solve(w, n, count, maxIterations);
  if (k !== 0) for (let i = 0; i < count; i++) result.values[i] = result.values[i] / s1 / s2;
  return result;
}

/**
 * The k for which 2^k brings max |a_ij| to about 1 when it lies outside [2^-480, 2^480] (else
 * 0), as dsyevd scales: the reflectors' and secular equation's products then neither underflow
 * into subnormals nor overflow. Powers of two scale exactly.
 */
function safeScale(w: Float64Array): number {
  let big = 0;
  for (const v of w) big = Math.max(big, Math.abs(v));
  if (!(big > 0 && Number.isFinite(big)) || (big >= 2 ** -480 && big <= 2 ** 480)) return 0;
  return -Math.round(Math.log2(big));
}

function solve(
  w: Float64Array,
  n: number,
  count: number,
  maxIterations: number,
): SymmetricEigenResult {
  const t = tridiagonalize(w, n);
  const leading =
    count <= n * LEADING_FRACTION
      ? leadingTridiagonalPairs(t.d, t.e, n, count, maxIterations)
      : null;
  if (leading) {
    applyQ(w, t.tau, n, leading.vectors, count);
    return leading;
  }
  const d = t.d.slice();
  const z = tridiagonalEigen(d, t.e, n, maxIterations);
  // Descending, ties by index (a stable order for repeated eigenvalues).
  const order = Array.from({ length: n }, (_, i) => i).sort((p, q) => d[q] - d[p] || p - q);
  const values = new Float64Array(count);
  const vectors = new Float64Array(count * n);
  for (let r = 0; r < count; r++) {
    const src = order[r];
    values[r] = d[src];
    vectors.set(z.subarray(src * n, src * n + n), r * n);
  }
  applyQ(w, t.tau, n, vectors, count);
  return { values, vectors };
}

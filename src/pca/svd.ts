import type { Matrix } from 'ml-matrix';
import { exactSvd } from './exact-svd.js';
import { fixSigns } from './flat-svd.js';
import { type MatrixInput, readMatrix } from './matrix-input.js';
import { randomizedSvd } from './randomized-svd.js';
import { matrixFromFlat } from './to-matrix.js';
import { checkChoice, checkCount, checkNonNegativeInteger, checkSeed } from './validate.js';

/** The algorithms {@link svd} can use. */
export type SvdSolver = 'auto' | 'exact' | 'randomized';

/** Options of {@link svd}. */
export interface SvdOptions {
  /**
   * Number of singular triplets to return, an integer from 1 to min(n, d).
   * @defaultValue min(n, d)
   */
  readonly rank?: number;
  /**
   * `'exact'`: Householder QR then preconditioned one-sided Jacobi, accurate to LAPACK's
   * standard. `'randomized'`: Halko–Martinsson–Tropp sketching, approximate, fast for a small
   * rank. `'auto'` picks `'randomized'` when `rank` is given, min(n, d) ≥ 100 and
   * rank ≤ min(n, d)/5, and `'exact'` otherwise.
   * @defaultValue 'auto'
   */
  readonly solver?: SvdSolver;
  /**
   * Seed of the randomized solver's Gaussian test matrix; the same seed gives the same result.
   * @defaultValue 0
   */
  readonly seed?: number;
  /**
   * Extra sketch columns of the randomized solver.
   * @defaultValue 10
   */
  readonly oversamples?: number;
  /**
   * Power iterations of the randomized solver (each re-orthonormalised); more sharpen a slowly
   * decaying spectrum.
   * @defaultValue 2
   */
  readonly powerIterations?: number;
}

/** A thin singular value decomposition X ≈ U·diag(s)·Vt. */
export interface SvdResult {
  /** n×r, orthonormal columns (completed to a basis where X is rank-deficient). */
  readonly U: Matrix;
  /** The r singular values, non-negative and descending. */
  readonly s: Float64Array;
  /** r×d: row i is the i-th right singular vector, its largest-magnitude entry positive. */
  readonly Vt: Matrix;
}

/** Chooses the solver `'auto'` stands for. @internal */
export function chooseSvdSolver(
  rank: number | undefined,
  n: number,
  d: number,
): 'exact' | 'randomized' {
  const m = Math.min(n, d);
  return rank !== undefined && m >= 100 && rank <= m / 5 ? 'randomized' : 'exact';
}

/**
 * Thin singular value decomposition of an n×d matrix, without centring: X = U·diag(s)·Vt with
 * U n×r, s of length r, Vt r×d and r = `rank` (default min(n, d)); no n×n matrix is formed.
 *
 * @remarks
 * The exact solver matches LAPACK: U·diag(s)·Vt reconstructs X to about 1e-15·‖X‖, and UᵀU and
 * VᵀV equal the identity to about 1e-13, even for ill-conditioned or rank-deficient input.
 * Signs are deterministic: each right singular vector's largest-magnitude entry is positive.
 *
 * @param X - the n×d data, one row per sample.
 * @param options - rank, solver and the randomized solver's settings.
 * @returns new float64 matrices `U`, `Vt` and the singular values `s`.
 * @throws {@link ShapeError} when X is not a 2-D array of equal-length rows.
 * @throws {@link InvalidInputError} for an empty X, a NaN, infinite or non-numeric entry, or an
 *   invalid option (rank ≤ 0, not an integer or above min(n, d); an unknown solver).
 * @throws {@link ConvergenceError} when an iteration hits its bound (not seen on finite data).
 *
 * @example
 * ```ts
 * import { svd } from 'autoencoders/pca';
 * const { U, s, Vt } = svd([[3, 0], [4, 5]]);
 * console.log(s); // Float64Array [6.708..., 2.236...]
 * const top = svd([[1, 2, 3], [2, 4, 6.1], [0, 1, 0]], { rank: 1 });
 * console.log(U.rows, top.Vt.columns); // 2 3
 * ```
 */
export function svd(X: MatrixInput, options: SvdOptions = {}): SvdResult {
  const x = readMatrix(X, 'X');
  const m = Math.min(x.rows, x.columns);
  const rank =
    options.rank === undefined
      ? m
      : checkCount(options.rank, 'rank', m, `min(n, d) for a ${x.rows}×${x.columns} matrix`);
  const solver = checkChoice(options.solver, 'solver', ['auto', 'exact', 'randomized'], 'auto');
  const seed = checkSeed(options.seed, 0);
  const oversamples = checkNonNegativeInteger(options.oversamples, 'oversamples', 10);
  const powerIterations = checkNonNegativeInteger(options.powerIterations, 'powerIterations', 2);
  const chosen = solver === 'auto' ? chooseSvdSolver(options.rank, x.rows, x.columns) : solver;
  const result =
    chosen === 'exact'
      ? exactSvd(x, { rank })
      : randomizedSvd({ x }, { rank, seed, oversamples, powerIterations, computeU: true });
  fixSigns(result);
  return {
    U: matrixFromFlat(result.u as Float64Array, x.rows, rank),
    s: result.s,
    Vt: matrixFromFlat(result.vt, rank, x.columns),
  };
}

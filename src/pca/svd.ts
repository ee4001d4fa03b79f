import type { Matrix } from 'ml-matrix';
import { fixSigns } from './flat-svd.js';
import { type MatrixInput, readMatrix } from './matrix-input.js';
import { readOptions } from './options.js';
import { rescaleInPlace } from './rescale.js';
import {
  autoPowerIterations,
  chooseSolver,
  SVD_SOLVERS,
  type SvdSolver,
} from './solvers/choose.js';
import { exactSvd } from './solvers/exact.js';
import { randomizedSvd } from './solvers/randomized.js';
import { matrixFromFlat } from './to-matrix.js';
import {
  checkChoice,
  checkCount,
  checkNonNegativeInteger,
  checkPowerIterations,
  checkSeed,
} from './validate.js';

export type { SvdSolver } from './solvers/choose.js';

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
   * rank. `'auto'` follows scikit-learn 1.5 (without its covariance branch, as svd does not
   * centre): `'randomized'` when max(n, d) > 500 and `rank` is given and below 0.8·min(n, d),
   * else `'exact'`.
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
   * decaying spectrum. `'auto'` is scikit-learn's: 7 when rank < 0.1·min(n, d), else 4.
   * @defaultValue 'auto'
   */
  readonly powerIterations?: number | 'auto';
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
 * @throws {@link InvalidInputError} for an empty X or a NaN, infinite or non-numeric entry.
 * @throws {@link ConfigurationError} for `null` or non-object options, an unknown option key, or
 *   an invalid option value (rank ≤ 0, not an integer or above min(n, d); an unknown solver).
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
export function svd(X: MatrixInput, options?: SvdOptions): SvdResult {
  const o = readOptions(options, SVD_OPTION_KEYS, 'svd options');
  const solver = checkChoice(o.solver, 'solver', SVD_SOLVERS, 'auto');
  const seed = checkSeed(o.seed, 0);
  const oversamples = checkNonNegativeInteger(o.oversamples, 'oversamples', 10);
  const power = checkPowerIterations(o.powerIterations);
  const x = readMatrix(X, 'X');
  const m = Math.min(x.rows, x.columns);
  const rank =
    o.rank === undefined
      ? m
      : checkCount(o.rank, 'rank', m, `min(n, d) for a ${x.rows}×${x.columns} matrix`);
  const chosen = solver === 'auto' ? chooseSolver(x.rows, x.columns, o.rank, false) : solver;
  let result: ReturnType<typeof exactSvd>;
  if (chosen === 'exact') {
    result = exactSvd(x, { rank });
  } else {
    // The exact solver rescales on its own; the sketch's Gram matrices need it done here.
    const c = rescaleInPlace(x);
    const powerIterations = power === 'auto' ? autoPowerIterations(rank, x.rows, x.columns) : power;
    result = randomizedSvd({ x }, { rank, seed, oversamples, powerIterations, computeU: true });
    for (let i = 0; i < rank; i++) result.s[i] *= c;
  }
  fixSigns(result);
  return {
    U: matrixFromFlat(result.u as Float64Array, x.rows, rank),
    s: result.s,
    Vt: matrixFromFlat(result.vt, rank, x.columns),
  };
}

const SVD_OPTION_KEYS: (keyof SvdOptions)[] = [
  'rank',
  'solver',
  'seed',
  'oversamples',
  'powerIterations',
];

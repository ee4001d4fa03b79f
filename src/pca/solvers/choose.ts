/**
 * The solver names of {@link PCA} and {@link svd}, written once: every option check, type and
 * file reader derives from this list.
 *
 * @internal
 */
export const PCA_SOLVERS = ['auto', 'exact', 'covariance', 'randomized'] as const;

/** The solvers of {@link svd}: those of PCA without `'covariance'` (svd does not centre). @internal */
export const SVD_SOLVERS = ['auto', 'exact', 'randomized'] as const;

/** A solver that does the work (what `'auto'` resolves to). @internal */
export type ConcreteSolver = Exclude<(typeof PCA_SOLVERS)[number], 'auto'>;

/**
 * scikit-learn 1.5's `'auto'` rule (`PCA._fit`): the covariance solver for tall, narrow data
 * (d ≤ 1,000 and n ≥ 10·d) when `covariance` is allowed; else the randomized solver when
 * max(n, d) > 500 and fewer than 0.8·min(n, d) components are asked for; else the exact one.
 * `components` undefined means all of them (so never randomized).
 *
 * @internal
 */
export function chooseSolver(
  n: number,
  d: number,
  components: number | undefined,
  covariance: boolean,
): ConcreteSolver {
  if (covariance && d <= 1000 && n >= 10 * d) return 'covariance';
  const m = Math.min(n, d);
  if (Math.max(n, d) > 500 && components !== undefined && components < 0.8 * m) {
    return 'randomized';
  }
  return 'exact';
}

/**
 * scikit-learn's `n_iter='auto'` for `randomized_svd`: 7 power iterations when k < 0.1·min(n, d)
 * (a small k sits in the slowly decaying head of the spectrum), else 4.
 *
 * @internal
 */
export function autoPowerIterations(k: number, n: number, d: number): number {
  return k < 0.1 * Math.min(n, d) ? 7 : 4;
}

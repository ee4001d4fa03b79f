/** The algorithms {@link PCA} can fit with (see {@link PcaOptions.solver}). */
export type PcaSolver = 'auto' | 'exact' | 'covariance' | 'randomized';

/** The algorithms {@link svd} can use: those of PCA but `'covariance'` (svd does not centre). */
export type SvdSolver = Exclude<PcaSolver, 'covariance'>;

/** A solver that does the work (what `'auto'` resolves to). @internal */
export type ConcreteSolver = Exclude<PcaSolver, 'auto'>;

// The one list of names: a name missing from or extra to the type above is a compile error here,
// and every option check and file reader derives from it.
const NAMES: Record<PcaSolver, true> = {
  auto: true,
  exact: true,
  covariance: true,
  randomized: true,
};

/** Every {@link PcaSolver}. @internal */
export const PCA_SOLVERS = Object.keys(NAMES) as readonly PcaSolver[];

/** Every {@link SvdSolver}. @internal */
export const SVD_SOLVERS = PCA_SOLVERS.filter((s): s is SvdSolver => s !== 'covariance');

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

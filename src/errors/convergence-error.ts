import { AutoencodersError, hasErrorBrand } from './autoencoders-error.js';

/**
 * An iterative decomposition did not converge within its iteration bound.
 *
 * @example
 * ```ts
 * import { ConvergenceError, svd } from 'autoencoders/pca';
 * try {
 *   svd([[1, 2], [3, 4]]);
 * } catch (error) {
 *   if (ConvergenceError.is(error)) console.error(error.message);
 * }
 * ```
 */
export class ConvergenceError extends AutoencodersError {
  /** Always `'ConvergenceError'`; also what the static `is` guard checks. */
  override name = 'ConvergenceError';

  /** True when `value` is a ConvergenceError (from any copy of this library). */
  static override is(value: unknown): value is ConvergenceError {
    return hasErrorBrand(value, 'ConvergenceError');
  }
}

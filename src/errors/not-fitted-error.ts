import { AutoencodersError, hasErrorBrand } from './autoencoders-error.js';

/**
 * A PCA model was used before `fit`. (Use after `dispose()` is a {@link DisposedError}: an
 * autoencoder never needs fitting before use.)
 *
 * @example
 * ```ts
 * import { NotFittedError, PCA } from 'autoencoders/pca';
 * try {
 *   new PCA().transform([[1, 2]]);
 * } catch (error) {
 *   if (NotFittedError.is(error)) console.error(error.message);
 * }
 * ```
 */
export class NotFittedError extends AutoencodersError {
  /** Always `'NotFittedError'`; also what the static `is` guard checks. */
  override name = 'NotFittedError';

  /** True when `value` is a NotFittedError (from any copy of this library). */
  static override is(value: unknown): value is NotFittedError {
    return hasErrorBrand(value, 'NotFittedError');
  }
}

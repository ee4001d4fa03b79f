import { AutoencodersError, hasErrorBrand } from './autoencoders-error.js';

/**
 * Input data or an option value is not acceptable: NaN or Infinity, a non-numeric entry, an empty matrix, an out-of-range setting.
 *
 * @example
 * ```ts
 * import { InvalidInputError, PCA } from 'autoencoders/pca';
 * try {
 *   new PCA().fit([[1, Number.NaN]]);
 * } catch (error) {
 *   if (InvalidInputError.is(error)) console.error(error.message);
 * }
 * ```
 */
export class InvalidInputError extends AutoencodersError {
  /** Always `'InvalidInputError'`; also what the static `is` guard checks. */
  override name = 'InvalidInputError';

  /** True when `value` is a InvalidInputError (from any copy of this library). */
  static override is(value: unknown): value is InvalidInputError {
    return hasErrorBrand(value, 'InvalidInputError');
  }
}

import { AutoencodersError, hasErrorBrand } from './autoencoders-error.js';

/**
 * Bad data: NaN or ±Infinity, a non-numeric entry, an empty matrix, values whose squares
 * overflow (float32 beyond ±1.8e19 for the autoencoder), entries outside [0, 1] for a Bernoulli
 * loss, or a result that would come out non-finite. Bad options raise
 * {@link ConfigurationError} instead.
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

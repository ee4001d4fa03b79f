import { AutoencodersError, hasErrorBrand } from './autoencoders-error.js';

/**
 * A builder or options object describes a model that cannot be built; the message lists every problem at once.
 *
 * @example
 * ```ts
 * import { Autoencoder, ConfigurationError } from 'autoencoders';
 * try {
 *   Autoencoder.builder().latentDim(2).build();
 * } catch (error) {
 *   if (ConfigurationError.is(error)) console.error(error.message);
 * }
 * ```
 */
export class ConfigurationError extends AutoencodersError {
  /** Always `'ConfigurationError'`; also what the static `is` guard checks. */
  override name = 'ConfigurationError';

  /** True when `value` is a ConfigurationError (from any copy of this library). */
  static override is(value: unknown): value is ConfigurationError {
    return hasErrorBrand(value, 'ConfigurationError');
  }
}

import { AutoencodersError, hasErrorBrand } from './autoencoders-error.js';

/**
 * Bad options: an options object that is `null` or holds an unknown key (named, with the nearest
 * known one), an option value out of range, builder settings that cannot make a model (the
 * message lists every problem at once), or a strategy hook that returns no tensor.
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

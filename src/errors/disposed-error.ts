import { AutoencodersError, hasErrorBrand } from './autoencoders-error.js';

/**
 * A model was used after `dispose()`, or after its `ae.encoder` or `ae.decoder` was disposed
 * (which frees the model's own weights).
 *
 * @remarks
 * Build or load a new model; a disposed one cannot be revived.
 *
 * @example
 * ```ts
 * import { Autoencoder, DisposedError } from 'autoencoders';
 * const ae = Autoencoder.builder().inputDim(4).latentDim(2).build();
 * ae.dispose();
 * try {
 *   ae.encode([[0, 1, 0, 1]]);
 * } catch (error) {
 *   if (DisposedError.is(error)) console.error(error.message);
 * }
 * ```
 */
export class DisposedError extends AutoencodersError {
  /** Always `'DisposedError'`; also what the static `is` guard checks. */
  override name = 'DisposedError';

  /** True when `value` is a DisposedError (from any copy of this library). */
  static override is(value: unknown): value is DisposedError {
    return hasErrorBrand(value, 'DisposedError');
  }
}

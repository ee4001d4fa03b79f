import { AutoencodersError, hasErrorBrand } from './autoencoders-error.js';

/**
 * Training produced a NaN or infinite loss; the message names the epoch and step, and the last good weights are restored.
 *
 * @example
 * ```ts
 * import { Autoencoder, TrainingDivergedError } from 'autoencoders';
 * try {
 *   await Autoencoder.builder().inputDim(2).latentDim(1).build().fit([[1, 2]], { learningRate: 1e30 });
 * } catch (error) {
 *   if (TrainingDivergedError.is(error)) console.error(error.message);
 * }
 * ```
 */
export class TrainingDivergedError extends AutoencodersError {
  /** Always `'TrainingDivergedError'`; also what the static `is` guard checks. */
  override name = 'TrainingDivergedError';

  /** True when `value` is a TrainingDivergedError (from any copy of this library). */
  static override is(value: unknown): value is TrainingDivergedError {
    return hasErrorBrand(value, 'TrainingDivergedError');
  }
}

import { ConfigurationError } from '../../errors/configuration-error.js';
import { InvalidInputError } from '../../errors/invalid-input-error.js';
import { Checkpointer, type CheckpointOptions } from '../io/checkpoint.js';
import type { SavableAutoencoder } from '../io/model-io.js';
import type { Callback } from './callback.js';

/**
 * `fit`'s `checkpoint`: saves the model after epochs, as {@link CheckpointOptions} describe.
 * @throws {@link ConfigurationError} for a bad option value.
 * @internal
 */
export function checkpointCallback(
  model: SavableAutoencoder,
  options: CheckpointOptions,
): Callback {
  let checkpointer: Checkpointer;
  try {
    checkpointer = Checkpointer.create(model, options);
  } catch (error) {
    // Bad options are a ConfigurationError everywhere, whatever the checkpoint code raises.
    if (InvalidInputError.is(error)) throw new ConfigurationError(error.message, { cause: error });
    throw error;
  }
  return { onEpochEnd: (_epoch, logs) => checkpointer.afterEpoch(logs) };
}

import { Checkpointer, type CheckpointOptions } from '../io/checkpoint.js';
import type { SavableAutoencoder } from '../io/model-io.js';
import type { TrainingState } from '../io/training-state.js';
import type { Callback } from './callback.js';

/**
 * `fit`'s `checkpoint`: saves the model after epochs, as {@link CheckpointOptions} describe.
 * @throws {@link ConfigurationError} for bad options.
 * @internal
 */
export function checkpointCallback(
  model: SavableAutoencoder,
  options: CheckpointOptions,
  trainingState: () => Promise<TrainingState>,
): Callback {
  const checkpointer = Checkpointer.create(model, options, trainingState);
  return { onEpochEnd: (_epoch, logs) => checkpointer.afterEpoch(logs) };
}

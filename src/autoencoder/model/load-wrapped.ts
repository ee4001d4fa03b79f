import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { AutoencoderArtifacts } from '../io/artifacts.js';
import type { TrainingState } from '../io/training-state.js';
import { deserializeStrategy } from '../strategies/registry.js';
import type { AutoencoderConfig } from './config.js';
import { restoredState } from './from-config.js';
import { wrapModels } from './from-models.js';
import type { History } from './history.js';
import { ModelState } from './model-state.js';

/**
 * Rebuilds a saved `fromModels` model: both parts from their saved topologies (stock tfjs
 * layers, or custom ones registered with `tf.serialization`), wrapped again with the saved
 * strategies, loss, seed and optimizer. The caller sets the weights. @internal
 * @throws whatever tfjs-layers or {@link wrapModels} throws (the loader reports it as a
 *   ModelFileError).
 */
export async function loadWrapped(
  config: AutoencoderConfig,
  history: History,
  saved: AutoencoderArtifacts,
): Promise<ModelState> {
  const strategies = (Array.isArray(config.strategies) ? config.strategies : []).map(
    deserializeStrategy,
  );
  const encoder = await tfl.loadLayersModel(
    tf.io.fromMemory({ modelTopology: saved.encoder.modelTopology }),
  );
  let decoder: tfl.LayersModel | undefined;
  try {
    decoder = await tfl.loadLayersModel(
      tf.io.fromMemory({ modelTopology: saved.decoder.modelTopology }),
    );
    const { config: resolved, network } = wrapModels(
      {
        encoder,
        decoder,
        strategy: strategies,
        seed: config.seed,
        ...(config.wrapped?.loss === undefined ? {} : { loss: config.wrapped.loss }),
      },
      { optimizerName: config.optimizer?.name, learningRate: config.optimizer?.learningRate },
    );
    const state = new ModelState(resolved, network);
    state.restore({ history });
    return state;
  } catch (error) {
    encoder.dispose();
    decoder?.dispose();
    throw error;
  }
}

/**
 * The state of any model {@link Autoencoder.load} read: a built one from its config and history
 * (as {@link Autoencoder.fromConfig}, with a checkpoint's training state to resume), a
 * `fromModels` one through {@link loadWrapped}.
 * @internal
 */
export async function loadSaved(
  config: AutoencoderConfig,
  history: History,
  saved: AutoencoderArtifacts,
): Promise<{ state: ModelState; resume?: (training: TrainingState, file: string) => void }> {
  if (config.wrapped !== undefined) return { state: await loadWrapped(config, history, saved) };
  const state = restoredState(config, { history });
  return { state, resume: (training, file) => state.resumeTraining(training, file) };
}

import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { AutoencodersError, ModelFileError } from '../../errors/index.js';
import type { AutoencoderConfig } from '../model/config.js';
import type { History } from '../model/history.js';
import { getStrategyClass } from '../strategies/registry.js';
import { type AutoencoderArtifacts, captureArtifacts, type LayersArtifacts } from './artifacts.js';
import { historyFromJson, historyToJson } from './history-json.js';
import type { JsonObject } from './json.js';
import { readLoadOptions } from './load-options.js';
import { createManifest } from './manifest.js';
import { checkModelSize } from './model-size.js';
import { loadStore, saveStore } from './router.js';
import type { LoadOptions, LoadSource, SaveDestination } from './store.js';
import {
  type TrainingState,
  trainingStateFromJson,
  trainingStateToJson,
} from './training-state.js';
import { checkFiniteForSave } from './weights.js';

/** What saving needs from a model: its config, history and two Layers models. */
export interface SavableAutoencoder {
  getConfig(): AutoencoderConfig;
  readonly history: History;
  readonly encoder: tfl.LayersModel;
  readonly decoder: tfl.LayersModel;
}

/** What loading fills in: a freshly built model whose weights it sets. */
export interface RestorableAutoencoder {
  readonly encoder: tfl.LayersModel;
  readonly decoder: tfl.LayersModel;
  dispose(): void;
}

/** A model and, for a checkpoint, what resumes its training (applied once the weights are set). */
export interface Restored<T> {
  readonly model: T;
  resume?(state: TrainingState, file: string): void;
}

/** Serializes a model, refusing weights that a load would refuse. */
async function serialize(
  model: SavableAutoencoder,
  training: TrainingState | undefined,
): Promise<AutoencoderArtifacts> {
  const { strategies, ...builder } = model.getConfig();
  const saved: AutoencoderArtifacts = {
    manifest: createManifest({
      builder: JSON.parse(JSON.stringify(builder)) as JsonObject,
      strategies: strategies.map((s) => ({ className: s.className, config: s.config })),
      history: historyToJson(model.history),
      ...(training ? { training: trainingStateToJson(training) } : {}),
    }),
    encoder: await captureArtifacts(model.encoder),
    decoder: await captureArtifacts(model.decoder),
  };
  for (const part of ['encoder', 'decoder'] as const)
    checkFiniteForSave(saved[part].weightData, saved[part].weightSpecs, part);
  return saved;
}

/**
 * Saves a model (the engine of `ae.save`): the router picks the store, the model is serialized
 * and checked, then the store writes it.
 *
 * @throws {@link ModelFileError} / {@link InvalidInputError}; see {@link SaveDestination}.
 */
export async function saveModel(
  model: SavableAutoencoder,
  destination: SaveDestination,
  training?: TrainingState,
): Promise<void> {
  const store = saveStore(destination);
  await store.write(await serialize(model, training));
}

/**
 * Writes checked weights into a freshly built model, matching them by name and shape; nothing is
 * decoded until every weight has been matched.
 */
function setWeightsFrom(model: tfl.LayersModel, saved: LayersArtifacts, label: string): void {
  const byName = new Map(saved.weightSpecs.map((spec) => [spec.name, spec]));
  const wanted = model.weights;
  for (const weight of wanted) {
    const spec = byName.get(weight.originalName);
    if (!spec) {
      throw new ModelFileError(
        `${label} has no weight "${weight.originalName}", which the model described by its manifest needs.`,
      );
    }
    if (
      spec.dtype !== 'float32' ||
      spec.shape.length !== weight.shape.length ||
      spec.shape.some((d, i) => d !== weight.shape[i])
    ) {
      throw new ModelFileError(
        `${label}: the weight "${spec.name}" is ${spec.dtype} [${spec.shape.join(', ')}], but the model described by its manifest needs float32 [${weight.shape.join(', ')}].`,
      );
    }
    byName.delete(weight.originalName);
  }
  if (byName.size > 0) {
    throw new ModelFileError(
      `${label} holds weights the model described by its manifest does not have: ${[...byName.keys()].join(', ')}.`,
    );
  }
  const values = tf.io.decodeWeights(saved.weightData, saved.weightSpecs);
  try {
    model.setWeights(wanted.map((w) => values[w.originalName]!));
  } finally {
    tf.dispose(Object.values(values));
  }
}

/**
 * Loads a model (the engine of `Autoencoder.load`): reads and checks every file, checks that the
 * manifest's settings fit the weights read, rebuilds the model from the manifest with `create`,
 * then sets its weights. On any failure nothing stays allocated.
 *
 * @throws {@link ModelFileError} naming the file and the problem; {@link InvalidInputError} for a bad
 *   source; {@link ConfigurationError} for bad options.
 */
export async function loadModel<T extends RestorableAutoencoder>(
  source: LoadSource,
  options: LoadOptions | undefined,
  create: (
    config: AutoencoderConfig,
    history: History,
    saved: AutoencoderArtifacts,
  ) => Restored<T> | Promise<Restored<T>>,
): Promise<T> {
  const store = loadStore(source, readLoadOptions(options));
  const saved = await store.read({ isRegistered: (name) => getStrategyClass(name) !== undefined });
  checkModelSize(saved, store.label('manifest', saved.manifest));
  const config = {
    ...saved.manifest.builder,
    strategies: saved.manifest.strategies,
  } as unknown as AutoencoderConfig;
  let model: T;
  let resume: Restored<T>['resume'];
  try {
    ({ model, resume } = await create(config, historyFromJson(saved.manifest.history), saved));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ModelFileError(
      `${store.name}: the saved settings in its manifest do not describe a model this library can build (${reason}).`,
      { cause: error },
    );
  }
  try {
    setWeightsFrom(model.encoder, saved.encoder, store.label('encoder', saved.manifest));
    setWeightsFrom(model.decoder, saved.decoder, store.label('decoder', saved.manifest));
    const file = store.label('manifest', saved.manifest);
    const training = saved.manifest.training;
    if (training !== undefined) resume?.(trainingStateFromJson(training, file), file);
  } catch (error) {
    model.dispose();
    if (AutoencodersError.is(error)) throw error;
    throw new ModelFileError(
      `${store.name}: could not set the weights (${error instanceof Error ? error.message : String(error)}).`,
      { cause: error },
    );
  }
  return model;
}

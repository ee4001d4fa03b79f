import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { AutoencodersError, ConfigurationError, ModelFileError } from '../../errors/index.js';
import { readOptions } from '../../pca/options.js';
import type { AutoencoderConfig } from '../config.js';
import type { History } from '../history.js';
import { getStrategyClass } from '../registry.js';
import type { LayersArtifacts } from './artifacts.js';
import type { JsonObject } from './json.js';
import { checkModelSize } from './model-size.js';
import {
  describeSource,
  type LoadOptions,
  type LoadSource,
  manifestLabel,
  partLabel,
  readAutoencoder,
  type SaveDestination,
  saveAutoencoder,
} from './routes.js';

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

/** History to JSON: NaN (an epoch without that value) becomes null. */
function historyToJson(history: History): JsonObject {
  return JSON.parse(JSON.stringify(history)) as JsonObject;
}

/** JSON to history: null becomes NaN again. */
function historyFromJson(json: JsonObject): History {
  const series = (v: unknown): number[] =>
    Array.isArray(v) ? v.map((x) => (typeof x === 'number' ? x : Number.NaN)) : [];
  const terms: Record<string, number[]> = {};
  const rawTerms = json.terms;
  if (rawTerms && typeof rawTerms === 'object' && !Array.isArray(rawTerms)) {
    for (const [k, v] of Object.entries(rawTerms))
      Object.defineProperty(terms, k, {
        value: series(v),
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  const history: History = { loss: series(json.loss), mse: series(json.mse), terms };
  if (Array.isArray(json.valLoss)) history.valLoss = series(json.valLoss);
  if (Array.isArray(json.valMse)) history.valMse = series(json.valMse);
  return history;
}

/**
 * Saves a model (the engine of `ae.save`).
 *
 * @throws {@link ModelFileError} / {@link InvalidInputError}; see {@link SaveDestination}.
 */
export async function saveModel(
  model: SavableAutoencoder,
  destination: SaveDestination,
): Promise<void> {
  const { strategies, ...builder } = model.getConfig();
  await saveAutoencoder(
    {
      encoder: model.encoder,
      decoder: model.decoder,
      builder: JSON.parse(JSON.stringify(builder)) as JsonObject,
      strategies: strategies.map((s) => ({ className: s.className, config: s.config })),
      history: historyToJson(model.history),
    },
    destination,
  );
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

/** Checks the options of `Autoencoder.load`. */
function readLoadOptions(options: LoadOptions | undefined): LoadOptions {
  const read = readOptions(options, ['fetch', 'requestInit'], 'Autoencoder.load options');
  if (read.fetch !== undefined && typeof read.fetch !== 'function') {
    throw new ConfigurationError(
      `Autoencoder.load options: fetch is ${typeof read.fetch}; pass a function with the signature of globalThis.fetch, or leave it out.`,
    );
  }
  if (
    read.requestInit !== undefined &&
    (typeof read.requestInit !== 'object' || read.requestInit === null)
  ) {
    throw new ConfigurationError(
      'Autoencoder.load options: requestInit must be an object of fetch options such as { credentials: "include" }, or left out.',
    );
  }
  return read;
}

/**
 * Loads a model (the engine of `Autoencoder.load`): reads and checks every file, rebuilds the
 * model from the manifest with `create`, then sets its weights. On any failure nothing stays
 * allocated.
 *
 * @throws {@link ModelFileError} naming the file and the problem; {@link InvalidInputError} for a bad
 *   source; {@link ConfigurationError} for bad options.
 */
export async function loadModel<T extends RestorableAutoencoder>(
  source: LoadSource,
  options: LoadOptions,
  create: (config: AutoencoderConfig, history: History) => T,
): Promise<T> {
  const saved = await readAutoencoder(
    source,
    { isRegistered: (name) => getStrategyClass(name) !== undefined },
    readLoadOptions(options),
  );
  const label = describeSource(source);
  checkModelSize(saved, manifestLabel(source));
  const config = {
    ...saved.manifest.builder,
    strategies: saved.manifest.strategies,
  } as unknown as AutoencoderConfig;
  let model: T;
  try {
    model = create(config, historyFromJson(saved.manifest.history));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ModelFileError(
      `${label}: the saved settings in its manifest do not describe a model this library can build (${reason}).`,
      {
        cause: error,
      },
    );
  }
  try {
    setWeightsFrom(model.encoder, saved.encoder, partLabel(source, saved.manifest, 'encoder'));
    setWeightsFrom(model.decoder, saved.decoder, partLabel(source, saved.manifest, 'decoder'));
  } catch (error) {
    model.dispose();
    if (AutoencodersError.is(error)) throw error;
    throw new ModelFileError(
      `${label}: could not set the weights (${error instanceof Error ? error.message : String(error)}).`,
      {
        cause: error,
      },
    );
  }
  return model;
}

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { AutoencodersError, ModelFileError } from '../../errors/index.js';
import { messageOf } from '../io/errors.js';
import { readLoadOptions } from '../io/load-options.js';
import type { LoadOptions } from '../io/store.js';
import { checkTopologySize } from '../io/topology-size.js';
import { setKerasWeights } from './match-weights.js';
import { normalizeKerasTopology } from './normalize-topology.js';
import { type KerasModelSource, readKerasExport } from './read-export.js';

/**
 * Loads a Keras model exported with `tensorflowjs_converter` (tfjs_layers_model format) as a
 * `tf.LayersModel`, from tf.keras 2 and from Keras 3. Keras 3 exports, which
 * `tf.loadLayersModel` refuses (tfjs issue #8494: InputLayer `batch_shape`, dtype policy
 * objects, `{ args, kwargs }` inbound nodes, weight names with the model's path), are normalized
 * to the form tfjs-layers reads before anything is built. Every file is checked first, with the
 * same reader as {@link Autoencoder.load} (no path outside the folder, weight sizes checked
 * before they are read, finite values).
 *
 * The model is not compiled (no training config is read); the caller owns it and disposes it.
 * Wrap an encoder and a decoder with {@link Autoencoder.fromModels} to fine-tune or serve them.
 *
 * @param source - see {@link KerasModelSource}.
 * @param options - `fetch` and `requestInit` for `http(s)://` sources.
 * @returns the model, with the export's weights.
 * @throws {@link ModelFileError} for a missing, malformed, truncated or hostile file, a layer
 *   tfjs-layers does not have (custom layers: register them with `tf.serialization` first), a
 *   dtype other than float32/int32, or weights that do not fit the topology;
 *   {@link InvalidInputError} for a source of no known kind; {@link ConfigurationError} for bad
 *   options.
 * @example
 * ```ts
 * import { Autoencoder, loadKerasModel } from 'autoencoders';
 * const encoder = await loadKerasModel('./exported/encoder/model.json');
 * const decoder = await loadKerasModel('./exported/decoder');
 * const ae = Autoencoder.fromModels({ encoder, decoder });
 * ```
 */
export async function loadKerasModel(
  source: KerasModelSource,
  options?: LoadOptions,
): Promise<tfl.LayersModel> {
  const { model: saved, file } = await readKerasExport(source, readLoadOptions(options));
  const modelTopology = normalizeKerasTopology(saved.modelTopology, file);
  checkTopologySize(modelTopology, saved.weightSpecs, file);
  let model: tfl.LayersModel;
  try {
    model = await tfl.loadLayersModel(tf.io.fromMemory({ modelTopology }));
  } catch (error) {
    throw new ModelFileError(
      `${file}: TensorFlow.js layers could not build the model (${messageOf(error)}); a custom layer must be registered with tf.serialization.registerClass before loading.`,
      { cause: error },
    );
  }
  try {
    setKerasWeights(model, saved.weightSpecs, saved.weightData, file);
  } catch (error) {
    model.dispose();
    if (AutoencodersError.is(error)) throw error;
    throw new ModelFileError(`${file}: could not set the weights (${messageOf(error)}).`, {
      cause: error,
    });
  }
  return model;
}

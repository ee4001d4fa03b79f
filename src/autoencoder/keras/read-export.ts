import type * as tf from '@tensorflow/tfjs-core';
import { InvalidInputError } from '../../errors/index.js';
import { checkLayersArtifacts, checkLoaded, type LayersArtifacts } from '../io/artifacts.js';
import { storeError } from '../io/errors.js';
import { isIOHandler } from '../io/handler-store.js';
import { httpFiles } from '../io/http-store.js';
import { openLayersModelFolder } from '../io/layers-model-files.js';
import { readLayersModel } from '../io/read-layers-model.js';
import { schemeOf } from '../io/scheme.js';
import type { LoadOptions } from '../io/store.js';

/**
 * Where {@link loadKerasModel} reads a Keras export from: a model.json path or the folder that
 * holds it (Node), an `http(s)://` URL of a model.json or of its folder, or a `tf.io.IOHandler`
 * (such as `tf.io.browserFiles([json, ...weights])`).
 *
 * @example
 * ```ts
 * import type { KerasModelSource } from 'autoencoders';
 * const from: KerasModelSource = 'https://example.com/models/encoder/model.json';
 * ```
 */
export type KerasModelSource = string | tf.io.IOHandler;

const HANDLER_SHAPE =
  'the ModelArtifacts of one Layers model: { modelTopology, weightSpecs, weightData }';

async function fromHandler(
  handler: tf.io.IOHandler,
): Promise<{ model: LayersArtifacts; file: string }> {
  const file = 'the IOHandler';
  if (typeof handler.load !== 'function')
    throw new InvalidInputError('The IOHandler given to loadKerasModel has no load method.');
  let loaded: unknown;
  try {
    loaded = await handler.load();
  } catch (error) {
    throw storeError(file, 'load', error);
  }
  const needs = ['modelTopology', 'weightSpecs', 'weightData'] as const;
  return {
    model: checkLayersArtifacts(checkLoaded(loaded, file, needs, HANDLER_SHAPE), file),
    file,
  };
}

async function fromHttp(
  location: string,
  options: LoadOptions,
): Promise<{ model: LayersArtifacts; file: string }> {
  const json = location.toLowerCase().endsWith('.json');
  const url = new URL(json ? location : `${location.replace(/\/+$/, '')}/model.json`);
  const path = url.pathname.slice(url.pathname.lastIndexOf('/') + 1);
  const files = httpFiles(new URL('.', url), options);
  return { model: await readLayersModel(files, path), file: url.href };
}

/**
 * Reads and checks a Keras export (JSON, topology, weight specs, paths inside the folder, the
 * weights' sizes before they are read, finite values) with the library's own model-file reader.
 * @throws {@link ModelFileError} naming the file and the problem; {@link InvalidInputError}
 *   for a source of no known kind.
 * @internal
 */
export async function readKerasExport(
  source: KerasModelSource,
  options: LoadOptions,
): Promise<{ model: LayersArtifacts; file: string }> {
  if (typeof source === 'string') {
    const scheme = schemeOf(source);
    if (scheme === 'http' || scheme === 'https') return fromHttp(source, options);
    if (scheme !== undefined) {
      throw new InvalidInputError(
        `loadKerasModel reads a model.json path or folder (Node), an http(s):// URL or a tf.io.IOHandler; for ${scheme}:// pass the IOHandler (e.g. tf.io.browserFiles).`,
      );
    }
    const { files, path } = await openLayersModelFolder(source);
    return { model: await readLayersModel(files, path), file: files.name(path) };
  }
  if (isIOHandler(source)) return fromHandler(source);
  throw new InvalidInputError(
    'loadKerasModel takes a model.json path or its folder (Node), an http(s):// URL, or a tf.io.IOHandler.',
  );
}

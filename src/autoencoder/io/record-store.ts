import * as tf from '@tensorflow/tfjs-core';
import { InvalidInputError, ModelFileError } from '../../errors/index.js';
import {
  type AutoencoderArtifacts,
  checkLayersArtifacts,
  checkLoaded,
  toModelArtifacts,
} from './artifacts.js';
import { checkSaveResult, messageOf, storeError } from './errors.js';
import { type CheckManifestOptions, checkManifest } from './manifest.js';
import { schemeOf } from './scheme.js';
import type { AutoencoderStore, StorePart } from './store.js';
import { FORMAT, LIBRARY_VERSION } from './version.js';

/** Record keys of a model saved under a tfjs URL prefix. */
export function recordUrls(prefix: string): { manifest: string; encoder: string; decoder: string } {
  const base = prefix.replace(/\/+$/, '');
  return {
    manifest: `${base}/autoencoder`,
    encoder: `${base}/encoder`,
    decoder: `${base}/decoder`,
  };
}

const RECORD_SHAPE =
  'the tfjs ModelArtifacts that ae.save stored under that key ({ modelTopology, weightSpecs, weightData })';

function routedHandler(url: string, kind: 'save' | 'load'): tf.io.IOHandler {
  const handlers = kind === 'save' ? tf.io.getSaveHandlers(url) : tf.io.getLoadHandlers(url);
  const scheme = schemeOf(url) ?? '';
  if (handlers.length === 0) {
    const hint =
      scheme === 'indexeddb' || scheme === 'localstorage'
        ? ` ${scheme}:// needs a browser; in Node pass a folder path.`
        : ' Register one with tf.io.registerSaveRouter / registerLoadRouter, or pass a tf.io.IOHandler.';
    throw new InvalidInputError(`No TensorFlow.js IO handler can ${kind} ${url} here.${hint}`);
  }
  if (handlers.length > 1) {
    throw new InvalidInputError(
      `${handlers.length} TensorFlow.js IO handlers accept ${url}; pass the tf.io.IOHandler you mean instead of the URL.`,
    );
  }
  return handlers[0]!;
}

async function saveRecord(url: string, artifacts: tf.io.ModelArtifacts): Promise<void> {
  const handler = routedHandler(url, 'save');
  if (!handler.save) throw new InvalidInputError(`The IO handler for ${url} cannot save.`);
  let result: tf.io.SaveResult | undefined;
  try {
    result = await handler.save(artifacts);
  } catch (error) {
    throw storeError(url, 'save', error);
  }
  checkSaveResult(url, result);
}

async function loadRecord(
  url: string,
  needs: readonly ('modelTopology' | 'weightSpecs' | 'weightData')[],
): Promise<tf.io.ModelArtifacts> {
  const handler = routedHandler(url, 'load');
  if (!handler.load) throw new InvalidInputError(`The IO handler for ${url} cannot load.`);
  let loaded: unknown;
  try {
    loaded = await handler.load();
  } catch (error) {
    throw new ModelFileError(`${url}: no saved model could be read there (${messageOf(error)}).`, {
      cause: error,
    });
  }
  return checkLoaded(loaded, url, needs, RECORD_SHAPE);
}

async function writeRecords(prefix: string, saved: AutoencoderArtifacts): Promise<void> {
  const urls = recordUrls(prefix);
  // The manifest goes last, so a load never finds a manifest without its models.
  await saveRecord(urls.encoder, toModelArtifacts(saved.encoder));
  await saveRecord(urls.decoder, toModelArtifacts(saved.decoder));
  await saveRecord(urls.manifest, {
    modelTopology: saved.manifest,
    weightSpecs: [],
    weightData: new ArrayBuffer(0),
    format: FORMAT,
    generatedBy: `autoencoders ${LIBRARY_VERSION}`,
    convertedBy: null,
  });
}

async function readRecords(
  prefix: string,
  check: CheckManifestOptions,
): Promise<AutoencoderArtifacts> {
  const urls = recordUrls(prefix);
  const record = await loadRecord(urls.manifest, ['modelTopology']);
  const manifest = checkManifest(record.modelTopology, urls.manifest, check);
  const parts = ['modelTopology', 'weightSpecs'] as const;
  const encoder = checkLayersArtifacts(await loadRecord(urls.encoder, parts), urls.encoder);
  const decoder = checkLayersArtifacts(await loadRecord(urls.decoder, parts), urls.decoder);
  return { manifest, encoder, decoder };
}

/**
 * The store of a tfjs URL scheme with registered routers (`indexeddb://`, `localstorage://`, or
 * any other): three records under the prefix, `autoencoder`, `encoder` and `decoder`, each a
 * standard tfjs ModelArtifacts.
 */
export function recordStore(prefix: string): AutoencoderStore {
  return {
    name: prefix,
    label: (part: StorePart) => recordUrls(prefix)[part],
    read: (check) => readRecords(prefix, check),
    write: (saved) => writeRecords(prefix, saved),
  };
}

/** Removes the records of a model saved under a prefix (checkpoint pruning); absent ones are skipped. */
export async function removeRecords(prefix: string): Promise<void> {
  const urls = recordUrls(prefix);
  for (const url of [urls.manifest, urls.encoder, urls.decoder]) {
    await tf.io.removeModel(url).catch(() => undefined);
  }
}

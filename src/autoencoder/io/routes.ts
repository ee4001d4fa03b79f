import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { AutoencodersError, InvalidInputError, ModelFileError } from '../../errors/index.js';
import {
  type AutoencoderArtifacts,
  type AutoencoderBundle,
  captureArtifacts,
  checkFiniteForSave,
  checkLayersArtifacts,
  checkLoaded,
  checkTopology,
  checkWeightData,
  checkWeightSpecs,
  fromCombinedArtifacts,
  type LayersArtifacts,
  toBundle,
  toCombinedArtifacts,
  toModelArtifacts,
} from './artifacts.js';
import { isJsonObject, parseModelJson } from './json.js';
import {
  type AutoencoderManifest,
  type CheckManifestOptions,
  checkManifest,
  createManifest,
  type ManifestParts,
} from './manifest.js';
import { loadFromFolder, saveToFolder } from './node-files.js';
import { checkRelativePath } from './paths.js';
import { FILES, FORMAT, LIBRARY_VERSION } from './version.js';

/**
 * Where `ae.save` writes a model.
 *
 * - a folder path or `file://` URL (Node): `autoencoder.json`, `encoder/`, `decoder/`, written atomically;
 * - a tfjs URL scheme with a registered save router, such as `indexeddb://name` or
 *   `localstorage://name`: three records, `name/encoder`, `name/decoder` and `name/autoencoder`;
 * - `downloads://name` (browser): one file, `name.autoencoder.json`;
 * - a `tf.io.IOHandler`: its `save` receives the whole model as one `ModelArtifacts`.
 *
 * @example
 * ```ts
 * import type { SaveDestination } from 'autoencoders';
 * const where: SaveDestination = typeof window === 'undefined' ? './models/digits' : 'indexeddb://digits';
 * ```
 */
export type SaveDestination = string | tf.io.IOHandler;

/**
 * What `Autoencoder.load` reads: anything `ae.save` wrote, plus an `http(s)://` folder URL, a
 * downloaded bundle as a `File`/`Blob`, or the bundle's parsed JSON.
 *
 * @example
 * ```ts
 * import type { LoadSource } from 'autoencoders';
 * const from: LoadSource = 'https://example.com/models/digits';
 * ```
 */
export type LoadSource = string | tf.io.IOHandler | Blob | AutoencoderBundle;

/**
 * Options of `Autoencoder.load`.
 *
 * @example
 * ```ts
 * import type { LoadOptions } from 'autoencoders';
 * const options: LoadOptions = { requestInit: { credentials: 'include' } };
 * ```
 */
export interface LoadOptions {
  /**
   * The fetch function for `http(s)://` sources.
   * @defaultValue `globalThis.fetch`
   */
  fetch?: typeof fetch;
  /** Passed to every fetch of an `http(s)://` source (headers, credentials...). */
  requestInit?: RequestInit;
}

const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//;

function schemeOf(location: string): string | undefined {
  const match = SCHEME.exec(location);
  const scheme = match?.[1]?.toLowerCase();
  return scheme === 'file' ? undefined : scheme;
}

function isIOHandler(value: unknown): value is tf.io.IOHandler {
  return (
    typeof value === 'object' &&
    value !== null &&
    (typeof (value as tf.io.IOHandler).save === 'function' ||
      typeof (value as tf.io.IOHandler).load === 'function')
  );
}

function isBlob(value: unknown): value is Blob {
  return typeof Blob !== 'undefined' && value instanceof Blob;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function wrap(label: string, doing: string, error: unknown): AutoencodersError {
  if (AutoencodersError.is(error)) return error;
  return new ModelFileError(`${label}: could not ${doing} (${message(error)}).`, { cause: error });
}

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
    throw wrap(url, 'save', error);
  }
  if (result?.errors && result.errors.length > 0) {
    throw new ModelFileError(`${url}: could not save (${result.errors.map(String).join('; ')}).`);
  }
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
    throw new ModelFileError(`${url}: no saved model could be read there (${message(error)}).`, {
      cause: error,
    });
  }
  return checkLoaded(loaded, url, needs, RECORD_SHAPE);
}

const RECORD_SHAPE =
  'the tfjs ModelArtifacts that ae.save stored under that key ({ modelTopology, weightSpecs, weightData })';

const HANDLER_SHAPE =
  'the ModelArtifacts that ae.save(handler) gave its save(): { modelTopology: { autoencoder, encoder, decoder }, weightSpecs, weightData }';

/** Record keys of a model saved under a tfjs URL prefix. */
export function recordUrls(prefix: string): { manifest: string; encoder: string; decoder: string } {
  const base = prefix.replace(/\/+$/, '');
  return {
    manifest: `${base}/autoencoder`,
    encoder: `${base}/encoder`,
    decoder: `${base}/decoder`,
  };
}

function download(saved: AutoencoderArtifacts, url: string): void {
  if (typeof document === 'undefined' || typeof URL.createObjectURL !== 'function') {
    throw new InvalidInputError(
      `${url} needs a browser page to download from; in Node pass a folder path.`,
    );
  }
  const name = url.slice('downloads://'.length).replace(/\/+$/, '') || 'model';
  const blob = new Blob([JSON.stringify(toBundle(saved))], { type: 'application/json' });
  const href = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.download = `${name}.autoencoder.json`;
  anchor.href = href;
  anchor.click();
  const timer: unknown = setTimeout(() => URL.revokeObjectURL(href), 60_000);
  (timer as { unref?: () => void }).unref?.();
}

/** Writes a serialized autoencoder to a destination (see {@link SaveDestination}). */
export async function writeAutoencoder(
  saved: AutoencoderArtifacts,
  destination: SaveDestination,
): Promise<void> {
  if (typeof destination === 'string') {
    const scheme = schemeOf(destination);
    if (scheme === undefined) return saveToFolder(saved, destination);
    if (scheme === 'downloads') return download(saved, destination);
    if (scheme === 'http' || scheme === 'https') {
      throw new InvalidInputError(
        `Cannot save to ${destination} by URL; pass tf.io.http(url) as the destination to POST the whole model as one ModelArtifacts, or save to a folder and serve it.`,
      );
    }
    const urls = recordUrls(destination);
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
    return;
  }
  if (isIOHandler(destination)) {
    if (typeof destination.save !== 'function')
      throw new InvalidInputError('The IOHandler given to save() has no save method.');
    let result: tf.io.SaveResult | undefined;
    try {
      result = await destination.save(toCombinedArtifacts(saved));
    } catch (error) {
      throw wrap('the IOHandler', 'save', error);
    }
    if (result?.errors && result.errors.length > 0) {
      throw new ModelFileError(
        `the IOHandler: could not save (${result.errors.map(String).join('; ')}).`,
      );
    }
    return;
  }
  throw new InvalidInputError(
    'save() takes a folder path (Node), a URL such as indexeddb://name, localstorage://name or downloads://name, or a tf.io.IOHandler.',
  );
}

async function fetchChecked(
  url: URL,
  options: LoadOptions,
  expectedBytes?: number,
): Promise<Response> {
  const fetchFn = options.fetch ?? globalThis.fetch;
  if (typeof fetchFn !== 'function')
    throw new InvalidInputError('No fetch function is available; pass one in the load options.');
  let response: Response;
  try {
    response = await fetchFn(url.href, options.requestInit);
  } catch (error) {
    throw new ModelFileError(`${url.href}: the request failed (${message(error)}).`, {
      cause: error,
    });
  }
  if (!response.ok) {
    throw new ModelFileError(
      `${url.href}: the server answered ${response.status} ${response.statusText}.`,
    );
  }
  const length = response.headers.get('content-length');
  if (
    expectedBytes !== undefined &&
    length !== null &&
    response.headers.get('content-encoding') === null &&
    Number(length) !== expectedBytes
  ) {
    await response.body?.cancel().catch(() => undefined);
    throw new ModelFileError(
      `${url.href} holds ${length} bytes, but its model.json declares ${expectedBytes}; the weights are truncated or belong to another model.`,
    );
  }
  return response;
}

async function fetchJson(url: URL, options: LoadOptions): Promise<unknown> {
  const response = await fetchChecked(url, options);
  return parseModelJson(await response.text(), url.href);
}

function insideFolder(candidate: URL, root: URL): boolean {
  return candidate.origin === root.origin && candidate.pathname.startsWith(root.pathname);
}

async function fetchLayersModel(
  root: URL,
  rel: string,
  options: LoadOptions,
): Promise<LayersArtifacts> {
  const modelUrl = new URL(rel, root);
  const file = modelUrl.href;
  const json = await fetchJson(modelUrl, options);
  if (!isJsonObject(json)) throw new ModelFileError(`${file} is not a model.json object.`);
  const modelTopology = checkTopology(json.modelTopology, file);
  if (!Array.isArray(json.weightsManifest))
    throw new ModelFileError(`${file} has no weightsManifest list.`);
  const groups = json.weightsManifest.map((group, g) => {
    if (!isJsonObject(group) || !Array.isArray(group.paths))
      throw new ModelFileError(`${file}: weightsManifest[${g}] is not { paths, weights }.`);
    const { specs, bytes } = checkWeightSpecs(group.weights, file);
    const urls = group.paths.map((p) => {
      const url = new URL(checkRelativePath(p, file), modelUrl);
      if (!insideFolder(url, root))
        throw new ModelFileError(
          `${file} names the weights file ${JSON.stringify(p)}, outside ${root.href}; refused.`,
        );
      return url;
    });
    return { specs, bytes, urls };
  });
  const specs = groups.flatMap((g) => g.specs);
  const total = groups.reduce((sum, g) => sum + g.bytes, 0);
  const data = new Uint8Array(total);
  let offset = 0;
  for (const group of groups) {
    let groupBytes = 0;
    for (const url of group.urls) {
      const single = group.urls.length === 1 ? group.bytes : undefined;
      const bytes = new Uint8Array(await (await fetchChecked(url, options, single)).arrayBuffer());
      groupBytes += bytes.byteLength;
      if (groupBytes > group.bytes) {
        throw new ModelFileError(
          `${url.href}: the weights are longer than the ${group.bytes} bytes ${file} declares; they belong to another model.`,
        );
      }
      data.set(bytes, offset);
      offset += bytes.byteLength;
    }
    if (groupBytes !== group.bytes) {
      throw new ModelFileError(
        `${group.urls.map((u) => u.href).join(', ')} holds ${groupBytes} bytes, but ${file} declares ${group.bytes}; the weights are truncated or belong to another model.`,
      );
    }
  }
  checkWeightData(data.buffer, specs, total, file);
  return { modelTopology, weightSpecs: specs, weightData: data.buffer };
}

async function fetchAutoencoder(
  location: string,
  check: CheckManifestOptions,
  options: LoadOptions,
): Promise<AutoencoderArtifacts> {
  const manifestUrl = location.endsWith('.json')
    ? new URL(location)
    : new URL(FILES.manifest, location.endsWith('/') ? location : `${location}/`);
  const root = new URL('.', manifestUrl);
  const json = await fetchJson(manifestUrl, options);
  // A served downloads:// bundle (one file) rather than a folder's autoencoder.json.
  if (isJsonObject(json) && 'modelTopology' in json && 'weightData' in json) {
    return fromCombinedArtifacts(json, manifestUrl.href, check);
  }
  const manifest = checkManifest(json, manifestUrl.href, check);
  const encoder = await fetchLayersModel(root, manifest.files.encoder, options);
  const decoder = await fetchLayersModel(root, manifest.files.decoder, options);
  return { manifest, encoder, decoder };
}

async function loadRouted(
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

/** A short name of a load source, for error messages. */
export function describeSource(source: LoadSource | SaveDestination): string {
  if (typeof source === 'string') return source;
  if (isBlob(source))
    return (source as { name?: unknown }).name
      ? String((source as { name?: unknown }).name)
      : 'the Blob';
  if (isIOHandler(source)) return 'the IOHandler';
  return 'the bundle';
}

/** A name for the encoder's or decoder's file(s) in a source, for error messages. */
export function partLabel(
  source: LoadSource,
  manifest: AutoencoderManifest,
  part: 'encoder' | 'decoder',
): string {
  if (typeof source === 'string') {
    const scheme = schemeOf(source);
    if (scheme === undefined) return `${source.replace(/[\\/]+$/, '')}/${manifest.files[part]}`;
    if (scheme !== 'http' && scheme !== 'https') return recordUrls(source)[part];
  }
  return `${describeSource(source)} (${part})`;
}

/** A name for the manifest of a source, for error messages. */
export function manifestLabel(source: LoadSource): string {
  if (typeof source === 'string') {
    const scheme = schemeOf(source);
    if (scheme === undefined) return `${source.replace(/[\\/]+$/, '')}/${FILES.manifest}`;
    if (scheme === 'http' || scheme === 'https') {
      return source.endsWith('.json')
        ? source
        : new URL(FILES.manifest, source.endsWith('/') ? source : `${source}/`).href;
    }
    return recordUrls(source).manifest;
  }
  return describeSource(source);
}

/** Reads (and checks, without building anything) a serialized autoencoder. */
export async function readAutoencoder(
  source: LoadSource,
  check: CheckManifestOptions,
  options: LoadOptions = {},
): Promise<AutoencoderArtifacts> {
  if (typeof source === 'string') {
    const scheme = schemeOf(source);
    if (scheme === undefined) return loadFromFolder(source, check);
    if (scheme === 'http' || scheme === 'https') return fetchAutoencoder(source, check, options);
    if (scheme === 'downloads') {
      throw new InvalidInputError(
        `A download cannot be read back by its name (${source}); pass the downloaded file itself (a File from <input type="file">, or a Blob) to Autoencoder.load.`,
      );
    }
    return loadRouted(source, check);
  }
  if (isBlob(source)) {
    const label = describeSource(source);
    let text: string;
    try {
      text = await source.text();
    } catch (error) {
      throw wrap(label, 'read the file', error);
    }
    const json = parseModelJson(text, label);
    if (!isJsonObject(json))
      throw new ModelFileError(`${label} is not a saved autoencoder bundle.`);
    return fromCombinedArtifacts(json, label, check);
  }
  if (isIOHandler(source)) {
    if (typeof source.load !== 'function')
      throw new InvalidInputError('The IOHandler given to load() has no load method.');
    let loaded: unknown;
    try {
      loaded = await source.load();
    } catch (error) {
      throw wrap('the IOHandler', 'load', error);
    }
    const artifacts = checkLoaded(
      loaded,
      'the IOHandler',
      ['modelTopology', 'weightSpecs', 'weightData'],
      HANDLER_SHAPE,
    );
    return fromCombinedArtifacts(artifacts, 'the IOHandler', check);
  }
  if (isJsonObject(source)) return fromCombinedArtifacts(source, 'the bundle', check);
  throw new InvalidInputError(
    'load() takes a folder path (Node), a URL (indexeddb://, localstorage://, http(s)://), a File or Blob of a downloaded model, its parsed JSON, or a tf.io.IOHandler.',
  );
}

/** The parts of a live model that a save needs. */
export interface SavableParts extends ManifestParts {
  encoder: tfl.LayersModel;
  decoder: tfl.LayersModel;
}

/**
 * Serializes a model and writes it (the engine of `ae.save`).
 *
 * @throws {@link ModelFileError} or {@link InvalidInputError}; a failed save leaves an earlier one intact (folders).
 */
export async function saveAutoencoder(
  parts: SavableParts,
  destination: SaveDestination,
): Promise<void> {
  if (typeof destination !== 'string' && !isIOHandler(destination)) {
    throw new InvalidInputError(
      'save() takes a folder path (Node), a URL such as indexeddb://name, localstorage://name or downloads://name, or a tf.io.IOHandler.',
    );
  }
  const saved: AutoencoderArtifacts = {
    manifest: createManifest(parts),
    encoder: await captureArtifacts(parts.encoder),
    decoder: await captureArtifacts(parts.decoder),
  };
  checkFiniteForSave(saved.encoder, 'encoder');
  checkFiniteForSave(saved.decoder, 'decoder');
  await writeAutoencoder(saved, destination);
}

import { InvalidInputError, ModelFileError } from '../../errors/index.js';
import type { AutoencoderArtifacts } from './artifacts.js';
import { fromCombinedArtifacts } from './combined.js';
import { messageOf } from './errors.js';
import { isJsonObject, parseModelJson } from './json.js';
import type { CheckManifestOptions } from './manifest.js';
import { readSavedFiles } from './read-layers-model.js';
import type { AutoencoderStore, FileStore, LoadOptions } from './store.js';
import { FILES } from './version.js';

async function fetchChecked(url: URL, options: LoadOptions, maxBytes?: number): Promise<Response> {
  const fetchFn = options.fetch ?? globalThis.fetch;
  if (typeof fetchFn !== 'function')
    throw new InvalidInputError('No fetch function is available; pass one in the load options.');
  let response: Response;
  try {
    response = await fetchFn(url.href, options.requestInit);
  } catch (error) {
    throw new ModelFileError(`${url.href}: the request failed (${messageOf(error)}).`, {
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
    maxBytes !== undefined &&
    length !== null &&
    response.headers.get('content-encoding') === null &&
    Number(length) > maxBytes
  ) {
    // Refused before the body is read: a hostile server cannot make the load allocate it.
    await response.body?.cancel().catch(() => undefined);
    throw new ModelFileError(
      `${url.href} holds ${length} bytes, more than the ${maxBytes} its model.json declares; the weights belong to another model.`,
    );
  }
  return response;
}

/** The files under an http(s) folder URL (`root` ends with a slash). */
export function httpFiles(root: URL, options: LoadOptions): FileStore {
  const resolve = (path: string): URL => {
    const url = new URL(path, root);
    if (url.origin !== root.origin || !url.pathname.startsWith(root.pathname)) {
      throw new ModelFileError(`${url.href} lies outside ${root.href}; refused.`);
    }
    return url;
  };
  return {
    name: (path) => resolve(path).href,
    readText: async (path) => (await fetchChecked(resolve(path), options)).text(),
    readBytes: async (path, maxBytes) =>
      new Uint8Array(await (await fetchChecked(resolve(path), options, maxBytes)).arrayBuffer()),
  };
}

/** The address of the manifest: the `.json` file itself, or `autoencoder.json` in the folder. */
function manifestUrl(location: string): URL {
  return location.endsWith('.json')
    ? new URL(location)
    : new URL(FILES.manifest, location.endsWith('/') ? location : `${location}/`);
}

async function readHttp(
  location: string,
  check: CheckManifestOptions,
  options: LoadOptions,
): Promise<AutoencoderArtifacts> {
  const url = manifestUrl(location);
  const files = httpFiles(new URL('.', url), options);
  const json = parseModelJson(await (await fetchChecked(url, options)).text(), url.href);
  // A served downloads:// bundle (one file) rather than a folder's autoencoder.json.
  if (isJsonObject(json) && 'modelTopology' in json && 'weightData' in json) {
    return fromCombinedArtifacts(json, url.href, check);
  }
  return readSavedFiles(files, json, url.href, check);
}

/**
 * The store of an `http(s)://` folder URL (or the URL of a served bundle file): read only; to
 * save over HTTP pass `tf.io.http(url)` as the destination.
 */
export function httpStore(location: string, options: LoadOptions): AutoencoderStore {
  return {
    name: location,
    label: (part) => (part === 'manifest' ? manifestUrl(location).href : `${location} (${part})`),
    read: (check) => readHttp(location, check, options),
    write: async () => {
      throw new InvalidInputError(
        `Cannot save to ${location} by URL; pass tf.io.http(url) as the destination to POST the whole model as one ModelArtifacts, or save to a folder and serve it.`,
      );
    },
  };
}

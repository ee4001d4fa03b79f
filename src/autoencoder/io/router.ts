import { InvalidInputError } from '../../errors/index.js';
import { bundleStore, downloadStore, isBlob } from './bundle-store.js';
import { handlerStore, isIOHandler } from './handler-store.js';
import { httpStore } from './http-store.js';
import { isJsonObject } from './json.js';
import { folderStore } from './node-files.js';
import { recordStore } from './record-store.js';
import { schemeOf } from './scheme.js';
import type { AutoencoderStore, LoadOptions, LoadSource, SaveDestination } from './store.js';

/** The store of a location string: a folder, http(s), downloads://, or a tfjs record scheme. */
function storeOfLocation(location: string, options: LoadOptions): AutoencoderStore {
  const scheme = schemeOf(location);
  if (scheme === undefined) return folderStore(location);
  if (scheme === 'http' || scheme === 'https') return httpStore(location, options);
  if (scheme === 'downloads') return downloadStore(location);
  return recordStore(location);
}

/**
 * Picks the store `ae.save` writes to; it does nothing else.
 *
 * @throws {@link InvalidInputError} for a destination that is neither a string nor an IOHandler.
 */
export function saveStore(destination: SaveDestination): AutoencoderStore {
  if (typeof destination === 'string') return storeOfLocation(destination, {});
  if (isIOHandler(destination)) return handlerStore(destination);
  throw new InvalidInputError(
    'save() takes a folder path (Node), a URL such as indexeddb://name, localstorage://name or downloads://name, or a tf.io.IOHandler.',
  );
}

/**
 * Picks the store `Autoencoder.load` reads from; it does nothing else.
 *
 * @throws {@link InvalidInputError} for a source of no known kind.
 */
export function loadStore(source: LoadSource, options: LoadOptions): AutoencoderStore {
  if (typeof source === 'string') return storeOfLocation(source, options);
  if (isBlob(source)) return bundleStore(source);
  if (isIOHandler(source)) return handlerStore(source);
  if (isJsonObject(source)) return bundleStore(source);
  throw new InvalidInputError(
    'load() takes a folder path (Node), a URL (indexeddb://, localstorage://, http(s)://), a File or Blob of a downloaded model, its parsed JSON, or a tf.io.IOHandler.',
  );
}

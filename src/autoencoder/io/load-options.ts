import { ConfigurationError } from '../../errors/index.js';
import { readOptions } from '../../pca/options.js';
import type { LoadOptions } from './store.js';

/**
 * Checks the options of `Autoencoder.load`: an object (or nothing) with only known keys, `fetch`
 * a function, `requestInit` an object.
 *
 * @throws {@link ConfigurationError} naming the option.
 */
export function readLoadOptions(options: LoadOptions | undefined): LoadOptions {
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

/**
 * The Node file system behind the folder store. The browser build swaps this module (by its
 * import specifier `./node-files.js`, see tsup.config.ts) for node-files.browser.ts, so that no
 * `node:` module reaches a browser bundle: every module that imports `node:` is reached through
 * this one only.
 */
import type { AutoencoderArtifacts } from './artifacts.js';
import { readFolder } from './folder-files.js';
import { saveToFolder } from './folder-save.js';
import type { AutoencoderManifest, CheckManifestOptions } from './manifest.js';
import type { AutoencoderStore, StorePart } from './store.js';
import { FILES } from './version.js';

export { openLayersModelFolder } from './folder-files.js';
export { removeSave } from './folder-save.js';

/**
 * The store of a model folder (a path or a `file://` URL): `autoencoder.json`, `encoder/` and
 * `decoder/`, written atomically, read with every file checked.
 */
export function folderStore(location: string): AutoencoderStore {
  const base = location.replace(/[\\/]+$/, '');
  return {
    name: location,
    label: (part: StorePart, manifest: AutoencoderManifest) =>
      `${base}/${part === 'manifest' ? FILES.manifest : manifest.files[part]}`,
    read: (check: CheckManifestOptions) => readFolder(location, check),
    write: (saved: AutoencoderArtifacts) => saveToFolder(saved, location),
  };
}

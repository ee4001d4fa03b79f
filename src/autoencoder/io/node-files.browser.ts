/**
 * The browser build's stand-in for node-files.ts: folder paths need Node's file system.
 */
import { InvalidInputError } from '../../errors/index.js';
import type { AutoencoderStore, FileStore } from './store.js';

function needsNode(location: string): InvalidInputError {
  return new InvalidInputError(
    `${JSON.stringify(location)} is a folder path, and a folder path needs Node; in the browser pass 'indexeddb://name', 'localstorage://name', 'downloads://name', an http(s):// URL (to load), a File, or a tf.io.IOHandler.`,
  );
}

/** In the browser a folder store refuses both directions, saying what to pass instead. */
export function folderStore(location: string): AutoencoderStore {
  return {
    name: location,
    label: () => location,
    read: async () => {
      throw needsNode(location);
    },
    write: async () => {
      throw needsNode(location);
    },
  };
}

/** Refuses: removing a folder needs Node. */
export async function removeSave(location: string): Promise<void> {
  throw needsNode(location);
}

/** Refuses: reading a model.json from a folder needs Node. */
export async function openLayersModelFolder(
  location: string,
): Promise<{ files: FileStore; path: string }> {
  throw needsNode(location);
}

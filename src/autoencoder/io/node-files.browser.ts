/**
 * The browser build's stand-in for node-files.ts: folder paths need Node's file system.
 */
import { InvalidInputError } from '../../errors/index.js';
import type { AutoencoderArtifacts } from './artifacts.js';
import type { CheckManifestOptions } from './manifest.js';

/** False in this build: folder paths do not work. */
export const FILES_SUPPORTED = false;

function needsNode(location: string): InvalidInputError {
  return new InvalidInputError(
    `${JSON.stringify(location)} is a folder path, and a folder path needs Node; in the browser pass 'indexeddb://name', 'localstorage://name', 'downloads://name', an http(s):// URL (to load), a File, or a tf.io.IOHandler.`,
  );
}

export function toFolderPath(location: string): string {
  throw needsNode(location);
}

export async function saveToFolder(_saved: AutoencoderArtifacts, location: string): Promise<void> {
  throw needsNode(location);
}

export async function loadFromFolder(
  location: string,
  _options: CheckManifestOptions,
): Promise<AutoencoderArtifacts> {
  throw needsNode(location);
}

export async function isOwnSave(_location: string): Promise<boolean> {
  return false;
}

export async function removeSave(location: string): Promise<void> {
  throw needsNode(location);
}

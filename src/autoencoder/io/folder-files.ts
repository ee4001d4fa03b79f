/** Reading a saved model from a folder (Node only, reached through node-files.ts). */
import { readFile, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ModelFileError } from '../../errors/index.js';
import type { AutoencoderArtifacts } from './artifacts.js';
import { storeError } from './errors.js';
import { parseModelJson } from './json.js';
import type { CheckManifestOptions } from './manifest.js';
import { isInside, isMissing, toFolderPath } from './node-fs.js';
import { readSavedFiles } from './read-layers-model.js';
import type { FileStore } from './store.js';
import { FILES } from './version.js';

/**
 * The real path of a file of a model folder, with every symbolic link resolved; refuses one that
 * lands outside the folder's real path, since a link is as good as a `../` path to an attacker.
 */
async function realPathInside(realRoot: string, path: string, missing: string): Promise<string> {
  let real: string;
  try {
    real = await realpath(path);
  } catch (error) {
    if (isMissing(error))
      throw new ModelFileError(`${path} is missing; ${missing}.`, { cause: error });
    throw storeError(path, 'resolve the path', error);
  }
  if (!isInside(realRoot, real)) {
    throw new ModelFileError(
      `${path} is a symbolic link to ${real}, outside the model folder ${realRoot}; refused. Copy the file into the folder instead of linking it.`,
    );
  }
  return real;
}

/** The files of a model folder; `realRoot` is its real path, against which links are checked. */
function folderFiles(root: string, realRoot: string): FileStore {
  const name = (path: string) => join(root, ...path.split('/'));
  const open = (path: string, missing: string) => realPathInside(realRoot, name(path), missing);
  return {
    name,
    async readText(path, missing) {
      const real = await open(path, missing);
      return readFile(real, 'utf8').catch((error: unknown) => {
        throw storeError(name(path), 'read the file', error);
      });
    },
    async size(path, missing) {
      const real = await open(path, missing);
      const info = await stat(real).catch((error: unknown) => {
        throw storeError(name(path), 'inspect the weights file', error);
      });
      if (!info.isFile()) throw new ModelFileError(`${name(path)} is not a file.`);
      return info.size;
    },
    async readBytes(path, _maxBytes, missing) {
      const real = await open(path, missing);
      const bytes = await readFile(real).catch((error: unknown) => {
        throw storeError(name(path), 'read the weights', error);
      });
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    },
  };
}

/** Opens a model folder: the path the user gave (for messages) and its real path. */
async function openFolder(
  location: string,
  holds: string = FILES.manifest,
): Promise<{ root: string; realRoot: string }> {
  const root = toFolderPath(location);
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(root);
  } catch (error) {
    if (isMissing(error))
      throw new ModelFileError(`The model folder ${root} does not exist.`, { cause: error });
    throw storeError(root, 'open the model folder', error);
  }
  if (!info.isDirectory()) {
    throw new ModelFileError(`${root} is a file; pass the folder that holds ${holds}.`);
  }
  const realRoot = await realpath(root).catch((error: unknown) => {
    throw storeError(root, 'resolve the model folder', error);
  });
  return { root, realRoot };
}

/**
 * Reads a saved model from a folder and checks every file before anything is built.
 *
 * @throws {@link ModelFileError} naming the file and the problem.
 */
export async function readFolder(
  location: string,
  check: CheckManifestOptions,
): Promise<AutoencoderArtifacts> {
  const { root, realRoot } = await openFolder(location);
  const files = folderFiles(root, realRoot);
  const manifestName = files.name(FILES.manifest);
  const text = await files.readText(
    FILES.manifest,
    `${root} is not a saved autoencoder, or its save did not finish`,
  );
  return readSavedFiles(files, parseModelJson(text, manifestName), manifestName, check);
}

/**
 * The files of one tfjs Layers model on disk (a Keras export): `location` is its model.json, or
 * the folder that holds one. Links out of the folder are refused as for a saved autoencoder.
 *
 * @throws {@link ModelFileError} when the folder is missing or not a folder.
 */
export async function openLayersModelFolder(
  location: string,
): Promise<{ files: FileStore; path: string }> {
  const isFile = location.toLowerCase().endsWith('.json');
  const folder = isFile ? dirname(toFolderPath(location)) : location;
  const { root, realRoot } = await openFolder(folder, 'model.json');
  return { files: folderFiles(root, realRoot), path: isFile ? basename(location) : 'model.json' };
}

/**
 * Saving a model to a folder atomically, one save of a folder at a time, and removing a save
 * (checkpoint pruning). Node only (reached through node-files.ts).
 */
import { lstat, mkdir, readdir, readFile, rename, rm, rmdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ModelFileError } from '../../errors/index.js';
import type { AutoencoderArtifacts, LayersArtifacts } from './artifacts.js';
import { storeError } from './errors.js';
import { isJsonObject, parseModelJson } from './json.js';
import { isMissing, toFolderPath, uniqueSibling, writeDurably } from './node-fs.js';
import { FILES, FORMAT, LIBRARY_VERSION } from './version.js';

function modelJson(model: LayersArtifacts, weightsFile: string): string {
  return JSON.stringify({
    modelTopology: model.modelTopology,
    format: 'layers-model',
    generatedBy: `autoencoders ${LIBRARY_VERSION}`,
    convertedBy: null,
    weightsManifest: [{ paths: [weightsFile], weights: model.weightSpecs }],
  });
}

async function writeSave(folder: string, saved: AutoencoderArtifacts): Promise<void> {
  for (const [key, weightsKey] of [
    ['encoder', 'encoderWeights'],
    ['decoder', 'decoderWeights'],
  ] as const) {
    const model = saved[key];
    const file = join(folder, FILES[key]);
    const weights = join(folder, FILES[weightsKey]);
    await mkdir(dirname(file), { recursive: true });
    await writeDurably(weights, new Uint8Array(model.weightData));
    await writeDurably(file, modelJson(model, basename(weights)));
  }
  // The manifest goes last: a folder without it is not a finished save.
  await writeDurably(join(folder, FILES.manifest), JSON.stringify(saved.manifest, null, 2));
}

/** The five files a save writes: the only ones this library ever removes from a folder. */
const OWN_FILES: readonly string[] = Object.values(FILES);

type Existing = 'absent' | 'empty' | 'save';

/** What lies at the destination; refuses anything this library did not write. */
async function inspectDestination(target: string): Promise<Existing> {
  let info: Awaited<ReturnType<typeof lstat>>;
  try {
    info = await lstat(target);
  } catch (error) {
    if (isMissing(error)) return 'absent';
    throw storeError(target, 'inspect the destination', error);
  }
  if (info.isSymbolicLink()) {
    throw new ModelFileError(`${target} is a symbolic link; save to the real folder instead.`);
  }
  if (!info.isDirectory()) {
    throw new ModelFileError(
      `${target} is a file, not a folder; a model is saved as a folder. Choose another path.`,
    );
  }
  const entries = await readdir(target).catch((error: unknown) => {
    throw storeError(target, 'list the destination', error);
  });
  if (entries.length === 0) return 'empty';
  const manifestPath = join(target, FILES.manifest);
  let manifest: unknown;
  try {
    manifest = parseModelJson(await readFile(manifestPath, 'utf8'), manifestPath);
  } catch {
    manifest = undefined;
  }
  if (isJsonObject(manifest) && manifest.format === FORMAT) return 'save';
  throw new ModelFileError(
    `${target} is not empty and is not a model saved by autoencoders (it has no valid ${FILES.manifest}); refusing to write over files this library did not write. Choose a new or empty folder.`,
  );
}

/**
 * Removes the files a save of this library wrote in `folder`, then the folders if they are left
 * empty. Anything else in the folder is kept.
 */
async function removeOwnFiles(folder: string): Promise<void> {
  for (const file of OWN_FILES) await rm(join(folder, file), { force: true });
  for (const sub of ['encoder', 'decoder', '.']) {
    await rmdir(join(folder, sub)).catch(() => undefined);
  }
}

/** Moves what the user kept in an earlier save's folder into the new one (never over a file). */
async function keepForeignEntries(old: string, target: string): Promise<void> {
  const own = new Set<string>(OWN_FILES);
  const move = async (rel: string): Promise<void> => {
    const into = join(target, rel);
    const exists = await lstat(into).then(
      () => true,
      () => false,
    );
    if (!exists) await rename(join(old, rel), into);
  };
  for (const entry of await readdir(old, { withFileTypes: true })) {
    if (own.has(entry.name)) continue;
    if ((entry.name === 'encoder' || entry.name === 'decoder') && entry.isDirectory()) {
      for (const inner of await readdir(join(old, entry.name))) {
        const rel = `${entry.name}/${inner}`;
        if (!own.has(rel)) await move(rel);
      }
      continue;
    }
    await move(entry.name);
  }
}

/** The tail of each destination's queue of saves and removals, by resolved path. */
const queues = new Map<string, Promise<unknown>>();

/**
 * Runs `task` once every earlier save or removal of the same folder (in this process) has
 * settled. Two saves that swapped the folder out at once could otherwise each move the other's
 * files, the user's among them, into a hidden folder. The key is taken before any await, so
 * saves run in the order they were called.
 */
function serialized<T>(folder: string, task: () => Promise<T>): Promise<T> {
  const key = toFolderPath(folder);
  const previous = queues.get(key) ?? Promise.resolve();
  const run = previous.then(task, task);
  const tail = run.catch(() => undefined);
  queues.set(key, tail);
  void tail.then(() => {
    if (queues.get(key) === tail) queues.delete(key);
  });
  return run;
}

/**
 * Saves a model to a folder atomically: the files go to a temporary folder beside the
 * destination, which is then renamed into place. An earlier save at the destination is swapped
 * out and only its own files are removed; a folder that holds anything else is refused.
 *
 * @throws {@link ModelFileError} naming the path and the problem; the destination is then as it was.
 */
export function saveToFolder(saved: AutoencoderArtifacts, location: string): Promise<void> {
  return serialized(location, () => replaceFolder(saved, toFolderPath(location)));
}

async function replaceFolder(saved: AutoencoderArtifacts, target: string): Promise<void> {
  const parent = dirname(target);
  await mkdir(parent, { recursive: true }).catch((error: unknown) => {
    throw storeError(parent, 'create the parent folder', error);
  });
  const existing = await inspectDestination(target);
  const temp = uniqueSibling(target, 'saving');
  try {
    await mkdir(temp);
    await writeSave(temp, saved);
  } catch (error) {
    await rm(temp, { recursive: true, force: true }).catch(() => undefined);
    throw storeError(target, 'write the model (the destination is unchanged)', error);
  }
  try {
    if (existing === 'absent') {
      await rename(temp, target);
    } else if (existing === 'empty') {
      await rmdir(target);
      await rename(temp, target);
    } else {
      const old = uniqueSibling(target, 'replaced');
      await rename(target, old);
      try {
        await rename(temp, target);
      } catch (error) {
        await rename(old, target);
        throw error;
      }
      // The new save is in place. Tidying the old one may fail without harm: at worst the user's
      // extra files, and nothing else, stay in the hidden ".<name>.replaced-*" folder.
      await keepForeignEntries(old, target)
        .then(() => removeOwnFiles(old))
        .catch(() => undefined);
    }
  } catch (error) {
    await removeOwnFiles(temp).catch(() => undefined);
    throw storeError(target, 'move the finished save into place', error);
  }
}

/** True when `location` holds a finished save of this library (used to prune checkpoints). */
async function isOwnSave(location: string): Promise<boolean> {
  try {
    const path = join(toFolderPath(location), FILES.manifest);
    const json = parseModelJson(await readFile(path, 'utf8'), path);
    return isJsonObject(json) && json.format === FORMAT;
  } catch {
    return false;
  }
}

/** Removes a save this library wrote (its own files only). */
export function removeSave(location: string): Promise<void> {
  const folder = toFolderPath(location);
  return serialized(folder, async () => {
    if (!(await isOwnSave(folder))) return;
    await removeOwnFiles(folder).catch((error: unknown) => {
      throw storeError(folder, 'remove the checkpoint', error);
    });
  });
}

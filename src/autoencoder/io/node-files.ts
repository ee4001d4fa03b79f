/**
 * Saving to and loading from a folder on disk (Node). The browser build swaps this module for
 * node-files.browser.ts, so no `node:` module reaches a browser bundle.
 */
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, open, readdir, readFile, rename, rm, rmdir, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AutoencodersError, InvalidInputError, ModelFileError } from '../../errors/index.js';
import {
  type AutoencoderArtifacts,
  checkTopology,
  checkWeightData,
  checkWeightSpecs,
  type LayersArtifacts,
} from './artifacts.js';
import { isJsonObject, parseModelJson } from './json.js';
import { type CheckManifestOptions, checkManifest } from './manifest.js';
import { checkRelativePath, joinRelative } from './paths.js';
import { FILES, FORMAT, LIBRARY_VERSION } from './version.js';

/** True in this build: folder paths work. */
export const FILES_SUPPORTED = true;

function describe(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === 'string' ? `${code}: ${message}` : message;
}

function fileError(path: string, doing: string, error: unknown): ModelFileError {
  if (AutoencodersError.is(error)) return error as ModelFileError;
  return new ModelFileError(`${path}: could not ${doing} (${describe(error)}).`, { cause: error });
}

function isMissing(error: unknown): boolean {
  return (error as { code?: unknown }).code === 'ENOENT';
}

/** A folder path from a path or a `file://` URL. */
export function toFolderPath(location: string): string {
  if (location.length === 0) throw new InvalidInputError('The model folder path is empty.');
  return resolve(location.startsWith('file://') ? fileURLToPath(location) : location);
}

/** Writes a file and flushes it to disk before the save is renamed into place. */
async function writeDurably(path: string, data: string | Uint8Array): Promise<void> {
  const handle = await open(path, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

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

type Existing = 'absent' | 'empty' | 'save';

/** What lies at the destination; refuses anything this library did not write. */
async function inspectDestination(target: string): Promise<Existing> {
  let info: Awaited<ReturnType<typeof lstat>>;
  try {
    info = await lstat(target);
  } catch (error) {
    if (isMissing(error)) return 'absent';
    throw fileError(target, 'inspect the destination', error);
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
    throw fileError(target, 'list the destination', error);
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
export async function removeOwnFiles(folder: string): Promise<void> {
  for (const file of [
    FILES.manifest,
    FILES.encoder,
    FILES.encoderWeights,
    FILES.decoder,
    FILES.decoderWeights,
  ]) {
    await rm(join(folder, file), { force: true });
  }
  for (const sub of ['encoder', 'decoder', '.']) {
    await rmdir(join(folder, sub)).catch(() => undefined);
  }
}

/** Moves what the user kept in an earlier save's folder into the new one (never over a file). */
async function keepForeignEntries(old: string, target: string): Promise<void> {
  const own = new Set([
    FILES.manifest,
    FILES.encoder,
    FILES.encoderWeights,
    FILES.decoder,
    FILES.decoderWeights,
  ]);
  const move = async (rel: string): Promise<void> => {
    const into = join(target, rel);
    const exists = await lstat(into).then(
      () => true,
      () => false,
    );
    if (!exists) await rename(join(old, rel), into);
  };
  for (const entry of await readdir(old, { withFileTypes: true })) {
    if (own.has(entry.name as typeof FILES.manifest)) continue;
    if ((entry.name === 'encoder' || entry.name === 'decoder') && entry.isDirectory()) {
      for (const inner of await readdir(join(old, entry.name))) {
        const rel = `${entry.name}/${inner}`;
        if (!own.has(rel as typeof FILES.encoder)) await move(rel);
      }
      continue;
    }
    await move(entry.name);
  }
}

function uniqueSibling(target: string, tag: string): string {
  return join(
    dirname(target),
    `.${basename(target)}.${tag}-${process.pid}-${randomBytes(4).toString('hex')}`,
  );
}

/**
 * Saves a model to a folder atomically: the files go to a temporary folder beside the
 * destination, which is then renamed into place. An earlier save at the destination is swapped
 * out and only its own files are removed; a folder that holds anything else is refused.
 *
 * @throws {@link ModelFileError} naming the path and the problem; the destination is then as it was.
 */
export async function saveToFolder(saved: AutoencoderArtifacts, location: string): Promise<void> {
  const target = toFolderPath(location);
  const parent = dirname(target);
  await mkdir(parent, { recursive: true }).catch((error: unknown) => {
    throw fileError(parent, 'create the parent folder', error);
  });
  const existing = await inspectDestination(target);
  const temp = uniqueSibling(target, 'saving');
  try {
    await mkdir(temp);
    await writeSave(temp, saved);
  } catch (error) {
    await rm(temp, { recursive: true, force: true }).catch(() => undefined);
    throw fileError(target, 'write the model (the destination is unchanged)', error);
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
    throw fileError(target, 'move the finished save into place', error);
  }
}

async function readLayersModel(root: string, rel: string): Promise<LayersArtifacts> {
  const file = join(root, ...rel.split('/'));
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (isMissing(error))
      throw new ModelFileError(`${file} is missing; the save is incomplete.`, { cause: error });
    throw fileError(file, 'read the file', error);
  }
  const json = parseModelJson(text, file);
  if (!isJsonObject(json)) throw new ModelFileError(`${file} is not a model.json object.`);
  const modelTopology = checkTopology(json.modelTopology, file);
  const groups = json.weightsManifest;
  if (!Array.isArray(groups)) throw new ModelFileError(`${file} has no weightsManifest list.`);
  const allSpecs: LayersArtifacts['weightSpecs'] = [];
  const plan: { paths: string[]; bytes: number; specs: LayersArtifacts['weightSpecs'] }[] = [];
  for (const [g, group] of groups.entries()) {
    if (!isJsonObject(group) || !Array.isArray(group.paths)) {
      throw new ModelFileError(`${file}: weightsManifest[${g}] is not { paths, weights }.`);
    }
    const { specs, bytes } = checkWeightSpecs(group.weights, file);
    const paths = group.paths.map((p) => {
      const checked = joinRelative(rel, checkRelativePath(p, file));
      const absolute = join(root, ...checked.split('/'));
      const inside = relative(root, absolute);
      if (inside.startsWith('..') || isAbsolute(inside)) {
        throw new ModelFileError(
          `${file} names the weights file ${JSON.stringify(p)}, which lies outside ${root}; refused.`,
        );
      }
      return absolute;
    });
    allSpecs.push(...specs);
    plan.push({ paths, bytes, specs });
  }
  const names = new Set<string>();
  for (const spec of allSpecs) {
    if (names.has(spec.name))
      throw new ModelFileError(`${file} declares the weight "${spec.name}" twice.`);
    names.add(spec.name);
  }
  // Sizes first: nothing is read or allocated for weights that do not match their declaration.
  let total = 0;
  for (const group of plan) {
    let size = 0;
    for (const path of group.paths) {
      try {
        const info = await stat(path);
        if (!info.isFile()) throw new ModelFileError(`${path} is not a file.`);
        size += info.size;
      } catch (error) {
        if (isMissing(error))
          throw new ModelFileError(`${path} is missing; ${file} needs it.`, { cause: error });
        throw fileError(path, 'inspect the weights file', error);
      }
    }
    if (size !== group.bytes) {
      throw new ModelFileError(
        `${group.paths.join(', ')} holds ${size} bytes, but ${file} declares ${group.bytes} bytes (${group.specs.length} weights); the weights are truncated or belong to another model.`,
      );
    }
    total += size;
  }
  const data = new Uint8Array(total);
  let offset = 0;
  for (const group of plan) {
    for (const path of group.paths) {
      const bytes = await readFile(path).catch((error: unknown) => {
        throw fileError(path, 'read the weights', error);
      });
      if (offset + bytes.byteLength > total)
        throw new ModelFileError(`${path} grew while it was read.`);
      data.set(bytes, offset);
      offset += bytes.byteLength;
    }
  }
  checkWeightData(data.buffer, allSpecs, total, plan.flatMap((g) => g.paths).join(', ') || file);
  return { modelTopology, weightSpecs: allSpecs, weightData: data.buffer };
}

/**
 * Reads a saved model from a folder and checks every file before anything is built.
 *
 * @throws {@link ModelFileError} naming the file and the problem.
 */
export async function loadFromFolder(
  location: string,
  options: CheckManifestOptions,
): Promise<AutoencoderArtifacts> {
  const root = toFolderPath(location);
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(root);
  } catch (error) {
    if (isMissing(error))
      throw new ModelFileError(`The model folder ${root} does not exist.`, { cause: error });
    throw fileError(root, 'open the model folder', error);
  }
  if (!info.isDirectory()) {
    throw new ModelFileError(`${root} is a file; pass the folder that holds ${FILES.manifest}.`);
  }
  const manifestPath = join(root, FILES.manifest);
  let text: string;
  try {
    text = await readFile(manifestPath, 'utf8');
  } catch (error) {
    if (isMissing(error)) {
      throw new ModelFileError(
        `${manifestPath} is missing; ${root} is not a saved autoencoder, or its save did not finish.`,
        { cause: error },
      );
    }
    throw fileError(manifestPath, 'read the manifest', error);
  }
  const manifest = checkManifest(parseModelJson(text, manifestPath), manifestPath, options);
  const encoder = await readLayersModel(root, manifest.files.encoder);
  const decoder = await readLayersModel(root, manifest.files.decoder);
  return { manifest, encoder, decoder };
}

/** True when `location` holds a finished save of this library (used to prune checkpoints). */
export async function isOwnSave(location: string): Promise<boolean> {
  try {
    const path = join(toFolderPath(location), FILES.manifest);
    const json = parseModelJson(await readFile(path, 'utf8'), path);
    return isJsonObject(json) && json.format === FORMAT;
  } catch {
    return false;
  }
}

/** Removes a save this library wrote (its own files only). */
export async function removeSave(location: string): Promise<void> {
  const folder = toFolderPath(location);
  if (!(await isOwnSave(folder))) return;
  await removeOwnFiles(folder).catch((error: unknown) => {
    throw fileError(folder, 'remove the checkpoint', error);
  });
}

import type * as tf from '@tensorflow/tfjs-core';
import { ModelFileError } from '../../errors/index.js';
import { type AutoencoderArtifacts, checkTopology, type LayersArtifacts } from './artifacts.js';
import { isJsonObject, parseModelJson } from './json.js';
import { type CheckManifestOptions, checkManifest } from './manifest.js';
import { checkRelativePath, joinRelative } from './paths.js';
import type { FileStore } from './store.js';
import { checkWeightData, checkWeightSpecs } from './weights.js';

/** One weightsManifest group of a model.json: its files and the weights they hold. */
interface WeightGroup {
  paths: string[];
  specs: tf.io.WeightsManifestEntry[];
  bytes: number;
}

/** Checks a model.json's weightsManifest: its paths stay inside the folder, its specs are sound. */
function checkGroups(raw: unknown, path: string, file: string): WeightGroup[] {
  if (!Array.isArray(raw)) throw new ModelFileError(`${file} has no weightsManifest list.`);
  const names = new Set<string>();
  return raw.map((group, g) => {
    if (!isJsonObject(group) || !Array.isArray(group.paths)) {
      throw new ModelFileError(`${file}: weightsManifest[${g}] is not { paths, weights }.`);
    }
    const { specs, bytes } = checkWeightSpecs(group.weights, file);
    for (const spec of specs) {
      if (names.has(spec.name))
        throw new ModelFileError(`${file} declares the weight "${spec.name}" twice.`);
      names.add(spec.name);
    }
    const paths = group.paths.map((p) => joinRelative(path, checkRelativePath(p, file)));
    return { paths, specs, bytes };
  });
}

function sizeMismatch(files: FileStore, group: WeightGroup, size: number, file: string): Error {
  return new ModelFileError(
    `${group.paths.map((p) => files.name(p)).join(', ')} holds ${size} bytes, but ${file} declares ${group.bytes} bytes (${group.specs.length} weights); the weights are truncated or belong to another model.`,
  );
}

/**
 * Reads the weight files of every group. Where the store tells sizes, every size is checked
 * first, so nothing is read for weights that do not match their declaration; in any case no
 * file is taken beyond the bytes its group declares.
 */
async function readGroups(
  files: FileStore,
  groups: WeightGroup[],
  file: string,
): Promise<Uint8Array[]> {
  const needed = `${file} needs it`;
  if (files.size) {
    for (const group of groups) {
      let size = 0;
      for (const p of group.paths) size += await files.size(p, needed);
      if (size !== group.bytes) throw sizeMismatch(files, group, size, file);
    }
  }
  const pieces: Uint8Array[] = [];
  for (const group of groups) {
    let read = 0;
    for (const p of group.paths) {
      const bytes = await files.readBytes(p, group.bytes - read, needed);
      read += bytes.byteLength;
      if (read > group.bytes) throw sizeMismatch(files, group, read, file);
      pieces.push(bytes);
    }
    if (read !== group.bytes) throw sizeMismatch(files, group, read, file);
  }
  return pieces;
}

/**
 * Reads one tfjs Layers model (a model.json and its weight files) from a store, checking
 * everything once, for every medium: the JSON, the topology, the weight specs, that every
 * weights path stays inside the model's folder, and the weight files' sizes, before the weights
 * are put together or any tensor exists.
 *
 * @param files - the medium.
 * @param path - the model.json, relative to the store's root.
 * @throws {@link ModelFileError} naming the file and the problem.
 */
export async function readLayersModel(files: FileStore, path: string): Promise<LayersArtifacts> {
  const file = files.name(path);
  const json = parseModelJson(await files.readText(path, 'the save is incomplete'), file);
  if (!isJsonObject(json)) throw new ModelFileError(`${file} is not a model.json object.`);
  const modelTopology = checkTopology(json.modelTopology, file);
  const groups = checkGroups(json.weightsManifest, path, file);
  const pieces = await readGroups(files, groups, file);
  const total = groups.reduce((sum, g) => sum + g.bytes, 0);
  const data = new Uint8Array(total);
  let offset = 0;
  for (const piece of pieces) {
    data.set(piece, offset);
    offset += piece.byteLength;
  }
  const weightSpecs = groups.flatMap((g) => g.specs);
  const names = groups.flatMap((g) => g.paths.map((p) => files.name(p))).join(', ') || file;
  checkWeightData(data.buffer, weightSpecs, total, names);
  return { modelTopology, weightSpecs, weightData: data.buffer };
}

/**
 * Reads a saved model laid out as files (autoencoder.json, then the model.json of each part it
 * names), as a folder or an http(s) prefix holds it.
 *
 * @param files - the medium, rooted at the manifest's folder.
 * @param manifestJson - the parsed autoencoder.json.
 * @param manifestName - its file or address, for messages.
 * @param check - how to tell a registered strategy.
 * @throws {@link ModelFileError} naming the file and the problem.
 */
export async function readSavedFiles(
  files: FileStore,
  manifestJson: unknown,
  manifestName: string,
  check: CheckManifestOptions,
): Promise<AutoencoderArtifacts> {
  const manifest = checkManifest(manifestJson, manifestName, check);
  const encoder = await readLayersModel(files, manifest.files.encoder);
  const decoder = await readLayersModel(files, manifest.files.decoder);
  return { manifest, encoder, decoder };
}

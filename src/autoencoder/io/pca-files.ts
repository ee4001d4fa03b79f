import { AutoencodersError, InvalidInputError, ModelFileError } from '../../errors/index.js';
import { PCA } from '../../pca/index.js';
import { isJsonObject, parseModelJson } from './json.js';
import { readText, writeTextAtomically } from './node-files.js';

function isPcaText(text: string): boolean {
  try {
    const json = parseModelJson(text, 'existing file');
    return isJsonObject(json) && json.kind === 'pca';
  } catch {
    return false;
  }
}

/**
 * Saves a fitted PCA model to a JSON file (Node), atomically: a temporary file beside it, then a
 * rename. An existing file is replaced only when it is itself a PCA file.
 *
 * @remarks
 * In a browser (or to keep `autoencoders/pca` free of TensorFlow.js), store
 * `JSON.stringify(pca)` wherever you like and restore it with `PCA.fromJSON(text)`.
 *
 * @param pca - a fitted PCA model.
 * @param path - the file to write, e.g. `./models/pca-30.json`.
 * @throws {@link InvalidInputError} when `pca` is not a PCA model or `path` is not a string.
 * @throws {@link NotFittedError} before `fit`.
 * @throws {@link ModelFileError} when the file cannot be written, or exists and is not a PCA file.
 *
 * @example
 * ```ts
 * import { PCA, savePCA } from 'autoencoders';
 * const pca = new PCA({ nComponents: 1 }).fit([[1, 2], [2, 4.1], [3, 5.9]]);
 * await savePCA(pca, './pca.json');
 * ```
 */
export async function savePCA(pca: PCA, path: string): Promise<void> {
  if (!(pca instanceof PCA) && typeof (pca as { toJSON?: unknown } | null)?.toJSON !== 'function') {
    throw new InvalidInputError('savePCA needs a fitted PCA model as its first argument.');
  }
  if (typeof path !== 'string' || path.length === 0) {
    throw new InvalidInputError('savePCA needs a file path as its second argument.');
  }
  const text = JSON.stringify(pca.toJSON());
  await writeTextAtomically(path, text, isPcaText, 'a PCA file');
}

/**
 * Loads a PCA model saved with {@link savePCA} (or `JSON.stringify(pca)`) from a file (Node).
 *
 * @param path - the file to read.
 * @returns the fitted model.
 * @throws {@link ModelFileError} naming the file and the problem: missing, not JSON, not a PCA
 *   file, a newer format version, shapes that disagree (components and mean), non-finite numbers,
 *   or a `__proto__`/`constructor`/`prototype` key.
 *
 * @example
 * ```ts
 * import { loadPCA } from 'autoencoders';
 * const pca = await loadPCA('./pca.json');
 * console.log(pca.transform([[2, 4]]).to2DArray());
 * ```
 */
export async function loadPCA(path: string): Promise<PCA> {
  if (typeof path !== 'string' || path.length === 0) {
    throw new InvalidInputError('loadPCA needs a file path.');
  }
  const text = await readText(path);
  const json = parseModelJson(text, path);
  if (isJsonObject(json) && json.format === 'autoencoders') {
    throw new ModelFileError(
      `${path} is an autoencoder manifest, not a PCA file; load its folder with Autoencoder.load.`,
    );
  }
  try {
    return PCA.fromJSON(json as object);
  } catch (error) {
    if (AutoencodersError.is(error)) {
      throw new ModelFileError(`${path}: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

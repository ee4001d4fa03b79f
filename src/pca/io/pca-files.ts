import { AutoencodersError, InvalidInputError, ModelFileError } from '../../errors/index.js';
import { PCA } from '../pca.js';
import { readText, writeTextAtomically } from './text-files.js';

/** The parsed file, or a ModelFileError naming it: malformed JSON is a corrupt file. */
function parseFile(text: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ModelFileError(
      `${path} is not valid JSON (${reason}); the file is truncated or corrupt.`,
      { cause: error },
    );
  }
}

function kindOf(json: unknown, key: 'kind' | 'format'): unknown {
  return typeof json === 'object' && json !== null && Object.hasOwn(json, key)
    ? (json as Record<string, unknown>)[key]
    : undefined;
}

function isPcaText(text: string): boolean {
  try {
    return kindOf(JSON.parse(text), 'kind') === 'pca';
  } catch {
    return false;
  }
}

/**
 * Saves a fitted PCA model to a JSON file (Node), atomically: a temporary file beside it, then a
 * rename. An existing file is replaced only when it is itself a PCA file.
 *
 * @remarks
 * Part of `autoencoders/pca` (no TensorFlow.js needed) and re-exported by `autoencoders`. In a
 * browser, where there are no file paths, store `JSON.stringify(pca)` wherever you like and
 * restore it with `PCA.fromJSON(text)`; the browser build answers a path with an
 * {@link InvalidInputError} saying so.
 *
 * @param pca - a fitted PCA model.
 * @param path - the file to write, e.g. `./models/pca-30.json`.
 * @throws {@link InvalidInputError} when `pca` is not a PCA model or `path` is not a string.
 * @throws {@link NotFittedError} before `fit`.
 * @throws {@link ModelFileError} when the file cannot be written, or exists and is not a PCA file.
 *
 * @example
 * ```ts
 * import { PCA, savePCA } from 'autoencoders/pca';
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
 * @remarks
 * Part of `autoencoders/pca` (no TensorFlow.js needed) and re-exported by `autoencoders`.
 *
 * @param path - the file to read.
 * @returns the fitted model.
 * @throws {@link InvalidInputError} when `path` is not a non-empty string, or in a browser.
 * @throws {@link ModelFileError} naming the file and the problem: missing, not JSON, not a PCA
 *   file, a newer format version, shapes that disagree (components and mean), non-finite numbers,
 *   or a `__proto__`/`constructor`/`prototype` key.
 *
 * @example
 * ```ts
 * import { loadPCA } from 'autoencoders/pca';
 * const pca = await loadPCA('./pca.json');
 * console.log(pca.transform([[2, 4]]).to2DArray());
 * ```
 */
export async function loadPCA(path: string): Promise<PCA> {
  if (typeof path !== 'string' || path.length === 0) {
    throw new InvalidInputError('loadPCA needs a file path.');
  }
  const json = parseFile(await readText(path), path);
  if (kindOf(json, 'format') === 'autoencoders') {
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

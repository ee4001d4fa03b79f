/**
 * PCA text files (savePCA/loadPCA): an atomic write and a read that name the file. Node only
 * (reached through node-files.ts); it goes with savePCA/loadPCA when they move to the PCA entry.
 */
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ModelFileError } from '../../errors/index.js';
import { storeError } from './errors.js';
import { isMissing, uniqueSibling, writeDurably } from './node-fs.js';

/** Writes a text file atomically: a temporary file beside it, then a rename. */
export async function writeTextAtomically(
  path: string,
  text: string,
  accept: (existing: string) => boolean,
  what: string,
): Promise<void> {
  const target = resolve(path);
  await mkdir(dirname(target), { recursive: true }).catch((error: unknown) => {
    throw storeError(dirname(target), 'create the folder', error);
  });
  let existing: string | undefined;
  try {
    existing = await readFile(target, 'utf8');
  } catch (error) {
    if (!isMissing(error)) throw storeError(target, 'inspect the destination', error);
  }
  if (existing !== undefined && !accept(existing)) {
    throw new ModelFileError(
      `${target} exists and is not ${what}; refusing to overwrite it. Choose another path.`,
    );
  }
  const temp = uniqueSibling(target, 'saving');
  try {
    await writeDurably(temp, text);
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw storeError(target, 'write the file (it is unchanged)', error);
  }
}

/** Reads a text file, with a ModelFileError naming it when it is missing or unreadable. */
export async function readText(path: string): Promise<string> {
  const target = resolve(path);
  try {
    return await readFile(target, 'utf8');
  } catch (error) {
    if (isMissing(error)) throw new ModelFileError(`${target} does not exist.`, { cause: error });
    throw storeError(target, 'read the file', error);
  }
}

/**
 * Reading and atomically writing a text file (Node), for PCA files. The browser build swaps this
 * module for text-files.browser.ts, so no `node:` module reaches a browser bundle of
 * `autoencoders/pca`.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { AutoencodersError, ModelFileError } from '../../errors/index.js';

function fileError(path: string, doing: string, error: unknown): ModelFileError {
  if (AutoencodersError.is(error)) return error as ModelFileError;
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  const reason = typeof code === 'string' ? `${code}: ${message}` : message;
  return new ModelFileError(`${path}: could not ${doing} (${reason}).`, { cause: error });
}

function isMissing(error: unknown): boolean {
  return (error as { code?: unknown }).code === 'ENOENT';
}

/**
 * Writes `text` to `path` through a temporary file beside it and a rename, so a reader sees the
 * old file or the new one, never half of one. An existing file is replaced only when `accept`
 * says it is of the kind being written.
 *
 * @throws {@link ModelFileError} naming the file when it cannot be written or is of another kind.
 */
export async function writeTextAtomically(
  path: string,
  text: string,
  accept: (existing: string) => boolean,
  what: string,
): Promise<void> {
  const target = resolve(path);
  await mkdir(dirname(target), { recursive: true }).catch((error: unknown) => {
    throw fileError(dirname(target), 'create the folder', error);
  });
  let existing: string | undefined;
  try {
    existing = await readFile(target, 'utf8');
  } catch (error) {
    if (!isMissing(error)) throw fileError(target, 'inspect the destination', error);
  }
  if (existing !== undefined && !accept(existing)) {
    throw new ModelFileError(
      `${target} exists and is not ${what}; refusing to overwrite it. Choose another path.`,
    );
  }
  const temp = join(
    dirname(target),
    `.${basename(target)}.saving-${process.pid}-${randomBytes(4).toString('hex')}`,
  );
  try {
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw fileError(target, 'write the file (it is unchanged)', error);
  }
}

/**
 * Reads a text file.
 *
 * @throws {@link ModelFileError} naming the file when it is missing or unreadable.
 */
export async function readText(path: string): Promise<string> {
  const target = resolve(path);
  try {
    return await readFile(target, 'utf8');
  } catch (error) {
    if (isMissing(error)) throw new ModelFileError(`${target} does not exist.`, { cause: error });
    throw fileError(target, 'read the file', error);
  }
}

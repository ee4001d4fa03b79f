/**
 * Small Node file-system helpers shared by the folder store and the text files: paths, durable
 * writes, hidden sibling names. Node only (reached through node-files.ts).
 */
import { randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidInputError } from '../../errors/index.js';

/** True for a "no such file or directory" error. */
export function isMissing(error: unknown): boolean {
  return (error as { code?: unknown }).code === 'ENOENT';
}

/** A folder path from a path or a `file://` URL. */
export function toFolderPath(location: string): string {
  if (location.length === 0) throw new InvalidInputError('The model folder path is empty.');
  return resolve(location.startsWith('file://') ? fileURLToPath(location) : location);
}

/** True when `path` is `root` or lies below it. */
export function isInside(root: string, path: string): boolean {
  const inside = relative(root, path);
  return inside === '' || !(inside.startsWith('..') || isAbsolute(inside));
}

/** Writes a new file and flushes it to disk before the caller renames it into place. */
export async function writeDurably(path: string, data: string | Uint8Array): Promise<void> {
  const handle = await open(path, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** A hidden, unique name beside `target`, for a temporary or a swapped-out copy. */
export function uniqueSibling(target: string, tag: string): string {
  return join(
    dirname(target),
    `.${basename(target)}.${tag}-${process.pid}-${randomBytes(4).toString('hex')}`,
  );
}

import { ModelFileError } from '../../errors/index.js';
import { hasScheme } from './scheme.js';

/**
 * Checks a path written inside a model file (a weights path in model.json, a model path in
 * autoencoder.json) and returns it when it stays inside the model's folder.
 *
 * @remarks
 * Refused: anything that is not a non-empty string, a URL or drive letter (`https:`, `data:`,
 * `file:`, `C:`), an absolute path, a backslash, a NUL, and any `..` segment, also when
 * percent-encoded (`%2e%2e`), since a URL resolver would honour it.
 *
 * @param path - the path as written in the file.
 * @param file - the file that holds it, for error messages.
 * @returns the path, unchanged.
 * @throws {@link ModelFileError} when the path could reach outside the model's folder.
 */
export function checkRelativePath(path: unknown, file: string): string {
  const refuse = (why: string) =>
    new ModelFileError(
      `${file} names the file ${JSON.stringify(path)}, which ${why}; a model's files must be relative paths inside its folder, so it is refused.`,
    );
  if (typeof path !== 'string' || path.length === 0) throw refuse('is not a file name');
  if (path.length > 1024) throw refuse('is too long');
  if (path.includes('\0')) throw refuse('contains a NUL character');
  if (path.includes('\\')) throw refuse('contains a backslash');
  if (hasScheme(path)) throw refuse('is a URL or drive path');
  if (path.startsWith('/')) throw refuse('is an absolute path');
  if (path.includes('?') || path.includes('#')) throw refuse('has a query or fragment');
  for (const segment of path.split('/')) {
    let decoded = segment;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      throw refuse('is not a valid percent-encoded path');
    }
    if (segment === '..' || decoded === '..' || decoded.includes('/') || decoded.includes('\\')) {
      throw refuse('points outside the model folder');
    }
  }
  return path;
}

/** Joins a checked relative path to the folder of the file that named it (POSIX separators). */
export function joinRelative(fileInFolder: string, relative: string): string {
  const slash = fileInFolder.lastIndexOf('/');
  const folder = slash < 0 ? '' : fileInFolder.slice(0, slash + 1);
  const parts: string[] = [];
  for (const segment of `${folder}${relative}`.split('/')) {
    if (segment === '' || segment === '.') continue;
    parts.push(segment);
  }
  return parts.join('/');
}

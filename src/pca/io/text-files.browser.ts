/**
 * The browser build's stand-in for text-files.ts: a file path needs Node's file system.
 */
import { InvalidInputError } from '../../errors/index.js';

function fileNeedsNode(path: string): InvalidInputError {
  return new InvalidInputError(
    `${JSON.stringify(path)} is a file path, and a file path needs Node; in the browser store JSON.stringify(pca) (e.g. in localStorage) and restore it with PCA.fromJSON(text).`,
  );
}

export async function writeTextAtomically(
  path: string,
  _text: string,
  _accept: (existing: string) => boolean,
  _what: string,
): Promise<void> {
  throw fileNeedsNode(path);
}

export async function readText(path: string): Promise<string> {
  throw fileNeedsNode(path);
}

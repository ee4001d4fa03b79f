import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// One MAT v5 reader serves the examples and the tests; its own tests are in the examples' test.
import { readMat } from '../../../examples/lib/read-mat.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Where the notebook's 2-D data set lives: ../shared/data beside the repository. */
export const EX7_PATH = path.resolve(repoRoot, '../shared/data/ex7data1.mat');

/** The 50×2 matrix X of ex7data1.mat, or null when the file is not there. */
export function loadEx7(): number[][] | null {
  if (!existsSync(EX7_PATH)) return null;
  const X = readMat(readFileSync(EX7_PATH)).get('X');
  if (X === undefined) throw new Error(`${EX7_PATH} has no variable X`);
  return X.data;
}

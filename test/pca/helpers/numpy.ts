import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../../fixtures/numpy-linalg.py', import.meta.url));

/** Whether python3 with numpy (and mpmath, which `svd-mp` needs) runs here. */
export const hasNumpy =
  spawnSync('python3', ['-c', 'import numpy, mpmath'], { stdio: 'ignore' }).status === 0;

/** A row-major matrix as the fixture script reads it. */
export interface FlatMatrix {
  readonly rows: number;
  readonly columns: number;
  readonly data: Float64Array;
}

/** Runs test/fixtures/numpy-linalg.py on the matrices; one answer per matrix. */
export function numpyLinalg<T>(task: 'qr' | 'svd' | 'svd-mp', matrices: FlatMatrix[]): T[] {
  const input = JSON.stringify({
    task,
    matrices: matrices.map((m) => ({ rows: m.rows, columns: m.columns, data: Array.from(m.data) })),
  });
  return JSON.parse(
    execFileSync('python3', [script], { input, encoding: 'utf8', maxBuffer: 1 << 28 }),
  ) as T[];
}

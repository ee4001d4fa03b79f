import { Matrix } from 'ml-matrix';
import { InvalidInputError } from '../errors/invalid-input-error.js';
import { ShapeError } from '../errors/shape-error.js';

/**
 * A 2-D matrix of numbers, one row per sample: an ml-matrix `Matrix`, an array of number arrays,
 * or an array of typed-array rows. Every row must have the same length.
 *
 * @example
 * ```ts
 * import type { MatrixInput } from 'autoencoders/pca';
 * const a: MatrixInput = [[1, 2], [3, 4]];
 * const b: MatrixInput = [Float32Array.of(1, 2), Float32Array.of(3, 4)];
 * ```
 */
export type MatrixInput =
  | Matrix
  | ReadonlyArray<ReadonlyArray<number>>
  | ReadonlyArray<Float64Array>
  | ReadonlyArray<Float32Array>;

/** Row-major float64 storage used by the kernels: entry (i, j) is `data[i * columns + j]`. */
export interface DenseMatrix {
  readonly data: Float64Array;
  readonly rows: number;
  readonly columns: number;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `a string (${JSON.stringify(value)})`;
  return typeof value === 'object' ? 'an object' : `${typeof value} (${String(value)})`;
}

function badEntry(name: string, row: number, column: number, value: unknown): never {
  if (typeof value === 'number') {
    throw new InvalidInputError(
      `${name}[${row}][${column}] is ${value}: every entry must be a finite number; ` +
        'remove or impute missing values before fitting.',
    );
  }
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    throw new ShapeError(
      `${name}[${row}][${column}] is an array: ${name} must be 2-D (rows of numbers).`,
    );
  }
  throw new InvalidInputError(
    `${name}[${row}][${column}] is ${describe(value)}: every entry must be a finite number.`,
  );
}

function rowsOf(x: unknown, name: string): ArrayLike<unknown>[] {
  if (x instanceof Matrix) return x.to2DArray();
  if (!Array.isArray(x)) {
    if (ArrayBuffer.isView(x)) {
      throw new ShapeError(
        `${name} is a 1-D typed array; pass an array of rows, e.g. [row] for a single sample.`,
      );
    }
    throw new InvalidInputError(
      `${name} is ${describe(x)}: pass a Matrix, an array of number arrays or an array of typed-array rows.`,
    );
  }
  return x as ArrayLike<unknown>[];
}

/**
 * Validates a {@link MatrixInput} and copies it into row-major float64 storage.
 *
 * @throws {@link ShapeError} for a 1-D, 3-D or ragged input.
 * @throws {@link InvalidInputError} for an empty input or a NaN, infinite or non-numeric entry
 *   (the message names its row and column).
 */
export function readMatrix(x: MatrixInput, name = 'X'): DenseMatrix {
  const rows = rowsOf(x, name);
  if (rows.length === 0)
    throw new InvalidInputError(`${name} has no rows: pass at least one sample.`);
  const first = rows[0];
  if (typeof first === 'number') {
    throw new ShapeError(
      `${name} is a 1-D array of numbers; pass an array of rows, e.g. [[${first}, ...]] for a single sample.`,
    );
  }
  if (!Array.isArray(first) && !ArrayBuffer.isView(first)) badEntry(name, 0, 0, first);
  const columns = (first as ArrayLike<unknown>).length;
  if (columns === 0)
    throw new InvalidInputError(`${name} has no columns: every row needs at least one feature.`);
  const data = new Float64Array(rows.length * columns);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (!Array.isArray(row) && !(row instanceof Float64Array) && !(row instanceof Float32Array)) {
      if (typeof row === 'number' || row === null || row === undefined || typeof row !== 'object') {
        throw new ShapeError(
          `${name}[${i}] is ${describe(row)}, not a row: ${name} must be an array of rows.`,
        );
      }
      throw new InvalidInputError(
        `${name}[${i}] is ${describe(row)}: rows must be number arrays or typed arrays.`,
      );
    }
    if (row.length !== columns) {
      throw new ShapeError(
        `${name} is ragged: row ${i} has ${row.length} entries but row 0 has ${columns}; every row needs the same length.`,
      );
    }
    const offset = i * columns;
    if (Array.isArray(row)) {
      for (let j = 0; j < columns; j++) {
        const v = row[j];
        if (typeof v !== 'number' || !Number.isFinite(v)) badEntry(name, i, j, v);
        data[offset + j] = v;
      }
    } else {
      data.set(row, offset);
      for (let j = 0; j < columns; j++) {
        if (!Number.isFinite(data[offset + j])) badEntry(name, i, j, row[j]);
      }
    }
  }
  return { data, rows: rows.length, columns };
}

/** Copies row-major storage into a new ml-matrix `Matrix`. */
export function toMatrix(m: DenseMatrix): Matrix {
  const out = new Matrix(m.rows, m.columns);
  for (let i = 0; i < m.rows; i++) {
    const row = m.data.subarray(i * m.columns, (i + 1) * m.columns);
    for (let j = 0; j < m.columns; j++) out.set(i, j, row[j]);
  }
  return out;
}

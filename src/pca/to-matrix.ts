import { Matrix } from 'ml-matrix';

/** A new ml-matrix `Matrix` from row-major storage. @internal */
export function matrixFromFlat(data: Float64Array, rows: number, columns: number): Matrix {
  const out = new Matrix(rows, columns);
  for (let i = 0; i < rows; i++) {
    const o = i * columns;
    for (let j = 0; j < columns; j++) out.set(i, j, data[o + j]);
  }
  return out;
}

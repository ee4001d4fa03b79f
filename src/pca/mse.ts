import { ShapeError } from '../errors/shape-error.js';
import { type MatrixInput, readMatrix } from './matrix-input.js';

/**
 * Reconstruction error as the notebook defines it: the mean over rows of each row's summed
 * squared error, `mean(sum((X − Xrec)², axis=1))` (d times the per-entry mean squared error).
 *
 * @param X - n×d original data.
 * @param Xrec - n×d reconstruction.
 * @returns the mean per-row squared error (same units as X squared).
 * @throws {@link ShapeError} when the shapes differ.
 * @throws {@link InvalidInputError} for invalid entries.
 *
 * @example
 * ```ts
 * import { mse } from 'autoencoders/pca';
 * console.log(mse([[1, 2], [3, 4]], [[1, 1], [3, 2]])); // (1 + 4) / 2 = 2.5
 * ```
 */
export function mse(X: MatrixInput, Xrec: MatrixInput): number {
  const a = readMatrix(X, 'X');
  const b = readMatrix(Xrec, 'Xrec');
  if (a.rows !== b.rows || a.columns !== b.columns) {
    throw new ShapeError(
      `X is ${a.rows}×${a.columns} but Xrec is ${b.rows}×${b.columns}; they must have the same shape.`,
    );
  }
  let total = 0;
  for (let i = 0; i < a.data.length; i++) {
    const e = a.data[i] - b.data[i];
    total += e * e;
  }
  return total / a.rows;
}

import type { Matrix } from 'ml-matrix';
import { ShapeError } from '../errors/shape-error.js';
import { type DenseMatrix, type MatrixInput, readMatrix } from './matrix-input.js';
import { matrixFromFlat } from './to-matrix.js';

/**
 * Maps scores back to the data space: X_rec = Z·Vt[0:k] (n×d) with k = Z's column count, as the
 * notebook's `recoverData`. No centring is undone.
 *
 * @param loadings - Vt, r×d, one component per row.
 * @param Z - n×k scores, k ≤ r (e.g. from {@link projectData}).
 * @returns X_rec, a new n×d matrix.
 * @throws {@link ShapeError} when Z has more columns than the loadings have components.
 * @throws {@link InvalidInputError} for invalid entries.
 *
 * @example
 * ```ts
 * import { recoverData } from 'autoencoders/pca';
 * const Xrec = recoverData([[Math.SQRT1_2, Math.SQRT1_2]], [[Math.SQRT2]]);
 * console.log(Xrec.to2DArray()); // [[1, 1]] (up to rounding)
 * ```
 */
export function recoverData(loadings: MatrixInput, Z: MatrixInput): Matrix {
  const v = readMatrix(loadings, 'loadings');
  const z = readMatrix(Z, 'Z');
  const k = z.columns;
  if (k > v.rows) {
    throw new ShapeError(
      `Z has ${k} columns but the loadings have only ${v.rows} components; ` +
        'pass scores computed from these loadings.',
    );
  }
  return matrixFromFlat(combineRows(z, v.data, v.columns), z.rows, v.columns);
}

/**
 * Z·diag(gain)·V for scores Z (n×k) and the first k rows of V (row-major, rows of length d):
 * each output row is a combination of V's rows, so zero scores cost nothing.
 *
 * @internal
 */
export function combineRows(
  z: DenseMatrix,
  v: Float64Array,
  d: number,
  gain?: Float64Array,
): Float64Array {
  const { rows: n, columns: k } = z;
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const oo = i * d;
    for (let c = 0; c < k; c++) {
      const a = z.data[i * k + c] * (gain === undefined ? 1 : gain[c]);
      if (a === 0) continue;
      const vo = c * d;
      for (let j = 0; j < d; j++) out[oo + j] += a * v[vo + j];
    }
  }
  return out;
}

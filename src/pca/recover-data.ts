import type { Matrix } from 'ml-matrix';
import { ShapeError } from '../errors/shape-error.js';
import { type MatrixInput, readMatrix } from './matrix-input.js';
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
  const { rows: n } = z;
  const d = v.columns;
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const oo = i * d;
    for (let c = 0; c < k; c++) {
      const a = z.data[i * k + c];
      if (a === 0) continue;
      const vo = c * d;
      for (let j = 0; j < d; j++) out[oo + j] += a * v.data[vo + j];
    }
  }
  return matrixFromFlat(out, n, d);
}

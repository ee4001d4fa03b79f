import type { Matrix } from 'ml-matrix';
import { ShapeError } from '../errors/shape-error.js';
import { type MatrixInput, readMatrix } from './matrix-input.js';
import { matrixFromFlat } from './to-matrix.js';
import { checkCount } from './validate.js';

/**
 * Projects data onto the first k principal components: Z = X·Vt[0:k]ᵀ (n×k), as the notebook's
 * `projectData`. No centring: pass centred or standardized data.
 *
 * @param loadings - Vt, r×d, one component per row (e.g. `svd(X).Vt` or `pca.components`).
 * @param X - n×d data with the same d.
 * @param k - number of components to keep, an integer from 1 to r.
 * @returns Z, a new n×k matrix of scores.
 * @throws {@link ShapeError} when X and the loadings have different numbers of columns.
 * @throws {@link ConfigurationError} when k is not an integer from 1 to r.
 * @throws {@link InvalidInputError} for invalid entries.
 *
 * @example
 * ```ts
 * import { projectData } from 'autoencoders/pca';
 * const Z = projectData([[Math.SQRT1_2, Math.SQRT1_2]], [[1, 1], [2, 0]], 1);
 * console.log(Z.to2DArray()); // [[1.414...], [1.414...]]
 * ```
 */
export function projectData(loadings: MatrixInput, X: MatrixInput, k: number): Matrix {
  const v = readMatrix(loadings, 'loadings');
  const x = readMatrix(X, 'X');
  if (x.columns !== v.columns) {
    throw new ShapeError(
      `X has ${x.columns} features but the loadings have ${v.columns}; project data with the ` +
        'features the components were computed from.',
    );
  }
  checkCount(k, 'k', v.rows, 'the number of components in the loadings');
  const { rows: n, columns: d } = x;
  const z = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const xo = i * d;
    for (let c = 0; c < k; c++) {
      const vo = c * d;
      let acc = 0;
      for (let j = 0; j < d; j++) acc += x.data[xo + j] * v.data[vo + j];
      z[i * k + c] = acc;
    }
  }
  return matrixFromFlat(z, n, k);
}

import type { Matrix } from 'ml-matrix';
import { ConfigurationError } from '../errors/configuration-error.js';
import { InvalidInputError } from '../errors/invalid-input-error.js';
import { columnStats } from './column-stats.js';
import { type MatrixInput, readMatrix } from './matrix-input.js';
import { readOptions } from './options.js';
import { rescaleColumnsInPlace } from './rescale.js';
import { matrixFromFlat } from './to-matrix.js';
import { describeValue } from './validate.js';

/** Options of {@link standardize}. */
export interface StandardizeOptions {
  /**
   * Delta degrees of freedom of the standard deviation: 0 divides by n (numpy's `np.std`, the
   * notebook), 1 by n − 1 (Octave's `std`, the course's figures).
   * @defaultValue 0
   */
  readonly ddof?: 0 | 1;
}

/** Standardized data with the statistics used. */
export interface StandardizeResult {
  /** (X − mean) / std, a new n×d matrix. */
  readonly data: Matrix;
  /** Column means, length d. */
  readonly mean: Float64Array;
  /** Column standard deviations (with the chosen ddof), length d, all positive. */
  readonly std: Float64Array;
}

/**
 * Centres each column to mean 0 and scales it to standard deviation 1.
 *
 * @param X - n×d data.
 * @param options - `ddof`.
 * @returns the standardized data, and the means and standard deviations used.
 * @throws {@link InvalidInputError} for a column with zero variance (named in the message),
 *   fewer than ddof + 1 rows, or an invalid entry.
 * @throws {@link ConfigurationError} for `null` or non-object options, an unknown option key or
 *   a ddof other than 0 and 1.
 * @throws {@link ShapeError} when X is not a 2-D array of equal-length rows.
 *
 * @example
 * ```ts
 * import { standardize } from 'autoencoders/pca';
 * const { data, mean, std } = standardize([[1, 10], [3, 30]]);
 * console.log(data.to2DArray(), mean, std); // [[-1, -1], [1, 1]], [2, 20], [1, 10]
 * ```
 */
export function standardize(X: MatrixInput, options?: StandardizeOptions): StandardizeResult {
  const ddof = readOptions(options, ['ddof'], 'standardize options').ddof ?? 0;
  if (ddof !== 0 && ddof !== 1) {
    throw new ConfigurationError(`ddof must be 0 or 1; got ${describeValue(ddof)}.`);
  }
  const x = readMatrix(X, 'X');
  if (x.rows <= ddof) {
    throw new InvalidInputError(
      `standardize with ddof ${ddof} needs at least ${ddof + 1} rows; X has ${x.rows}.`,
    );
  }
  // Columns beyond about 1e±120 are divided by a power of two first (exact), so that their
  // squares neither overflow nor underflow; the standardized values do not change.
  let stats = columnStats(x);
  const factors = rescaleColumnsInPlace(x, stats.maxAbs);
  if (factors !== null) stats = columnStats(x);
  const { mean, sumSquares } = stats;
  const std = new Float64Array(x.columns);
  for (let j = 0; j < x.columns; j++) {
    std[j] = Math.sqrt(sumSquares[j] / (x.rows - ddof));
    if (!(std[j] > 0)) {
      throw new InvalidInputError(
        `Column ${j} of X has zero variance (every value is the same), so it cannot be ` +
          'scaled to unit variance; drop the column before standardizing.',
      );
    }
  }
  const out = new Float64Array(x.data.length);
  for (let i = 0; i < x.rows; i++) {
    for (let j = 0; j < x.columns; j++) {
      const o = i * x.columns + j;
      out[o] = (x.data[o] - mean[j]) / std[j];
    }
  }
  if (factors !== null) {
    for (let j = 0; j < x.columns; j++) {
      mean[j] *= factors[j];
      std[j] *= factors[j];
    }
  }
  return { data: matrixFromFlat(out, x.rows, x.columns), mean, std };
}

import { AutoencodersError, hasErrorBrand } from './autoencoders-error.js';

/**
 * Data of the wrong shape: ragged rows, a 1-D or 3-D array, a feature count that differs from the
 * model's, weights of the wrong count or shape given outside any file (a file's are
 * {@link ModelFileError}s), or a strategy hook's result of the wrong shape.
 *
 * @example
 * ```ts
 * import { ShapeError, projectData } from 'autoencoders/pca';
 * try {
 *   projectData([[1, 0]], [[1, 2, 3]], 1);
 * } catch (error) {
 *   if (ShapeError.is(error)) console.error(error.message);
 * }
 * ```
 */
export class ShapeError extends AutoencodersError {
  /** Always `'ShapeError'`; also what the static `is` guard checks. */
  override name = 'ShapeError';

  /** True when `value` is a ShapeError (from any copy of this library). */
  static override is(value: unknown): value is ShapeError {
    return hasErrorBrand(value, 'ShapeError');
  }
}

import { AutoencodersError, hasErrorBrand } from './autoencoders-error.js';

/**
 * Input has the wrong shape: ragged rows, a 1-D or 3-D array, or a feature count that differs from the one the model was fitted on.
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

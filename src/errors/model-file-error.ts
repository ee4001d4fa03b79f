import { AutoencodersError, hasErrorBrand } from './autoencoders-error.js';

/**
 * A saved model or PCA file is missing, truncated, malformed (shapes that disagree with the
 * manifest included), from a newer format version, or unsafe to load.
 *
 * @example
 * ```ts
 * import { ModelFileError, PCA } from 'autoencoders/pca';
 * try {
 *   PCA.fromJSON('{not json');
 * } catch (error) {
 *   if (ModelFileError.is(error)) console.error(error.message);
 * }
 * ```
 */
export class ModelFileError extends AutoencodersError {
  /** Always `'ModelFileError'`; also what the static `is` guard checks. */
  override name = 'ModelFileError';

  /** True when `value` is a ModelFileError (from any copy of this library). */
  static override is(value: unknown): value is ModelFileError {
    return hasErrorBrand(value, 'ModelFileError');
  }
}

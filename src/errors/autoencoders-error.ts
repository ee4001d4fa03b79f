const BRAND = Symbol.for('autoencoders.error');

/** Checks a value for this library's error brand, which survives duplicate ESM/CJS copies. */
export function hasErrorBrand(value: unknown, name?: string): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if ((value as { [BRAND]?: unknown })[BRAND] !== true) return false;
  return name === undefined || (value as { name?: unknown }).name === name;
}

/**
 * Base class of every error this library throws.
 *
 * @remarks
 * Which subclass a call throws follows one rule, everywhere in the library:
 * - bad options (a value out of range, `null` for an options object, an unknown or misspelt key,
 *   settings a model cannot be built from, a strategy hook that returns no tensor):
 *   {@link ConfigurationError};
 * - bad data (NaN, ±Infinity, non-numeric or out-of-range entries, empty input, values whose
 *   arithmetic would overflow): {@link InvalidInputError}; data of the wrong shape (ragged rows,
 *   a wrong feature count, a weight or a hook result of the wrong shape, outside any file):
 *   {@link ShapeError};
 * - use after `dispose()` (of the model, or of its `encoder`/`decoder`): {@link DisposedError};
 *   use of a PCA before `fit`: {@link NotFittedError};
 * - a missing, truncated, malformed, unsafe or newer-format file: {@link ModelFileError};
 * - a NaN or infinite training loss: {@link TrainingDivergedError}; an iterative decomposition
 *   that does not converge: {@link ConvergenceError}.
 *
 * Use {@link AutoencodersError.is} (or the subclass's own `is`) rather than `instanceof`: it also
 * recognises errors thrown by another copy of the library (an ESM and a CJS build side by side).
 *
 * @example
 * ```ts
 * import { AutoencodersError, PCA } from 'autoencoders/pca';
 * try {
 *   new PCA().transform([[1, 2]]);
 * } catch (error) {
 *   if (AutoencodersError.is(error)) console.error(error.name, error.message);
 * }
 * ```
 */
export class AutoencodersError extends Error {
  /** Always `'AutoencodersError'`; also what the static `is` guard checks. */
  override name = 'AutoencodersError';

  /** @param message - what went wrong and what to do about it. */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    Object.defineProperty(this, BRAND, { value: true, enumerable: false });
  }

  /** True when `value` is an error thrown by this library (any subclass, any copy). */
  static is(value: unknown): value is AutoencodersError {
    return hasErrorBrand(value);
  }
}

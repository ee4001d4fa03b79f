import * as tf from '@tensorflow/tfjs-core';
import { InvalidInputError } from '../../errors/invalid-input-error.js';
import { ShapeError } from '../../errors/shape-error.js';
import { type MatrixInput, readMatrix } from '../../pca/matrix-input.js';

/** The largest finite float32. @internal */
export const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * The largest magnitude whose square is still a finite float32 (√FLOAT32_MAX ≈ 1.84e19): every
 * loss squares the data, so larger entries would turn the mse into Infinity. @internal
 */
export const SQUARE_SAFE_MAX = Math.sqrt(FLOAT32_MAX);

/**
 * Data the autoencoder accepts: a {@link MatrixInput} (ml-matrix `Matrix`, `number[][]`, rows of
 * typed arrays) or a 2-D `tf.Tensor2D`. Inputs are never changed or disposed by the library.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import type { AutoencoderInput } from 'autoencoders';
 * const a: AutoencoderInput = [[0, 1], [1, 0]];
 * const b: AutoencoderInput = tf.tensor2d([[0, 1], [1, 0]]);
 * ```
 */
export type AutoencoderInput = MatrixInput | tf.Tensor2D;

/** A validated float32 2-D tensor; `owned` says whether the caller of toTensor2D must dispose it. @internal */
export interface InputTensor {
  readonly tensor: tf.Tensor2D;
  readonly owned: boolean;
}

function checkColumns(name: string, columns: number, expected: number, unit: string): void {
  if (columns !== expected) {
    throw new ShapeError(`${name} has ${columns} ${unit}, this model expects ${expected}.`);
  }
}

function checkValues(values: ArrayLike<number>, columns: number, name: string): void {
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    // One comparison per entry on the hot path; NaN fails it too.
    if (!(Math.abs(v) <= SQUARE_SAFE_MAX)) {
      const row = Math.floor(k / columns);
      const column = k % columns;
      const why = !Number.isFinite(v)
        ? 'not finite; remove or impute missing values'
        : Math.abs(v) > FLOAT32_MAX
          ? `beyond float32 range (±${FLOAT32_MAX.toExponential(4)}); rescale the data`
          : `its square overflows float32 (every entry must be within ±${SQUARE_SAFE_MAX.toExponential(3)}); rescale the data, e.g. standardize it`;
      throw new InvalidInputError(`${name}[${row}][${column}] is ${v}: ${why}.`);
    }
  }
}

/**
 * Validates input data and returns it as a float32 tensor of shape [rows, expected].
 *
 * @throws {@link ShapeError} for a wrong feature count or a non-2-D input.
 * @throws {@link InvalidInputError} for empty input, NaN/±Infinity, or entries whose square
 *   overflows float32 (|x| > {@link SQUARE_SAFE_MAX}), naming the row and column.
 * @internal
 */
export function toTensor2D(
  x: unknown,
  name: string,
  expected: number,
  unit = 'features',
): InputTensor {
  if (x instanceof tf.Tensor) {
    if (x.isDisposed) throw new InvalidInputError(`${name} is a disposed tensor.`);
    if (x.rank !== 2) {
      throw new ShapeError(
        `${name} is a rank-${x.rank} tensor of shape [${x.shape.join(', ')}]; pass a 2-D tensor [rows, ${unit}].`,
      );
    }
    const [rows, columns] = x.shape as [number, number];
    if (rows === 0) throw new InvalidInputError(`${name} has no rows: pass at least one sample.`);
    checkColumns(name, columns, expected, unit);
    if (x.dtype !== 'float32' && x.dtype !== 'int32' && x.dtype !== 'bool') {
      throw new InvalidInputError(`${name} has dtype ${x.dtype}; pass a float32 tensor.`);
    }
    if (x.dtype !== 'float32') return { tensor: tf.cast(x, 'float32') as tf.Tensor2D, owned: true };
    checkValues(x.dataSync() as Float32Array, columns, name);
    return { tensor: x as tf.Tensor2D, owned: false };
  }
  const m = readMatrix(x as MatrixInput, name);
  checkColumns(name, m.columns, expected, unit);
  checkValues(m.data, m.columns, name);
  return {
    tensor: tf.tensor2d(Float32Array.from(m.data), [m.rows, m.columns], 'float32'),
    owned: true,
  };
}

/** Validated rows kept on the host as row-major float32 (the trainer builds its batches from them). @internal */
export interface HostRows {
  readonly data: Float32Array;
  readonly rows: number;
  readonly columns: number;
}

/**
 * Validates input data like {@link toTensor2D} but returns a host-side float32 copy: gathering
 * shuffled batches on the host and uploading them is far cheaper than `tf.gather` on wasm.
 * @internal
 */
export function toHostRows(x: unknown, name: string, expected: number): HostRows {
  if (x instanceof tf.Tensor) {
    const input = toTensor2D(x, name, expected);
    try {
      const data = Float32Array.from(input.tensor.dataSync() as Float32Array);
      return { data, rows: input.tensor.shape[0], columns: expected };
    } finally {
      if (input.owned) input.tensor.dispose();
    }
  }
  const m = readMatrix(x as MatrixInput, name);
  checkColumns(name, m.columns, expected, 'features');
  checkValues(m.data, m.columns, name);
  return { data: Float32Array.from(m.data), rows: m.rows, columns: m.columns };
}

/** Runs `f` on a validated tensor and disposes the tensor afterwards when it was created here. @internal */
export function withInput<T>(
  x: unknown,
  name: string,
  expected: number,
  f: (t: tf.Tensor2D) => T,
  unit?: string,
): T {
  const input = toTensor2D(x, name, expected, unit);
  try {
    return f(input.tensor);
  } finally {
    if (input.owned) input.tensor.dispose();
  }
}

import * as tf from '@tensorflow/tfjs-core';
import { InvalidInputError } from '../../errors/invalid-input-error.js';
import { SQUARE_SAFE_MAX } from './input.js';

const WHY = `the data are finite and within ±${SQUARE_SAFE_MAX.toExponential(3)}, so float32 overflowed inside the network (or its weights are not finite); rescale the data, e.g. standardize it`;

/**
 * Refuses a non-finite result of a forward pass: inputs are checked, but products of large
 * entries with the weights can still overflow float32, and no call may return NaN silently.
 * Reads one boolean back from the device.
 *
 * @throws {@link InvalidInputError} (after disposing `result`) when an entry is NaN or ±Infinity.
 * @internal
 */
export function checkFiniteResult<T extends tf.Tensor>(result: T, call: string): T {
  const finite = tf.tidy(() => tf.all(tf.isFinite(result)));
  const ok = finite.dataSync()[0] === 1;
  finite.dispose();
  if (!ok) {
    result.dispose();
    throw new InvalidInputError(`${call} gave a non-finite result: ${WHY}.`);
  }
  return result;
}

/**
 * Refuses non-finite numbers among an evaluation's results.
 * @throws {@link InvalidInputError} naming the first non-finite value.
 * @internal
 */
export function checkFiniteNumbers(values: Readonly<Record<string, number>>, call: string): void {
  for (const [name, value] of Object.entries(values)) {
    if (!Number.isFinite(value)) {
      throw new InvalidInputError(`${call}: the ${name} is ${value}: ${WHY}.`);
    }
  }
}

import * as tf from '@tensorflow/tfjs-core';
import { AbstractMatrix } from 'ml-matrix';
import { InvalidInputError } from '../../errors/invalid-input-error.js';

interface Entry {
  readonly row: number;
  readonly column: number;
  readonly value: number;
}

function outside(v: unknown): v is number {
  // Non-finite and non-numeric entries are the input check's to report, with its own message.
  return typeof v === 'number' && Number.isFinite(v) && (v < 0 || v > 1);
}

function firstOutsideOfTensor(x: tf.Tensor): Entry | undefined {
  if (x.isDisposed || x.rank !== 2) return undefined;
  const range = tf.tidy(() => {
    const f = tf.cast(x, 'float32');
    return tf.stack([tf.min(f), tf.max(f)]);
  });
  const [lo, hi] = range.dataSync();
  range.dispose();
  if (!(lo < 0 || hi > 1)) return undefined;
  const columns = x.shape[1]!;
  const values = x.dataSync();
  for (let k = 0; k < values.length; k++) {
    if (outside(values[k])) {
      return { row: Math.floor(k / columns), column: k % columns, value: values[k] };
    }
  }
  return undefined;
}

function firstOutsideOfRows(x: unknown): Entry | undefined {
  if (x instanceof AbstractMatrix) {
    for (let i = 0; i < x.rows; i++) {
      for (let j = 0; j < x.columns; j++) {
        const value = x.get(i, j);
        if (outside(value)) return { row: i, column: j, value };
      }
    }
    return undefined;
  }
  if (!Array.isArray(x)) return undefined;
  for (let i = 0; i < x.length; i++) {
    const row: unknown = x[i];
    if (!Array.isArray(row) && !ArrayBuffer.isView(row)) continue;
    const entries = row as ArrayLike<unknown>;
    for (let j = 0; j < entries.length; j++) {
      const value = entries[j];
      if (outside(value)) return { row: i, column: j, value };
    }
  }
  return undefined;
}

/**
 * Refuses data outside [0, 1] for a model trained with the Bernoulli cross-entropy (a sigmoid
 * output read as pixel probabilities): raw 0-255 pixels would train at a loss near 4e8 without a
 * word. Any form of input is read as it stands (tensors by their min and max first), before the
 * shape and finiteness checks that come after it.
 *
 * @throws {@link InvalidInputError} naming the first entry outside [0, 1].
 * @internal
 */
export function checkBernoulliTargets(x: unknown, name: string): void {
  const bad = x instanceof tf.Tensor ? firstOutsideOfTensor(x) : firstOutsideOfRows(x);
  if (bad === undefined) return;
  throw new InvalidInputError(
    `${name}[${bad.row}][${bad.column}] is ${bad.value}: this model's reconstruction loss is the Bernoulli cross-entropy (a sigmoid output), which needs every entry in [0, 1]; rescale the data (divide 0-255 pixels by 255), or use a linear output for other data.`,
  );
}

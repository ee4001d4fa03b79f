import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { InvalidInputError } from '../../errors/invalid-input-error.js';
import { ShapeError } from '../../errors/shape-error.js';

function shapeText(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/**
 * Sets a model's weights from tensors the caller keeps, after checking every one: the count and
 * each shape ({@link ShapeError}: a mismatch outside any file is a shape problem, not a file
 * problem), and that each is a live, finite tensor ({@link InvalidInputError}).
 *
 * @param which - `'encoder'` or `'decoder'`, for the messages.
 * @internal
 */
export function setModelWeights(
  model: tfl.LayersModel,
  weights: readonly tf.Tensor[],
  which: string,
): void {
  const expected = model.weights;
  if (!Array.isArray(weights) || weights.length !== expected.length) {
    throw new ShapeError(
      `The ${which} needs ${expected.length} weight tensors (${which}.getWeights() order), got ${Array.isArray(weights) ? weights.length : String(weights)}.`,
    );
  }
  weights.forEach((w, i) => {
    const label = `The ${which}'s weight ${i} (${expected[i].originalName})`;
    if (!(w instanceof tf.Tensor) || w.isDisposed) {
      throw new InvalidInputError(
        `${label} is ${w instanceof tf.Tensor ? 'a disposed tensor' : String(w)}; pass a live tf.Tensor.`,
      );
    }
    const shape = expected[i].shape as number[];
    if (w.shape.length !== shape.length || w.shape.some((d: number, j: number) => d !== shape[j])) {
      throw new ShapeError(
        `${label} should have shape ${shapeText(shape)}, got ${shapeText(w.shape)}.`,
      );
    }
    const finite = tf.tidy(() => tf.all(tf.isFinite(w)));
    const ok = finite.dataSync()[0] === 1;
    finite.dispose();
    if (!ok) {
      throw new InvalidInputError(`${label} holds NaN or ±Infinity; pass finite weights.`);
    }
  });
  model.setWeights([...weights]);
}

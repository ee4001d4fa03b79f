// Tests an internal kernel (the hand-written dense gradient), so it imports it directly.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import { expect, it } from 'vitest';
import {
  ACTIVATIONS,
  type Activation,
  applyActivation,
} from '../../src/autoencoder/activations.js';
import { dense } from '../../src/autoencoder/dense.js';
import { describeEachBackend, gaussian, seededRandom } from './helpers.js';

/** The same layer through stock tfjs ops, so autodiff supplies the gradients to compare with. */
function reference(x: tf.Tensor2D, w: tf.Tensor, b: tf.Tensor, activation: Activation): tf.Tensor {
  return applyActivation(tf.add(tf.matMul(x, w), b), activation);
}

describeEachBackend('the custom-gradient dense layer', () => {
  for (const activation of ACTIVATIONS) {
    it(`${activation}: value and gradients (x, W, b) match TensorFlow.js autodiff`, () => {
      const r = seededRandom(activation.length * 7919);
      const values = (n: number) => Array.from({ length: n }, () => gaussian(r));
      const kernel = tf.variable(tf.tensor2d(values(12), [4, 3]));
      const bias = tf.variable(tf.tensor1d(values(3)));
      const xs = tf.variable(tf.tensor2d(values(20), [5, 4]));
      const weights = tf.tensor2d(values(15), [5, 3]);
      const params = { kernel, bias, activation };
      const ours = tf.variableGrads(
        () => tf.sum(tf.mul(dense(xs as unknown as tf.Tensor2D, params), weights)) as tf.Scalar,
        [kernel, bias, xs],
      );
      const theirs = tf.variableGrads(
        () =>
          tf.sum(
            tf.mul(reference(xs as unknown as tf.Tensor2D, kernel, bias, activation), weights),
          ) as tf.Scalar,
        [kernel, bias, xs],
      );
      expect(ours.value.dataSync()[0]).toBeCloseTo(theirs.value.dataSync()[0], 4);
      for (const v of [kernel, bias, xs]) {
        const a = Array.from(ours.grads[v.name].dataSync());
        const b = Array.from(theirs.grads[v.name].dataSync());
        for (const [i, value] of a.entries()) expect(value).toBeCloseTo(b[i], 4);
      }
      tf.dispose([
        ours.value,
        theirs.value,
        ...Object.values(ours.grads),
        ...Object.values(theirs.grads),
      ]);
      tf.dispose([kernel, bias, xs, weights]);
    });
  }
});

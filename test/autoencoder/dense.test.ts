// Tests an internal kernel (the hand-written dense gradient), so it imports it directly.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { expect, it } from 'vitest';
import { ACTIVATIONS, type Activation } from '../../src/autoencoder/network/activations.js';
import { dense } from '../../src/autoencoder/network/dense.js';
import { describeEachBackend, gaussian, seededRandom } from './helpers.js';

/**
 * Float32 agreement with a stock layer: the two compute the same float32 ops in a different
 * order (fused vs unfused matMul, the activation's derivative from its output vs from its
 * input), so they differ by a few float32 ulps; 1e-5 relative is about 100x what is reached.
 */
const RTOL = 1e-5;

function expectClose(actual: tf.Tensor, expected: tf.Tensor, what: string): void {
  expect(actual.shape, `${what} shape`).toEqual(expected.shape);
  const a = actual.dataSync();
  const b = expected.dataSync();
  const scale = Math.max(1, ...Array.from(b, Math.abs));
  for (let i = 0; i < b.length; i++) {
    expect(Number.isFinite(a[i]), `${what}[${i}] finite`).toBe(true);
    expect(Math.abs(a[i] - b[i]), `${what}[${i}]: ${a[i]} vs ${b[i]}`).toBeLessThanOrEqual(
      RTOL * scale,
    );
  }
}

interface Case {
  readonly x: tf.Variable;
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable;
  readonly weights: tf.Tensor2D;
  readonly stock: tfl.layers.Layer;
}

/** Random x, W, b, a weighting of the outputs, and a stock tf.layers.dense holding W and b. */
function makeCase(activation: Activation, seed: number): Case {
  const r = seededRandom(seed);
  const values = (n: number) => Array.from({ length: n }, () => gaussian(r));
  const kernel = tf.variable(tf.tensor2d(values(12), [4, 3]));
  const bias = tf.variable(tf.tensor1d(values(3)));
  const x = tf.variable(tf.tensor2d(values(20), [5, 4]));
  const weights = tf.tensor2d(values(15), [5, 3]);
  const stock = tfl.layers.dense({ units: 3, activation, inputShape: [4] });
  stock.build([null, 4]);
  stock.setWeights([kernel, bias]);
  return { x, kernel, bias, weights, stock };
}

function dispose(c: Case): void {
  // A layer that was never applied to a symbolic input cannot be disposed; free its weights.
  for (const w of c.stock.weights) w.dispose();
  tf.dispose([c.x, c.kernel, c.bias, c.weights]);
}

/** Value and gradients w.r.t. x, W and b of sum(layer(x) ⊙ weights). */
function gradients(
  layer: (x: tf.Tensor2D) => tf.Tensor2D,
  c: Case,
  vars: tf.Variable[],
): { value: tf.Scalar; grads: tf.Tensor[] } {
  const { value, grads } = tf.variableGrads(
    () => tf.sum(tf.mul(layer(c.x as unknown as tf.Tensor2D), c.weights)) as tf.Scalar,
    vars,
  );
  return { value, grads: vars.map((v) => grads[v.name]) };
}

describeEachBackend('the custom-gradient dense layer', () => {
  for (const activation of ACTIVATIONS) {
    for (const inputGradient of [true, false]) {
      it(`${activation} (inputGradient ${inputGradient}): value and gradients w.r.t. x, W and b match a stock tf.layers.dense`, () => {
        const c = makeCase(activation, activation.length * 7919 + Number(inputGradient));
        const params = { kernel: c.kernel, bias: c.bias, activation };
        const ours = gradients((x) => dense(x, params, { inputGradient }), c, [
          c.kernel,
          c.bias,
          c.x,
        ]);
        const [stockKernel, stockBias] = c.stock.trainableWeights.map(
          (w) => w.read() as tf.Variable,
        );
        const theirs = gradients((x) => c.stock.apply(x) as tf.Tensor2D, c, [
          stockKernel,
          stockBias,
          c.x,
        ]);
        expectClose(ours.value, theirs.value, 'value');
        ['dW', 'db', 'dx'].forEach((what, i) => {
          expectClose(ours.grads[i], theirs.grads[i], what);
        });
        tf.dispose([ours.value, theirs.value, ...ours.grads, ...theirs.grads]);
        dispose(c);
      });
    }
  }

  it('without inputGradient, a step that differentiates only the weights runs no input-gradient matMul and leaves no tensor', async () => {
    const c = makeCase('sigmoid', 11);
    const params = { kernel: c.kernel, bias: c.bias, activation: 'sigmoid' as const };
    const matMuls = async (inputGradient: boolean) => {
      const before = tf.memory().numTensors;
      const profile = await tf.profile(() => {
        const r = gradients((x) => dense(x, params, { inputGradient }), c, [c.kernel, c.bias]);
        tf.dispose([r.value, ...r.grads]);
      });
      expect(tf.memory().numTensors).toBe(before);
      return profile.kernels.filter((k) => /MatMul/.test(k.name)).length;
    };
    // Forward, dW, dx with the input gradient; forward and dW without it.
    expect(await matMuls(true)).toBe(3);
    expect(await matMuls(false)).toBe(2);
    dispose(c);
  });
});

import * as tf from '@tensorflow/tfjs-core';
import { squaredErrorLoss } from 'autoencoders';
import { expect, it } from 'vitest';
import { describeEachBackend, gaussian, seededRandom } from './helpers.js';

/** tfjs's own gradient of the plain expression: the independent truth. */
function plain(target: tf.Tensor2D, output: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.div(tf.sum(tf.square(tf.sub(output, target))), target.shape[0]));
}

function randomMatrix(rows: number, columns: number, seed: number): tf.Tensor2D {
  const r = seededRandom(seed);
  return tf.tensor2d(
    Array.from({ length: rows * columns }, () => gaussian(r)),
    [rows, columns],
  );
}

function valueAndGrads(
  loss: (t: tf.Tensor2D, o: tf.Tensor2D) => tf.Scalar,
  target: tf.Tensor2D,
  output: tf.Tensor2D,
): number[][] {
  const [dTarget, dOutput] = tf.grads((t: tf.Tensor, o: tf.Tensor) =>
    loss(t as tf.Tensor2D, o as tf.Tensor2D),
  )([target, output]);
  const value = loss(target, output);
  const out = [value, dTarget, dOutput].map((t) => Array.from(t.dataSync()));
  tf.dispose([value, dTarget, dOutput]);
  return out;
}

// The same float32 operations up to the order of one product (2/rows·dy against dy/rows·2):
// one float32 ulp apart at most; 1e-6 relative is ten times that.
function expectClose(actual: number[], expected: number[], what: string): void {
  const scale = Math.max(1, ...expected.map(Math.abs));
  actual.forEach((a, i) => {
    expect(Number.isFinite(a), `${what}[${i}] finite`).toBe(true);
    expect(Math.abs(a - expected[i]), `${what}[${i}]`).toBeLessThanOrEqual(1e-6 * scale);
  });
}

describeEachBackend('squaredErrorLoss gradient', () => {
  for (const rows of [1, 5, 128]) {
    it(`${rows} rows: value and gradients w.r.t. output and target equal tfjs's own gradient of the expression`, () => {
      const target = randomMatrix(rows, 7, rows);
      const output = randomMatrix(rows, 7, rows + 100);
      const before = tf.memory().numTensors;
      const ours = valueAndGrads(squaredErrorLoss, target, output);
      const theirs = valueAndGrads(plain, target, output);
      expect(tf.memory().numTensors).toBe(before);
      ['value', 'dTarget', 'dOutput'].forEach((what, i) => {
        expectClose(ours[i], theirs[i], what);
      });
      tf.dispose([target, output]);
    });
  }

  it('a broadcasting output keeps the gradient shapes of tfjs', () => {
    const target = randomMatrix(4, 3, 1);
    const output = randomMatrix(1, 3, 2);
    const ours = valueAndGrads(squaredErrorLoss, target, output);
    const theirs = valueAndGrads(plain, target, output);
    expect(ours[2]).toHaveLength(3);
    ours.forEach((v, i) => {
      expectClose(v, theirs[i], `part ${i}`);
    });
    tf.dispose([target, output]);
  });

  it('the backward pass keeps one copy (the difference) where the plain expression keeps five', async () => {
    const target = randomMatrix(8, 5, 3);
    const output = randomMatrix(8, 5, 4);
    const copies = async (loss: typeof plain) => {
      const profile = await tf.profile(() => {
        tf.dispose(valueAndGrads(loss, target, output) as never);
      });
      return profile.kernels.filter((k) => k.name === 'Identity').length;
    };
    expect(await copies(squaredErrorLoss)).toBeLessThan(await copies(plain));
    tf.dispose([target, output]);
  });
});

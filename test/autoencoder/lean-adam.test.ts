// Tests an internal optimizer (the builder's Adam) against tfjs-core's own, so it imports it directly.
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { LeanAdam } from '../../src/autoencoder/training/lean-adam.js';
import { describeEachBackend, gaussian, seededRandom } from './helpers.js';

const SHAPES = [[7, 5], [5], [5, 3], [3]];

/** Variables of SHAPES with seeded values, twice: one set for each optimizer. */
function twinVariables(seed: number): [tf.Variable[], tf.Variable[]] {
  const r = seededRandom(seed);
  const values = SHAPES.map((s) => Array.from({ length: s[0] * (s[1] ?? 1) }, () => gaussian(r)));
  const make = () => SHAPES.map((s, i) => tf.variable(tf.tensor(values[i], s)));
  return [make(), make()];
}

/** Seeded gradients for `vars`, keyed by their names (the same values for either twin). */
function gradientsFor(vars: tf.Variable[], step: number): tf.NamedTensorMap {
  const r = seededRandom(1000 + step);
  // Spread over orders of magnitude, so the second moment's square root is exercised.
  const scale = 10 ** ((step % 5) - 3);
  return Object.fromEntries(
    vars.map((v) => [
      v.name,
      tf.tensor(
        Array.from({ length: v.size }, () => gaussian(r) * scale),
        v.shape,
      ),
    ]),
  );
}

function step(optimizer: tf.Optimizer, vars: tf.Variable[], t: number): void {
  const grads = gradientsFor(vars, t);
  optimizer.applyGradients(grads);
  tf.dispose(Object.values(grads));
}

/** Largest |a − b| relative to max(1, |b|) over all variables. */
function maxRelDiff(a: tf.Variable[], b: tf.Variable[]): number {
  let worst = 0;
  a.forEach((v, i) => {
    const x = v.dataSync();
    const y = b[i].dataSync();
    for (let j = 0; j < y.length; j++) {
      expect(Number.isFinite(x[j])).toBe(true);
      worst = Math.max(worst, Math.abs(x[j] - y[j]) / Math.max(1, Math.abs(y[j])));
    }
  });
  return worst;
}

// The folded bias correction differs from tfjs-core's division by a few float32 ulps a step
// (about 1e-7 relative after 30 steps here); 1e-6 leaves room for rounding to accumulate.
const TOLERANCE = 1e-6;

describeEachBackend('the builder Adam (LeanAdam)', () => {
  it('matches tf.train.adam stepped on the same gradients, across learning-rate changes', () => {
    const [ours, theirs] = twinVariables(3);
    const lean = new LeanAdam(0.01);
    const stock = tf.train.adam(0.01);
    const before = tf.memory().numTensors;
    for (let t = 0; t < 30; t++) {
      // A rate change keeps both optimizers' moments (what schedules rely on).
      const rate = t < 10 ? 0.01 : t < 20 ? 0.003 : 0.05;
      lean.learningRate = rate;
      (stock as unknown as { learningRate: number }).learningRate = rate;
      step(lean, ours, t);
      step(stock, theirs, t);
      if (t === 0) expect(maxRelDiff(ours, theirs)).toBeLessThan(TOLERANCE);
    }
    expect(maxRelDiff(ours, theirs)).toBeLessThan(TOLERANCE);
    // Each optimizer made m and v at the first step; later steps keep the count where it was.
    expect(tf.memory().numTensors).toBe(before + 4 * SHAPES.length);
    expect(lean.iterations).toBe(30);
    lean.dispose();
    stock.dispose();
    tf.dispose([...ours, ...theirs]);
  });

  it("a wrong implementation is caught: tfjs's Adam with another beta2 drifts past the tolerance", () => {
    const [ours, theirs] = twinVariables(4);
    const lean = new LeanAdam(0.01);
    const other = tf.train.adam(0.01, 0.9, 0.99);
    for (let t = 0; t < 30; t++) {
      step(lean, ours, t);
      step(other, theirs, t);
    }
    expect(maxRelDiff(ours, theirs)).toBeGreaterThan(100 * TOLERANCE);
    lean.dispose();
    other.dispose();
    tf.dispose([...ours, ...theirs]);
  });

  it("exchanges state with tf.train.adam in tfjs-core's [iterations, m…, v…] order, both ways", async () => {
    const [ours, theirs] = twinVariables(5);
    const stock = tf.train.adam(0.02);
    for (let t = 0; t < 7; t++) step(stock, theirs, t);
    // Ours resumes from tfjs's state; the straight tfjs run continues alongside.
    ours.forEach((v, i) => {
      v.assign(theirs[i]);
    });
    const lean = new LeanAdam(0.02);
    const stockState = await stock.getWeights();
    await lean.setWeights(stockState);
    tf.dispose(stockState[0].tensor);
    expect(lean.iterations).toBe(7);
    for (let t = 7; t < 15; t++) {
      step(lean, ours, t);
      step(stock, theirs, t);
    }
    expect(maxRelDiff(ours, theirs)).toBeLessThan(TOLERANCE);

    const saved = await lean.getWeights();
    expect(saved.map((w) => w.tensor.shape)).toEqual([[], ...SHAPES, ...SHAPES]);
    const back = tf.train.adam(0.02);
    await back.setWeights(saved.map((w) => ({ name: w.name, tensor: tf.clone(w.tensor) })));
    step(back, theirs, 15);
    step(lean, ours, 15);
    expect(maxRelDiff(ours, theirs)).toBeLessThan(TOLERANCE);
    tf.dispose(saved[0].tensor);
    for (const o of [lean, stock, back]) o.dispose();
    tf.dispose([...ours, ...theirs]);
  });

  it('dispose frees the moments it made or was given', async () => {
    const [ours, spare] = twinVariables(6);
    const before = tf.memory().numTensors;
    const lean = new LeanAdam(0.01);
    step(lean, ours, 0);
    const state = await lean.getWeights();
    const again = new LeanAdam(0.01);
    // As OptimizerSlot does: the given tensors stay the caller's (the moments share their data).
    const given = state.map((w) => ({ name: w.name, tensor: tf.clone(w.tensor) }));
    await again.setWeights(given);
    tf.dispose([state[0].tensor, ...given.map((w) => w.tensor)]);
    lean.dispose();
    again.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([...ours, ...spare]);
  });
});

import * as tf from '@tensorflow/tfjs-core';
import { ConfigurationError, SparseStrategy } from 'autoencoders';
import { expect, it } from 'vitest';
import { describeEachBackend } from '../helpers.js';
import { CODE, context, scalarOf } from './fixtures.js';

describeEachBackend('SparseStrategy', () => {
  it('SparseStrategy adds weight · Σⱼ KL(target ‖ mean activation of unit j over the batch)', () => {
    const target = 0.1;
    const weight = 0.3;
    let expected = 0;
    for (let j = 0; j < 3; j++) {
      const q = CODE.reduce((s, r) => s + r[j], 0) / CODE.length;
      expected += target * Math.log(target / q) + (1 - target) * Math.log((1 - target) / (1 - q));
    }
    expected *= weight;
    const code = tf.tensor2d(CODE);
    const terms = new SparseStrategy({ target, weight }).lossTerms(context({}, code));
    expect(Object.keys(terms)).toEqual(['sparsity']);
    expect(scalarOf(terms.sparsity)).toBeCloseTo(expected, 5);
    code.dispose();
  });

  it('SparseStrategy clamps a mean activation of 0 or 1 so the penalty stays finite', () => {
    const code = tf.tensor2d([
      [0, 1],
      [0, 1],
    ]);
    const terms = new SparseStrategy({ target: 0.05, weight: 1 }).lossTerms(context({}, code));
    const value = scalarOf(terms.sparsity);
    expect(Number.isFinite(value)).toBe(true);
    expect(value).toBeGreaterThan(0);
    code.dispose();
  });

  it.each([0, 1, -0.1, 1.5, Number.NaN])('SparseStrategy refuses target %s', (target) => {
    expect(() => new SparseStrategy({ target })).toThrow(ConfigurationError);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])(
    'SparseStrategy refuses weight %s',
    (weight) => {
      expect(() => new SparseStrategy({ weight })).toThrow(/weight/);
    },
  );
});

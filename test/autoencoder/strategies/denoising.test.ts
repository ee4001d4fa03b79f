import * as tf from '@tensorflow/tfjs-core';
import { ConfigurationError, DenoisingStrategy } from 'autoencoders';
import { expect, it } from 'vitest';
import { describeEachBackend } from '../helpers.js';

describeEachBackend('DenoisingStrategy', () => {
  it('DenoisingStrategy adds seeded Gaussian noise of the given stddev and leaves the input alone', () => {
    const x = tf.zeros([200, 50]) as tf.Tensor2D;
    const s = new DenoisingStrategy({ stddev: 0.5 });
    const a = s.corruptInput(x, { training: true, epoch: 0, step: 0, seed: 9 });
    const b = s.corruptInput(x, { training: true, epoch: 0, step: 0, seed: 9 });
    const values = Array.from(a.dataSync());
    const mean = values.reduce((p, v) => p + v, 0) / values.length;
    const std = Math.sqrt(values.reduce((p, v) => p + (v - mean) ** 2, 0) / values.length);
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(std).toBeCloseTo(0.5, 1);
    expect(Array.from(b.dataSync())).toEqual(values);
    expect(Array.from(x.dataSync()).every((v) => v === 0)).toBe(true);
    tf.dispose([x, a, b]);
  });

  it.each([-0.1, Number.NaN, Number.POSITIVE_INFINITY])(
    'DenoisingStrategy refuses stddev %s',
    (stddev) => {
      expect(() => new DenoisingStrategy({ stddev })).toThrow(ConfigurationError);
    },
  );
});

import * as tf from '@tensorflow/tfjs-core';
import { ConfigurationError, VariationalStrategy } from 'autoencoders';
import { expect, it } from 'vitest';
import { describeEachBackend } from '../helpers.js';
import { context, MEAN, SPREAD, scalarOf } from './fixtures.js';

describeEachBackend('VariationalStrategy', () => {
  for (const beta of [1, 2.5]) {
    it(`VariationalStrategy (logVariance, beta ${beta}) adds beta · 0.5·Σ(σ² + μ² − 1 − log σ²) / rows`, () => {
      let sum = 0;
      for (const [i, row] of MEAN.entries()) {
        for (const [j, mu] of row.entries()) {
          const lv = SPREAD[i][j];
          sum += Math.exp(lv) + mu * mu - 1 - lv;
        }
      }
      const expected = (beta * 0.5 * sum) / MEAN.length;
      const mean = tf.tensor2d(MEAN);
      const spread = tf.tensor2d(SPREAD);
      const terms = new VariationalStrategy({ beta }).lossTerms(
        context({ latentMean: mean, latentSpread: spread, batchSize: 3 }, mean),
      );
      expect(scalarOf(terms.kl)).toBeCloseTo(expected, 4);
      tf.dispose([mean, spread]);
    });
  }

  it("VariationalStrategy ('sigma') reads the second head as σ: 0.5·Σ(σ² + μ² − 1 − log(1e-10 + σ²)) / rows", () => {
    let sum = 0;
    for (const [i, row] of MEAN.entries()) {
      for (const [j, mu] of row.entries()) {
        const s2 = SPREAD[i][j] ** 2;
        sum += s2 + mu * mu - 1 - Math.log(1e-10 + s2);
      }
    }
    const mean = tf.tensor2d(MEAN);
    const spread = tf.tensor2d(SPREAD);
    const terms = new VariationalStrategy({ parametrization: 'sigma' }).lossTerms(
      context({ latentMean: mean, latentSpread: spread, batchSize: 3 }, mean),
    );
    expect(scalarOf(terms.kl)).toBeCloseTo((0.5 * sum) / 3, 3);
    tf.dispose([mean, spread]);
  });

  it('VariationalStrategy clamps the log-variance so exp cannot overflow', () => {
    const mean = tf.tensor2d([[0, 0]]);
    const spread = tf.tensor2d([[500, -500]]);
    const terms = new VariationalStrategy().lossTerms(
      context({ latentMean: mean, latentSpread: spread, batchSize: 1 }, mean),
    );
    const expected = 0.5 * (Math.exp(20) - 1 - 20 + (Math.exp(-30) - 1 + 30));
    expect(scalarOf(terms.kl) / expected).toBeCloseTo(1, 4);
    tf.dispose([mean, spread]);
  });

  it('VariationalStrategy warms the KL weight up linearly from 0 to beta over warmupEpochs while training', () => {
    const s = new VariationalStrategy({ beta: 2, warmupEpochs: 4 });
    const at = (epoch: number, training = true) =>
      s.klWeight({ training, epoch, step: 0, seed: 0 });
    expect([0, 1, 2, 4, 9].map((e) => at(e))).toEqual([0, 0.5, 1, 2, 2]);
    expect(at(0, false)).toBe(2);
  });

  it('VariationalStrategy refuses beta < 0, a fractional warm-up and an unknown parametrization, all in one error', () => {
    try {
      new VariationalStrategy({ beta: -1, warmupEpochs: 1.5, parametrization: 'std' as 'sigma' });
      expect.unreachable();
    } catch (error) {
      expect(ConfigurationError.is(error)).toBe(true);
      const message = (error as Error).message;
      expect(message).toMatch(/beta/);
      expect(message).toMatch(/warmupEpochs/);
      expect(message).toMatch(/parametrization/);
    }
  });
});

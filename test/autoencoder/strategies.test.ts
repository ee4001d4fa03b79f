import * as tf from '@tensorflow/tfjs-core';
import {
  bernoulliLossFromLogits,
  ConfigurationError,
  DenoisingStrategy,
  LinearStrategy,
  SparseStrategy,
  squaredErrorLoss,
  VariationalStrategy,
} from 'autoencoders';
import { expect, it } from 'vitest';
import { describeEachBackend } from './helpers.js';
import { scalarOf } from './strategies/fixtures.js';

// What every strategy shares: the reconstruction losses they choose from, the options rule and
// the getConfig/fromConfig round trip. Each strategy's own behaviour is in strategies/<name>.test.ts.

describeEachBackend('reconstruction losses', () => {
  it('squaredErrorLoss is the per-row sum of squared errors averaged over rows', () => {
    const a = [
      [1, 2, 3],
      [0, -1, 0.5],
    ];
    const b = [
      [0.5, 2, 1],
      [1, 1, 1],
    ];
    const expected =
      a.reduce((s, row, i) => s + row.reduce((r, v, j) => r + (v - b[i][j]) ** 2, 0), 0) / 2;
    const [ta, tb] = [tf.tensor2d(a), tf.tensor2d(b)];
    expect(scalarOf(squaredErrorLoss(ta, tb))).toBeCloseTo(expected, 5);
    tf.dispose([ta, tb]);
  });

  it('bernoulliLossFromLogits is the sigmoid cross-entropy from logits, stable for huge logits', () => {
    const labels = [
      [1, 0, 0.3],
      [0, 1, 0.9],
    ];
    const logits = [
      [2, -1, 0.5],
      [100, -100, -3],
    ];
    let expected = 0;
    for (const [i, row] of labels.entries()) {
      for (const [j, x] of row.entries()) {
        const l = logits[i][j];
        expected += Math.max(l, 0) - l * x + Math.log1p(Math.exp(-Math.abs(l)));
      }
    }
    expected /= 2;
    const [tx, tl] = [tf.tensor2d(labels), tf.tensor2d(logits)];
    const value = scalarOf(bernoulliLossFromLogits(tx, tl));
    expect(Number.isFinite(value)).toBe(true);
    expect(value).toBeCloseTo(expected, 3);
    tf.dispose([tx, tl]);
  });
});

describeEachBackend('every built-in strategy', () => {
  it.each([
    [
      'SparseStrategy',
      () => new SparseStrategy({ taget: 0.1 } as never),
      /'taget' \(did you mean 'target'\?\)/,
    ],
    [
      'SparseStrategy',
      () => new SparseStrategy(null as never),
      /SparseStrategy options must be an object.*null/,
    ],
    [
      'DenoisingStrategy',
      () => new DenoisingStrategy({ stdev: 1 } as never),
      /'stdev' \(did you mean 'stddev'\?\)/,
    ],
    [
      'VariationalStrategy',
      () => new VariationalStrategy({ betta: 2 } as never),
      /'betta' \(did you mean 'beta'\?\)/,
    ],
    ['VariationalStrategy', () => new VariationalStrategy(null as never), /must be an object/],
  ] as const)(
    '%s refuses a misspelt key or null options with a ConfigurationError naming it',
    (_, make, message) => {
      let error: unknown;
      try {
        make();
      } catch (e) {
        error = e;
      }
      expect(ConfigurationError.is(error)).toBe(true);
      expect((error as Error).message).toMatch(message);
    },
  );

  it('getConfig and fromConfig round-trip every built-in strategy', () => {
    const strategies = [
      new LinearStrategy(),
      new SparseStrategy({ target: 0.05, weight: 0.1 }),
      new DenoisingStrategy({ stddev: 0.3 }),
      new VariationalStrategy({ beta: 4, warmupEpochs: 3, parametrization: 'sigma' }),
    ];
    for (const s of strategies) {
      const cls = s.constructor as unknown as {
        className: string;
        fromConfig(c: unknown): { getConfig(): unknown; name: string };
      };
      expect(cls.className).toBe(s.name);
      const copy = cls.fromConfig(JSON.parse(JSON.stringify(s.getConfig())));
      expect(copy.getConfig()).toEqual(s.getConfig());
    }
  });
});

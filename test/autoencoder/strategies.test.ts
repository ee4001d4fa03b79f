import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import {
  type Architecture,
  bernoulliLossFromLogits,
  ConfigurationError,
  DenoisingStrategy,
  LinearStrategy,
  type LossContext,
  SparseStrategy,
  squaredErrorLoss,
  VariationalStrategy,
} from '../../src/index.js';
import { describeEachBackend } from './helpers.js';

const ARCH: Architecture = {
  inputDim: 3,
  hiddenLayers: [],
  encoderLayers: [],
  latentDim: 3,
  decoderLayers: [],
  activation: 'sigmoid',
  codeActivation: 'sigmoid',
  outputActivation: 'linear',
  latentHead: 'deterministic',
  strategyNames: [],
};

const CODE = [
  [0.1, 0.5, 0.9],
  [0.2, 0.01, 0.7],
  [0.05, 0.3, 0.99],
  [0.4, 0.2, 0.6],
];
const MEAN = [
  [0.5, -1.2],
  [0.0, 0.3],
  [2.0, -0.4],
];
const SPREAD = [
  [-0.5, 0.2],
  [1.0, -2.0],
  [0.1, 0.0],
];

function context(overrides: Partial<LossContext>, tensors: tf.Tensor2D): LossContext {
  return {
    training: true,
    epoch: 0,
    step: 0,
    seed: 1,
    input: tensors,
    encoderInput: tensors,
    hidden: [],
    code: tensors,
    latentMean: undefined,
    latentSpread: undefined,
    output: tensors,
    batchSize: tensors.shape[0],
    architecture: ARCH,
    weights: { encoder: [], decoder: [] },
    ...overrides,
  };
}

function scalarOf(t: tf.Scalar): number {
  const v = t.dataSync()[0];
  t.dispose();
  return v;
}

describeEachBackend('loss terms match their formulas', () => {
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
});

describeEachBackend('strategy settings are validated', () => {
  it.each([0, 1, -0.1, 1.5, Number.NaN])('SparseStrategy refuses target %s', (target) => {
    expect(() => new SparseStrategy({ target })).toThrow(ConfigurationError);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])(
    'SparseStrategy refuses weight %s',
    (weight) => {
      expect(() => new SparseStrategy({ weight })).toThrow(/weight/);
    },
  );

  it.each([-0.1, Number.NaN, Number.POSITIVE_INFINITY])(
    'DenoisingStrategy refuses stddev %s',
    (stddev) => {
      expect(() => new DenoisingStrategy({ stddev })).toThrow(ConfigurationError);
    },
  );

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

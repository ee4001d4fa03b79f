import * as tf from '@tensorflow/tfjs-core';
import {
  Autoencoder,
  type AutoencoderConfig,
  ConfigurationError,
  DenoisingStrategy,
  deserializeStrategy,
  getStrategyClass,
  InvalidInputError,
  type JsonObject,
  type LossContext,
  ModelFileError,
  registerStrategy,
  ShapeError,
  type Strategy,
  VariationalStrategy,
} from 'autoencoders';
import { expect, it } from 'vitest';
import { describeEachBackend, take, thrown, uniformRows } from './helpers.js';

/** A user's own strategy, written outside the library: an L1 penalty on the code's activity. */
class ActivityL1Strategy implements Strategy {
  static readonly className = 'ActivityL1Strategy';
  readonly name = ActivityL1Strategy.className;
  readonly weight: number;
  constructor(options: { weight?: number } = {}) {
    this.weight = options.weight ?? 0.01;
  }
  getConfig(): JsonObject {
    return { weight: this.weight };
  }
  validate(): string[] {
    return this.weight >= 0 ? [] : ['ActivityL1Strategy: weight must be ≥ 0.'];
  }
  lossTerms(context: LossContext): Record<string, tf.Scalar> {
    return {
      l1: tf.mul(this.weight, tf.div(tf.sum(tf.abs(context.code)), context.batchSize)) as tf.Scalar,
    };
  }
  static fromConfig(config: JsonObject): ActivityL1Strategy {
    return new ActivityL1Strategy(config as { weight?: number });
  }
}

/** Another: a strategy only known to this test until it registers. */
class UnregisteredStrategy implements Strategy {
  static readonly className = 'UnregisteredStrategy';
  readonly name = UnregisteredStrategy.className;
  getConfig(): JsonObject {
    return {};
  }
  static fromConfig(): UnregisteredStrategy {
    return new UnregisteredStrategy();
  }
}

const X = uniformRows(30, 5, 3);

describeEachBackend('user-defined strategies', () => {
  it('a user class implementing Strategy plugs into the builder and adds its loss term', async () => {
    const ae = Autoencoder.builder()
      .inputDim(5)
      .hiddenLayers([4])
      .latentDim(2)
      .strategy(new ActivityL1Strategy({ weight: 0.5 }))
      .seed(1)
      .build();
    const h = await ae.fit(X, { epochs: 3, batchSize: 10 });
    expect(h.terms.l1).toHaveLength(3);
    expect(h.terms.l1.every((v) => v > 0)).toBe(true);
    for (let i = 0; i < 3; i++) expect(h.loss[i]).toBeCloseTo(h.mse[i] + h.terms.l1[i], 4);
    ae.dispose();
  });

  it("a user strategy's validate() problems are reported by build()", () => {
    expect(() =>
      Autoencoder.builder()
        .inputDim(5)
        .latentDim(2)
        .strategy(new ActivityL1Strategy({ weight: -1 }))
        .build(),
    ).toThrow(/weight must be ≥ 0/);
  });

  it('registerStrategy lets a config naming a user class rebuild the model with identical weights and history', async () => {
    registerStrategy(ActivityL1Strategy);
    expect(getStrategyClass('ActivityL1Strategy')).toBe(ActivityL1Strategy);
    const ae = Autoencoder.builder()
      .inputDim(5)
      .hiddenLayers([4])
      .latentDim(2)
      .strategy(new DenoisingStrategy({ stddev: 0.1 }), new ActivityL1Strategy({ weight: 0.2 }))
      .optimizer('rmsprop', { learningRate: 0.01 })
      .seed(9)
      .build();
    await ae.fit(X, { epochs: 2, batchSize: 10 });
    const json = JSON.stringify(ae.getConfig());
    const config = JSON.parse(json) as AutoencoderConfig;
    expect(config.strategies).toEqual([
      { className: 'DenoisingStrategy', config: { stddev: 0.1 } },
      { className: 'ActivityL1Strategy', config: { weight: 0.2 } },
    ]);
    const twin = Autoencoder.fromConfig(config, {
      encoderWeights: ae.encoder.getWeights(),
      decoderWeights: ae.decoder.getWeights(),
      history: ae.history,
    });
    expect(twin.getConfig()).toEqual(ae.getConfig());
    expect(twin.strategies[1]).toBeInstanceOf(ActivityL1Strategy);
    expect(twin.history).toEqual(ae.history);
    expect(take(twin.encode(X))).toEqual(take(ae.encode(X)));
    expect(twin.evaluate(X).loss).toBeCloseTo(ae.evaluate(X).loss, 6);
    twin.dispose();
    ae.dispose();
  });

  it('a variational model round-trips through its config, its encoder still giving [mean, logVariance]', () => {
    const vae = Autoencoder.builder()
      .inputDim(5)
      .latentDim(2)
      .outputActivation('sigmoid')
      .strategy(new VariationalStrategy({ beta: 2, parametrization: 'sigma' }))
      .seed(3)
      .build();
    const twin = Autoencoder.fromConfig(vae.getConfig(), {
      encoderWeights: vae.encoder.getWeights(),
      decoderWeights: vae.decoder.getWeights(),
    });
    expect(twin.encoder.outputNames).toEqual(['z_mean', 'z_sigma']);
    expect(take(twin.sample(3, { seed: 5 }))).toEqual(take(vae.sample(3, { seed: 5 })));
    twin.dispose();
    vae.dispose();
  });

  it('an unregistered strategy class is refused with a message that says to call registerStrategy', () => {
    const ae = Autoencoder.builder()
      .inputDim(5)
      .latentDim(2)
      .strategy(new UnregisteredStrategy())
      .seed(1)
      .build();
    const config = ae.getConfig();
    ae.dispose();
    expect(() => Autoencoder.fromConfig(config)).toThrow(
      /registerStrategy\(UnregisteredStrategy\)/,
    );
    expect(() => deserializeStrategy({ className: 'Nope', config: {} })).toThrow(
      ConfigurationError,
    );
  });

  it('weights of the wrong count or shape are refused with ShapeError (no file involved), NaN weights with InvalidInputError, leaving nothing behind', () => {
    const ae = Autoencoder.builder().inputDim(5).latentDim(2).seed(1).build();
    const weights = ae.encoder.getWeights();
    const nan = weights.map((w) => tf.fill(w.shape, Number.NaN));
    const before = tf.memory().numTensors;
    expect(() =>
      Autoencoder.fromConfig(ae.getConfig(), { encoderWeights: weights.slice(1) }),
    ).toThrow(ShapeError);
    const error = thrown(() => Autoencoder.fromConfig(ae.getConfig(), { decoderWeights: weights }));
    expect(ShapeError.is(error)).toBe(true);
    expect(ModelFileError.is(error)).toBe(false);
    expect(error.message).toMatch(
      /weight 0 \(reconstruction\/kernel\) should have shape \[2, 5\], got \[5, 2\]/,
    );
    expect(() => Autoencoder.fromConfig(ae.getConfig(), { encoderWeights: nan })).toThrow(
      InvalidInputError,
    );
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(nan);
    ae.dispose();
  });

  it('registerStrategy refuses a class without className or fromConfig', () => {
    expect(() => registerStrategy({} as never)).toThrow(ConfigurationError);
    expect(() => registerStrategy({ className: 'X' } as never)).toThrow(/fromConfig/);
  });
});

/** A strategy whose hook returns what `bad` gives, to see the library name it. */
function broken(hook: 'lossTerms' | 'corruptInput' | 'sampleLatent', bad: () => unknown): Strategy {
  return {
    name: 'BrokenStrategy',
    getConfig: () => ({}),
    [hook]: bad,
    ...(hook === 'sampleLatent' ? { latentHead: 'variational' as const } : {}),
  } as Strategy;
}

describeEachBackend(
  'a strategy hook that returns the wrong thing gets a typed error naming it',
  () => {
    const cases: [string, Strategy, RegExp, 'ShapeError' | 'ConfigurationError'][] = [
      [
        'a non-scalar loss term',
        broken('lossTerms', () => ({ penalty: tf.ones([2]) })),
        /BrokenStrategy\.lossTerms returned term 'penalty' of shape \[2\]; each term must be a scalar/,
        'ShapeError',
      ],
      [
        'a null loss term',
        broken('lossTerms', () => ({ penalty: null })),
        /BrokenStrategy\.lossTerms \(term 'penalty'\) returned null/,
        'ConfigurationError',
      ],
      [
        'null instead of the terms',
        broken('lossTerms', () => null),
        /BrokenStrategy\.lossTerms returned null; it must return an object of named scalars/,
        'ConfigurationError',
      ],
      [
        'a wrongly shaped corrupted input',
        broken('corruptInput', () => tf.ones([3, 7])),
        /BrokenStrategy\.corruptInput returned a tensor of shape \[3, 7\]; it must return a float32 tensor shaped like its input \[\d+, 5\]/,
        'ShapeError',
      ],
      [
        'a wrongly shaped latent sample',
        broken('sampleLatent', () => tf.ones([1, 2])),
        /BrokenStrategy\.sampleLatent returned a tensor of shape \[1, 2\]; it must return a float32 tensor shaped like the mean/,
        'ShapeError',
      ],
      [
        'null as the latent sample',
        broken('sampleLatent', () => null),
        /BrokenStrategy\.sampleLatent returned null/,
        'ConfigurationError',
      ],
    ];

    it.each(cases)(
      '%s, in fit (and evaluate), leaking nothing',
      async (_, strategy, message, type) => {
        const ae = Autoencoder.builder()
          .inputDim(5)
          .latentDim(2)
          .strategy(strategy)
          .seed(1)
          .build();
        const before = tf.memory().numTensors;
        const error = await ae.fit(X, { epochs: 1, batchSize: 10 }).then(
          () => new Error('fit resolved'),
          (e: Error) => e,
        );
        expect(error.name).toBe(type);
        expect(error.message).toMatch(message);
        if (strategy.lossTerms) {
          const e = thrown(() => ae.evaluate(X));
          expect(e.name).toBe(type);
          expect(e.message).toMatch(message);
        }
        expect(tf.memory().numTensors).toBe(before);
        ae.dispose();
      },
    );
  },
);

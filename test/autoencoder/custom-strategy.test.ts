import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import {
  Autoencoder,
  type AutoencoderConfig,
  ConfigurationError,
  DenoisingStrategy,
  deserializeStrategy,
  getStrategyClass,
  type JsonObject,
  type LossContext,
  ModelFileError,
  registerStrategy,
  type Strategy,
  VariationalStrategy,
} from '../../src/index.js';
import { describeEachBackend, take, uniformRows } from './helpers.js';

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

  it('weights of the wrong count or shape are refused with ModelFileError and leave nothing behind', () => {
    const ae = Autoencoder.builder().inputDim(5).latentDim(2).seed(1).build();
    const before = tf.memory().numTensors;
    const weights = ae.encoder.getWeights();
    expect(() =>
      Autoencoder.fromConfig(ae.getConfig(), { encoderWeights: weights.slice(1) }),
    ).toThrow(ModelFileError);
    expect(() => Autoencoder.fromConfig(ae.getConfig(), { decoderWeights: weights })).toThrow(
      /shape/,
    );
    expect(tf.memory().numTensors).toBe(before);
    ae.dispose();
  });

  it('registerStrategy refuses a class without className or fromConfig', () => {
    expect(() => registerStrategy({} as never)).toThrow(ConfigurationError);
    expect(() => registerStrategy({ className: 'X' } as never)).toThrow(/fromConfig/);
  });
});

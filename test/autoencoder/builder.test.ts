import * as tf from '@tensorflow/tfjs-core';
import {
  type Architecture,
  Autoencoder,
  ConfigurationError,
  DenoisingStrategy,
  LinearStrategy,
  OPTIMIZERS,
  type OptimizerName,
  SparseStrategy,
  type Strategy,
  VariationalStrategy,
} from 'autoencoders';
import { expect, it } from 'vitest';
import { describeEachBackend } from './helpers.js';

function buildError(f: () => unknown): string {
  try {
    const ae = f() as Autoencoder;
    ae.dispose();
  } catch (error) {
    expect(ConfigurationError.is(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigurationError');
}

describeEachBackend('Autoencoder.builder', () => {
  it('builder methods return the builder and build() gives stock Layers models of the right shapes', () => {
    const builder = Autoencoder.builder();
    expect(builder.inputDim(6)).toBe(builder);
    expect(
      builder
        .hiddenLayers([5, 4])
        .latentDim(2)
        .activation('tanh')
        .outputActivation('sigmoid')
        .seed(3),
    ).toBe(builder);
    const ae = builder.build();
    expect(ae.encoder.layers.map((l) => l.getClassName())).toEqual([
      'InputLayer',
      'Dense',
      'Dense',
      'Dense',
    ]);
    expect(ae.encoder.outputs[0].shape).toEqual([null, 2]);
    expect(
      ae.decoder.layers.slice(1).map((l) => (l.getConfig() as { units: number }).units),
    ).toEqual([4, 5, 6]);
    expect((ae.decoder.layers.at(-1)!.getConfig() as { activation: string }).activation).toBe(
      'sigmoid',
    );
    expect((ae.encoder.layers[1].getConfig() as { activation: string }).activation).toBe('tanh');
    ae.dispose();
  });

  it('defaults to sigmoid hidden and code layers, a linear output and Adam at 0.001', () => {
    const ae = Autoencoder.builder().inputDim(4).hiddenLayers([3]).latentDim(2).build();
    const config = ae.getConfig();
    expect(config.activation).toBe('sigmoid');
    expect(config.outputActivation).toBe('linear');
    expect(config.optimizer).toEqual({ name: 'adam', learningRate: 0.001 });
    expect(Number.isInteger(config.seed)).toBe(true);
    expect((ae.encoder.layers.at(-1)!.getConfig() as { activation: string }).activation).toBe(
      'sigmoid',
    );
    ae.dispose();
  });

  it('decoderLayers sets a decoder that does not mirror the encoder', () => {
    const ae = Autoencoder.builder()
      .inputDim(8)
      .hiddenLayers([6])
      .decoderLayers([3, 5, 7])
      .latentDim(2)
      .seed(1)
      .build();
    expect(
      ae.decoder.layers.slice(1).map((l) => (l.getConfig() as { units: number }).units),
    ).toEqual([3, 5, 7, 8]);
    ae.dispose();
  });

  it('LinearStrategy makes every layer linear, the code and output layers too', () => {
    const ae = Autoencoder.builder()
      .inputDim(5)
      .hiddenLayers([4])
      .latentDim(2)
      .strategy(new LinearStrategy())
      .build();
    const activations = [...ae.encoder.layers, ...ae.decoder.layers]
      .filter((l) => l.getClassName() === 'Dense')
      .map((l) => (l.getConfig() as { activation: string }).activation);
    expect(activations).toEqual(['linear', 'linear', 'linear', 'linear']);
    ae.dispose();
  });

  it('a variational encoder outputs [mean, logVariance] from two linear Dense heads', () => {
    const ae = Autoencoder.builder()
      .inputDim(6)
      .hiddenLayers([5])
      .latentDim(2)
      .activation('elu')
      .outputActivation('sigmoid')
      .strategy(new VariationalStrategy())
      .build();
    expect(ae.encoder.outputs.map((o) => o.shape)).toEqual([
      [null, 2],
      [null, 2],
    ]);
    expect(ae.encoder.outputNames).toEqual(['z_mean', 'z_log_variance']);
    expect(ae.isVariational).toBe(true);
    ae.dispose();
  });

  it('a sparse autoencoder may be overcomplete (784-1000-784)', () => {
    const ae = Autoencoder.builder()
      .inputDim(784)
      .latentDim(1000)
      .strategy(new SparseStrategy({ target: 0.032, weight: 0.2 }))
      .build();
    expect(ae.latentDim).toBe(1000);
    ae.dispose();
  });

  it('DenoisingStrategy combines with SparseStrategy and with VariationalStrategy', () => {
    const a = Autoencoder.builder()
      .inputDim(4)
      .latentDim(8)
      .strategy(new DenoisingStrategy(), new SparseStrategy())
      .build();
    const b = Autoencoder.builder()
      .inputDim(4)
      .latentDim(2)
      .outputActivation('sigmoid')
      .strategy(new DenoisingStrategy({ stddev: 0.1 }))
      .strategy(new VariationalStrategy())
      .build();
    expect(a.strategies.map((s) => s.name)).toEqual(['DenoisingStrategy', 'SparseStrategy']);
    expect(b.strategies.map((s) => s.name)).toEqual(['DenoisingStrategy', 'VariationalStrategy']);
    a.dispose();
    b.dispose();
  });

  it('build() without sizes names both missing settings in one ConfigurationError', () => {
    const message = buildError(() => Autoencoder.builder().build());
    expect(message).toMatch(/inputDim is not set/);
    expect(message).toMatch(/latentDim is not set/);
    expect(message).toMatch(/2 problems/);
  });

  it('build() lists every problem of a badly misused builder at once', () => {
    const message = buildError(() =>
      Autoencoder.builder()
        .inputDim(2.5)
        .latentDim(0)
        .hiddenLayers([3, -1, 1.5])
        .activation('swish' as 'relu')
        .optimizer('adagrad' as 'adam', { learningRate: 0 })
        .seed(-4)
        .build(),
    );
    for (const part of [
      'inputDim is 2.5',
      'latentDim is 0',
      'hiddenLayers[1]',
      'hiddenLayers[2]',
      'activation',
      'optimizer',
      'learningRate',
      'seed',
    ]) {
      expect(message).toContain(part);
    }
  });

  it('refuses a latent width not below the input width for plain, linear and variational models', () => {
    expect(buildError(() => Autoencoder.builder().inputDim(3).latentDim(3).build())).toMatch(
      /latentDim 3 is not smaller than inputDim 3/,
    );
    expect(
      buildError(() =>
        Autoencoder.builder().inputDim(3).latentDim(4).strategy(new LinearStrategy()).build(),
      ),
    ).toMatch(/identity/);
    expect(
      buildError(() =>
        Autoencoder.builder().inputDim(3).latentDim(5).strategy(new VariationalStrategy()).build(),
      ),
    ).toMatch(/latentDim 5/);
  });

  it('refuses a sparse model without a sigmoid code layer, and one combined with LinearStrategy', () => {
    expect(
      buildError(() =>
        Autoencoder.builder()
          .inputDim(4)
          .latentDim(8)
          .activation('relu')
          .strategy(new SparseStrategy())
          .build(),
      ),
    ).toMatch(/sigmoid code layer/);
    expect(
      buildError(() =>
        Autoencoder.builder()
          .inputDim(4)
          .latentDim(2)
          .strategy(new SparseStrategy(), new LinearStrategy())
          .build(),
      ),
    ).toMatch(/SparseStrategy does not combine with LinearStrategy/);
  });

  it('refuses VariationalStrategy with LinearStrategy or SparseStrategy', () => {
    const message = buildError(() =>
      Autoencoder.builder()
        .inputDim(4)
        .latentDim(2)
        .strategy(new VariationalStrategy(), new LinearStrategy(), new SparseStrategy())
        .build(),
    );
    expect(message).toMatch(/VariationalStrategy does not combine with LinearStrategy/);
    expect(message).toMatch(/VariationalStrategy does not combine with SparseStrategy/);
  });

  it('refuses the same strategy twice and an object that is not a strategy', () => {
    const message = buildError(() =>
      Autoencoder.builder()
        .inputDim(4)
        .latentDim(2)
        .strategy(new DenoisingStrategy(), new DenoisingStrategy(), {} as Strategy)
        .build(),
    );
    expect(message).toMatch(/DenoisingStrategy is given twice/);
    expect(message).toMatch(/is not a Strategy/);
  });

  it('a failed build leaves no tensors behind', () => {
    const before = tf.memory().numTensors;
    buildError(() => Autoencoder.builder().inputDim(3).latentDim(3).build());
    expect(tf.memory().numTensors).toBe(before);
  });

  it('the same seed gives the same initial weights', () => {
    const make = (seed: number) =>
      Autoencoder.builder().inputDim(5).hiddenLayers([4]).latentDim(2).seed(seed).build();
    const [a, b, c] = [make(11), make(11), make(12)];
    const weights = (ae: Autoencoder) =>
      [...ae.encoder.getWeights(), ...ae.decoder.getWeights()].map((w) => Array.from(w.dataSync()));
    expect(weights(a)).toEqual(weights(b));
    expect(weights(a)).not.toEqual(weights(c));
    for (const ae of [a, b, c]) ae.dispose();
  });
});

describeEachBackend('builder options and the strategy contract', () => {
  it('optimizer options that are null or hold an unknown key are reported by build(), naming the key', () => {
    expect(
      buildError(() =>
        Autoencoder.builder()
          .inputDim(3)
          .latentDim(1)
          .optimizer('adam', { learningrate: 0.1 } as never)
          .build(),
      ),
    ).toMatch(
      /Unknown option 'learningrate' \(did you mean 'learningRate'\?\) in optimizer options/,
    );
    expect(
      buildError(() =>
        Autoencoder.builder()
          .inputDim(3)
          .latentDim(1)
          .optimizer('sgd', null as never)
          .build(),
      ),
    ).toMatch(/optimizer options must be an object/);
    const ae = Autoencoder.builder()
      .inputDim(3)
      .latentDim(1)
      .optimizer('sgd', { learningRate: 0.5 })
      .build();
    expect(ae.getConfig().optimizer).toEqual({ name: 'sgd', learningRate: 0.5 });
    ae.dispose();
  });

  it('OptimizerName is the keys of OPTIMIZERS, and each builds its tfjs optimizer', () => {
    expect(Object.keys(OPTIMIZERS)).toEqual(['adam', 'sgd', 'rmsprop']);
    for (const name of Object.keys(OPTIMIZERS) as OptimizerName[]) {
      const optimizer = OPTIMIZERS[name](0.1);
      expect(optimizer.getClassName().toLowerCase()).toContain(name === 'sgd' ? 'sgd' : name);
      optimizer.dispose();
    }
  });

  it("a strategy whose name differs from its class's className is refused at build(), not only at load", () => {
    class Misnamed implements Strategy {
      static readonly className = 'Misnamed';
      readonly name = 'SomethingElse';
      getConfig() {
        return {};
      }
    }
    expect(
      buildError(() =>
        Autoencoder.builder().inputDim(3).latentDim(1).strategy(new Misnamed()).build(),
      ),
    ).toMatch(/Misnamed's instances are named 'SomethingElse'.*derive it from the class/);
    expect(new SparseStrategy().name).toBe(SparseStrategy.className);
  });

  it("combination rules read capabilities: a user's linear strategy meets the same rules as LinearStrategy", () => {
    const userLinear: Strategy = { name: 'MyLinear', getConfig: () => ({}), forcesLinear: true };
    const message = buildError(() =>
      Autoencoder.builder()
        .inputDim(4)
        .latentDim(2)
        .strategy(new VariationalStrategy(), userLinear, new SparseStrategy())
        .build(),
    );
    expect(message).toMatch(/VariationalStrategy does not combine with MyLinear/);
    expect(message).toMatch(/VariationalStrategy does not combine with SparseStrategy/);
    expect(message).toMatch(/SparseStrategy does not combine with MyLinear/);
    const needsTanh: Strategy = {
      name: 'NeedsTanh',
      getConfig: () => ({}),
      requiredCodeActivation: 'tanh',
    };
    expect(
      buildError(() => Autoencoder.builder().inputDim(4).latentDim(2).strategy(needsTanh).build()),
    ).toMatch(/NeedsTanh needs a tanh code layer, but the activation is 'sigmoid'/);
  });

  it('a variational model needs exactly one sampler, and a sampler needs a variational head', () => {
    const sampler = (name: string): Strategy => ({
      name,
      getConfig: () => ({}),
      sampleLatent: (mean) => mean,
    });
    expect(
      buildError(() =>
        Autoencoder.builder()
          .inputDim(4)
          .latentDim(2)
          .strategy(new VariationalStrategy(), sampler('SecondSampler'))
          .build(),
      ),
    ).toMatch(/VariationalStrategy and SecondSampler all define sampleLatent: exactly one/);
    expect(
      buildError(() =>
        Autoencoder.builder().inputDim(4).latentDim(2).strategy(sampler('Lonely')).build(),
      ),
    ).toMatch(/Lonely defines sampleLatent but no strategy asks for a variational head/);
    const headOnly: Strategy = {
      name: 'HeadOnly',
      getConfig: () => ({}),
      latentHead: 'variational',
    };
    expect(
      buildError(() => Autoencoder.builder().inputDim(4).latentDim(2).strategy(headOnly).build()),
    ).toMatch(/variational head needs one strategy with sampleLatent/);
  });

  it("the variational strategy names its heads, and validate() sees the builder's hiddenLayers", () => {
    let seen: Architecture | undefined;
    const spy: Strategy = {
      name: 'Spy',
      getConfig: () => ({}),
      validate: (a) => {
        seen = a;
        return [];
      },
      latentHead: 'variational',
      latentHeadNames: ['mu', 'log_sigma2'],
      sampleLatent: (mean) => mean,
    };
    const ae = Autoencoder.builder()
      .inputDim(6)
      .hiddenLayers([5, 4])
      .latentDim(2)
      .strategy(spy)
      .seed(1)
      .build();
    expect(ae.encoder.outputNames).toEqual(['mu', 'log_sigma2']);
    expect(seen?.hiddenLayers).toEqual([5, 4]);
    expect(seen?.encoderLayers).toEqual([5, 4]);
    expect(seen?.codeActivation).toBe(seen?.activation);
    ae.dispose();
  });
});

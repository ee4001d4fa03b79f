import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import {
  Autoencoder,
  ConfigurationError,
  type KernelInitializer,
  VariationalStrategy,
} from 'autoencoders';
import { beforeAll, describe, expect, it } from 'vitest';

function firstKernel(init?: KernelInitializer): { values: Float32Array; ae: Autoencoder } {
  let b = Autoencoder.builder()
    .inputDim(784)
    .hiddenLayers([512])
    .latentDim(32)
    .activation('elu')
    .seed(3);
  if (init) b = b.kernelInitializer(init);
  const ae = b.build();
  return { values: ae.encoder.getWeights()[0].dataSync() as Float32Array, ae };
}

function variance(v: Float32Array): number {
  let s = 0;
  for (const x of v) s += x * x;
  return s / v.length;
}

/** The encoder's two output layers' names, mean first. */
function headNames(ae: Autoencoder): [string, string] {
  const [mean, spread] = ae.encoder.outputLayers.map((l) => l.name);
  return [mean, spread];
}

describe('kernelInitializer', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  // 784 × 512 = 401,408 draws: the variance estimate's relative standard error is sqrt(2/n),
  // 0.22%, so a 2% band is about 9 standard errors wide, and Glorot's 2 / (784 + 512) is 40%
  // below He's 2 / 784; tfjs-layers' own heNormal (truncated, not widened) is 23% below.
  const fanIn = 784;
  const cases: [KernelInitializer | undefined, number][] = [
    ['heNormal', 2 / fanIn],
    ['heUniform', 2 / fanIn],
    ['lecunNormal', 1 / fanIn],
    ['glorotUniform', 2 / (784 + 512)],
    [undefined, 2 / (784 + 512)],
  ];
  for (const [init, expected] of cases) {
    it(`${init ?? 'the default (glorotUniform)'} draws kernels of variance ${expected.toExponential(3)}`, () => {
      const { values, ae } = firstKernel(init);
      expect(Math.abs(variance(values) / expected - 1)).toBeLessThan(0.02);
      ae.dispose();
    });
  }

  // 300-400-200-100, mirrored: every layer has at least 20,000 weights (variance standard error
  // at most 1%), and He's 2 / fan_in is at least 1.5x Glorot's 2 / (fan_in + fan_out) on every
  // layer, so an 8% band puts each layer on one side only: a rule that gave any layer the other
  // initializer fails.
  const he = (fanIn: number) => 2 / fanIn;
  const glorot = (fanIn: number, fanOut: number) => 2 / (fanIn + fanOut);
  function kernelVariance(model: Autoencoder['encoder'], name: string): number {
    return variance(model.getLayer(name).getWeights()[0].dataSync() as Float32Array);
  }
  function expectVariance(actual: number, expected: number, layer: string): void {
    expect(Math.abs(actual / expected - 1), `${layer}: ${actual} vs ${expected}`).toBeLessThan(
      0.08,
    );
  }

  for (const init of ['heNormal', 'heUniform'] as const) {
    it(`${init} starts the hidden and code layers only; the output layer keeps Glorot uniform`, () => {
      const ae = Autoencoder.builder()
        .inputDim(300)
        .hiddenLayers([400, 200])
        .latentDim(100)
        .activation('relu')
        .outputActivation('sigmoid')
        .kernelInitializer(init)
        .seed(11)
        .build();
      const expected: [Autoencoder['encoder'], string, number][] = [
        [ae.encoder, 'encoder_dense_1', he(300)],
        [ae.encoder, 'encoder_dense_2', he(400)],
        [ae.encoder, 'code', he(200)],
        [ae.decoder, 'decoder_dense_1', he(100)],
        [ae.decoder, 'decoder_dense_2', he(200)],
        [ae.decoder, 'reconstruction', glorot(400, 300)],
      ];
      for (const [model, name, v] of expected) expectVariance(kernelVariance(model, name), v, name);
      ae.dispose();
    });
  }

  it('heNormal leaves the variational mean and spread heads at Glorot uniform', () => {
    const ae = Autoencoder.builder()
      .inputDim(300)
      .hiddenLayers([400, 200])
      .latentDim(100)
      .activation('elu')
      .outputActivation('sigmoid')
      .kernelInitializer('heNormal')
      .strategy(new VariationalStrategy())
      .seed(12)
      .build();
    const [meanName, spreadName] = headNames(ae);
    const expected: [Autoencoder['encoder'], string, number][] = [
      [ae.encoder, 'encoder_dense_2', he(400)],
      [ae.encoder, meanName, glorot(200, 100)],
      [ae.encoder, spreadName, glorot(200, 100)],
      [ae.decoder, 'decoder_dense_1', he(100)],
      [ae.decoder, 'reconstruction', glorot(400, 300)],
    ];
    for (const [model, name, v] of expected) expectVariance(kernelVariance(model, name), v, name);
    ae.dispose();
  });

  it('draws one seed per layer whatever its initializer: He and Glorot share the output kernel', () => {
    const build = (init: KernelInitializer) =>
      Autoencoder.builder()
        .inputDim(30)
        .hiddenLayers([20])
        .latentDim(5)
        .activation('elu')
        .kernelInitializer(init)
        .seed(5)
        .build();
    const glorotModel = build('glorotUniform');
    const heModel = build('heNormal');
    const kernel = (ae: Autoencoder, name: string) =>
      Array.from(ae.decoder.getLayer(name).getWeights()[0].dataSync());
    expect(kernel(heModel, 'reconstruction')).toEqual(kernel(glorotModel, 'reconstruction'));
    expect(kernel(heModel, 'decoder_dense_1')).not.toEqual(kernel(glorotModel, 'decoder_dense_1'));
    glorotModel.dispose();
    heModel.dispose();
  });

  it('He variance is not Glorot variance (the bound separates them)', () => {
    const { values, ae } = firstKernel('glorotUniform');
    expect(Math.abs(variance(values) / (2 / fanIn) - 1)).toBeGreaterThan(0.3);
    ae.dispose();
  });

  it('is saved with the model and rebuilt from its config', () => {
    const { ae } = firstKernel('heNormal');
    const config = ae.getConfig();
    expect(config.kernelInitializer).toBe('heNormal');
    const again = Autoencoder.fromConfig(config);
    expect(again.getConfig().kernelInitializer).toBe('heNormal');
    // The same seed and initializer give the same kernels.
    expect(again.encoder.getWeights()[0].dataSync()).toEqual(ae.encoder.getWeights()[0].dataSync());
    ae.dispose();
    again.dispose();
  });

  it('reads a config saved before it existed as glorotUniform', () => {
    const { ae } = firstKernel();
    const { kernelInitializer: _, ...old } = ae.getConfig();
    const again = Autoencoder.fromConfig(old as never);
    expect(again.getConfig().kernelInitializer).toBe('glorotUniform');
    ae.dispose();
    again.dispose();
  });

  it('refuses an unknown name with a ConfigurationError listing the names', () => {
    const build = () =>
      Autoencoder.builder()
        .inputDim(4)
        .latentDim(2)
        .kernelInitializer('xavier' as never)
        .build();
    expect(build).toThrow(ConfigurationError);
    expect(build).toThrow(/kernelInitializer is "xavier"; use one of 'glorotUniform', 'heNormal'/);
  });
});

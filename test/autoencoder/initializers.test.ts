import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { Autoencoder, ConfigurationError, type KernelInitializer } from 'autoencoders';
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

import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import {
  Autoencoder,
  ConfigurationError,
  DenoisingStrategy,
  InvalidInputError,
  NotFittedError,
  ShapeError,
  SparseStrategy,
  VariationalStrategy,
} from '../../src/index.js';
import { describeEachBackend, take, uniformRows } from './helpers.js';

const X = uniformRows(20, 6, 2);

function plain(): Autoencoder {
  return Autoencoder.builder().inputDim(6).hiddenLayers([5]).latentDim(2).seed(4).build();
}

function vae(parametrization: 'logVariance' | 'sigma' = 'logVariance'): Autoencoder {
  return Autoencoder.builder()
    .inputDim(6)
    .hiddenLayers([5])
    .latentDim(2)
    .activation('elu')
    .outputActivation('sigmoid')
    .strategy(new VariationalStrategy({ parametrization }))
    .seed(7)
    .build();
}

function expectClose(a: number[][], b: number[][], digits = 5): void {
  expect(a.length).toBe(b.length);
  for (const [i, row] of a.entries()) {
    for (const [j, v] of row.entries()) expect(v).toBeCloseTo(b[i][j], digits);
  }
}

describeEachBackend('encode, decode, reconstruct, evaluate, sample', () => {
  it('encode, decode and reconstruct agree with the stock encoder and decoder Layers models', () => {
    const ae = plain();
    const x = tf.tensor2d(X);
    const z = take(ae.encode(x));
    expectClose(z, take(ae.encoder.predict(x) as tf.Tensor2D));
    const r = take(ae.decode(z));
    const zt = tf.tensor2d(z);
    expectClose(r, take(ae.decoder.predict(zt) as tf.Tensor2D));
    expectClose(take(ae.reconstruct(X)), r);
    tf.dispose([x, zt]);
    ae.dispose();
  });

  it('accepts number[][], typed-array rows and tf.Tensor2D alike', () => {
    const ae = plain();
    const a = take(ae.encode(X));
    const b = take(ae.encode(X.map((r) => Float32Array.from(r))));
    const t = tf.tensor2d(X);
    const c = take(ae.encode(t));
    t.dispose();
    expectClose(a, b, 6);
    expectClose(a, c, 6);
    ae.dispose();
  });

  it('a variational encode returns the mean; evaluate uses the mean: Bernoulli cross-entropy + KL', () => {
    const model = vae();
    const [mean, logVar] = (model.encoder.predict(tf.tensor2d(X)) as tf.Tensor2D[]).map(take);
    expectClose(take(model.encode(X)), mean);
    const out = take(model.reconstruct(X));
    let xent = 0;
    let kl = 0;
    X.forEach((row, i) => {
      row.forEach((x, j) => {
        const p = out[i][j];
        xent += -(x * Math.log(p) + (1 - x) * Math.log(1 - p));
      });
      mean[i].forEach((mu, j) => {
        kl += 0.5 * (Math.exp(logVar[i][j]) + mu * mu - 1 - logVar[i][j]);
      });
    });
    const { loss } = model.evaluate(X);
    expect(loss).toBeCloseTo((xent + kl) / X.length, 3);
    model.dispose();
  });

  it('evaluate is deterministic: no noise for denoising models, no sampling for variational ones', () => {
    const d = Autoencoder.builder()
      .inputDim(6)
      .latentDim(3)
      .strategy(new DenoisingStrategy({ stddev: 2 }))
      .seed(1)
      .build();
    expect(d.evaluate(X)).toEqual(d.evaluate(X));
    d.dispose();
    const v = vae();
    expect(v.evaluate(X)).toEqual(v.evaluate(X));
    v.dispose();
  });

  it('evaluate in passes of batchSize rows gives the same mse as one pass', () => {
    const ae = plain();
    expect(ae.evaluate(X, { batchSize: 7 }).mse).toBeCloseTo(ae.evaluate(X).mse, 5);
    ae.dispose();
  });

  it('sample(n, { seed }) decodes N(0, I) draws reproducibly', () => {
    for (const p of ['logVariance', 'sigma'] as const) {
      const model = vae(p);
      const a = take(model.sample(4, { seed: 3 }));
      expect(a).toHaveLength(4);
      expect(a[0]).toHaveLength(6);
      expect(a.flat().every((v) => v > 0 && v < 1)).toBe(true);
      expect(take(model.sample(4, { seed: 3 }))).toEqual(a);
      expect(take(model.sample(4, { seed: 4 }))).not.toEqual(a);
      model.dispose();
    }
  });
});

describeEachBackend('bad input gives typed errors', () => {
  it('a wrong feature count is a ShapeError that names both counts', async () => {
    const ae = Autoencoder.builder().inputDim(2).latentDim(1).seed(1).build();
    const x3 = [[1, 2, 3]];
    expect(() => ae.encode(x3)).toThrow(ShapeError);
    expect(() => ae.encode(x3)).toThrow('x has 3 features, this model expects 2');
    await expect(ae.fit(x3)).rejects.toThrow('x has 3 features, this model expects 2');
    expect(() => ae.decode([[1, 2]])).toThrow('z has 2 latent units, this model expects 1');
    const t3 = tf.tensor2d(x3);
    expect(() => ae.reconstruct(t3)).toThrow(ShapeError);
    const t1 = tf.tensor1d([1, 2]);
    expect(() => ae.evaluate(t1 as unknown as tf.Tensor2D)).toThrow(/rank-1/);
    tf.dispose([t3, t1]);
    ae.dispose();
  });

  it('NaN, ±Infinity and values beyond float32 range are InvalidInputErrors naming row and column', async () => {
    const ae = Autoencoder.builder().inputDim(2).latentDim(1).seed(1).build();
    await expect(
      ae.fit([
        [1, 2],
        [Number.NaN, 0],
      ]),
    ).rejects.toThrow(/x\[1\]\[0\] is NaN/);
    expect(() => ae.encode([[1, Number.POSITIVE_INFINITY]])).toThrow(InvalidInputError);
    expect(() => ae.encode([[1, 1e39]])).toThrow(/x\[0\]\[1\] is 1e\+39: beyond float32 range/);
    const t = tf.tensor2d([
      [0, 1],
      [Number.NaN, 1],
    ]);
    expect(() => ae.reconstruct(t)).toThrow(/x\[1\]\[0\] is NaN/);
    t.dispose();
    await expect(ae.fit([[0, 1]], { validationData: [[Number.NaN, 0]] })).rejects.toThrow(
      /validationData\[0\]\[0\]/,
    );
    ae.dispose();
  });

  it('empty, ragged and non-numeric input is refused with a typed error', async () => {
    const ae = Autoencoder.builder().inputDim(2).latentDim(1).seed(1).build();
    await expect(ae.fit([])).rejects.toThrow(InvalidInputError);
    expect(() => ae.encode([[1, 2], [3]])).toThrow(ShapeError);
    expect(() => ae.encode([[1, 'a' as unknown as number]])).toThrow(InvalidInputError);
    const empty = tf.zeros([0, 2]) as tf.Tensor2D;
    expect(() => ae.encode(empty)).toThrow(/no rows/);
    empty.dispose();
    ae.dispose();
  });

  it('a single sample trains (one full-batch step per epoch)', async () => {
    const ae = Autoencoder.builder().inputDim(2).latentDim(1).seed(1).build();
    const h = await ae.fit([[0.5, 0.25]], { epochs: 2, batchSize: 32 });
    expect(h.loss).toHaveLength(2);
    ae.dispose();
  });

  it('sample() without a VariationalStrategy is a ConfigurationError; a bad n is an InvalidInputError', () => {
    const ae = Autoencoder.builder()
      .inputDim(4)
      .latentDim(8)
      .strategy(new SparseStrategy())
      .seed(1)
      .build();
    expect(() => ae.sample(3)).toThrow(ConfigurationError);
    expect(() => ae.sample(3)).toThrow(/VariationalStrategy/);
    ae.dispose();
    const v = vae();
    expect(() => v.sample(0)).toThrow(InvalidInputError);
    expect(() => v.sample(2.5)).toThrow(InvalidInputError);
    v.dispose();
  });

  it('every use after dispose() throws NotFittedError saying the model was disposed', async () => {
    const ae = vae();
    ae.dispose();
    ae.dispose();
    expect(ae.disposed).toBe(true);
    for (const use of [
      () => ae.encode(X),
      () => ae.decode([[0, 0]]),
      () => ae.reconstruct(X),
      () => ae.evaluate(X),
      () => ae.sample(1),
      () => ae.encoder,
      () => ae.decoder,
    ]) {
      expect(use).toThrow(NotFittedError);
      expect(use).toThrow(/disposed/);
    }
    await expect(ae.fit(X)).rejects.toThrow(NotFittedError);
  });

  it('a second fit while one is running is refused', async () => {
    const ae = plain();
    const first = ae.fit(X, { epochs: 2 });
    await expect(ae.fit(X)).rejects.toThrow(/already running/);
    await first;
    ae.dispose();
  });
});

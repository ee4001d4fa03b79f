import * as tf from '@tensorflow/tfjs-core';
import {
  Autoencoder,
  ConfigurationError,
  DenoisingStrategy,
  DisposedError,
  InvalidInputError,
  LinearStrategy,
  ShapeError,
  SparseStrategy,
  VariationalStrategy,
} from 'autoencoders';
import { Matrix, MatrixTransposeView, wrap } from 'ml-matrix';
import { expect, it } from 'vitest';
import { describeEachBackend, hostForward, hostMse, take, thrown, uniformRows } from './helpers.js';

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

  it('a variational encode returns the mean; evaluate is the Bernoulli cross-entropy of the mean decoded + KL, as a float64 host pass computes', () => {
    const model = vae();
    const [mean, logVar] = hostForward(model.encoder, X);
    expectClose(take(model.encode(X)), mean);
    const [out] = hostForward(model.decoder, mean);
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
    const { loss, mse } = model.evaluate(X);
    // float32 against float64 on sums of ~6 terms of size ~1: about 1e-6 relative is reached.
    expect(Math.abs(loss - (xent + kl) / X.length) / loss).toBeLessThan(1e-5);
    expect(Math.abs(mse - hostMse(X, out)) / mse).toBeLessThan(1e-5);
    model.dispose();
  });

  it('evaluate is deterministic: a denoising model is scored without noise, a variational one on its mean (host pass)', () => {
    const d = Autoencoder.builder()
      .inputDim(6)
      .latentDim(3)
      .strategy(new DenoisingStrategy({ stddev: 2 }))
      .seed(1)
      .build();
    const [code] = hostForward(d.encoder, X);
    const [clean] = hostForward(d.decoder, code);
    const e = d.evaluate(X);
    // Noise of stddev 2 would move the mse by far more than this (float32 vs float64: ~1e-7).
    expect(Math.abs(e.mse - hostMse(X, clean)) / e.mse).toBeLessThan(1e-5);
    expect(e.loss).toBe(e.mse);
    d.dispose();
    const v = vae();
    const [mean] = hostForward(v.encoder, X);
    const [out] = hostForward(v.decoder, mean);
    const mse = v.evaluate(X).mse;
    expect(Math.abs(mse - hostMse(X, out)) / mse).toBeLessThan(1e-5);
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
    expect(() => ae.encode([[1, 1e21]])).toThrow(
      /x\[0\]\[1\] is 1e\+21: its square overflows float32/,
    );
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

  it('every use after dispose() throws DisposedError saying the model was disposed', async () => {
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
      () => ae.getConfig(),
    ]) {
      expect(use).toThrow(DisposedError);
      expect(use).toThrow(/disposed/);
    }
    await expect(ae.fit(X)).rejects.toThrow(DisposedError);
    await expect(ae.save('./never-written')).rejects.toThrow(DisposedError);
  });

  it.each(['encoder', 'decoder'] as const)(
    'a user disposing ae.%s makes every call a DisposedError naming it, and ae.dispose() still frees the rest',
    async (part) => {
      const before = tf.memory().numTensors;
      const ae = plain();
      ae[part].dispose();
      for (const use of [
        () => ae.encode(X),
        () => ae.decode([[0, 0]]),
        () => ae.reconstruct(X),
        () => ae.evaluate(X),
        () => ae.encoder,
      ]) {
        const error = thrown(use);
        expect(DisposedError.is(error)).toBe(true);
        expect(error.message).toContain(`${part} has been disposed`);
      }
      await expect(ae.fit(X)).rejects.toThrow(DisposedError);
      ae.dispose();
      expect(tf.memory().numTensors).toBe(before);
    },
  );

  it('a second fit while one is running is refused', async () => {
    const ae = plain();
    const first = ae.fit(X, { epochs: 2 });
    await expect(ae.fit(X)).rejects.toThrow(/already running/);
    await first;
    ae.dispose();
  });
});

describeEachBackend('no silent Infinity or NaN: overflowing data is refused', () => {
  const linear = () =>
    Autoencoder.builder().inputDim(2).latentDim(1).strategy(new LinearStrategy()).seed(1).build();

  it.each([1e20, -3e38])(
    '%s, whose square overflows float32, is refused by fit, evaluate, reconstruct, encode and decode, as rows and as a tensor',
    async (big) => {
      const ae = linear();
      const before = tf.memory().numTensors;
      const rows = [
        [0.5, 1],
        [1, big],
      ];
      const tensor = tf.tensor2d(rows);
      for (const x of [rows, tensor]) {
        for (const use of [() => ae.evaluate(x), () => ae.reconstruct(x), () => ae.encode(x)]) {
          const error = thrown(use);
          expect(InvalidInputError.is(error)).toBe(true);
          expect(error.message).toMatch(/x\[1\]\[1\] is -?[0-9.e+]+: its square overflows float32/);
          expect(error.message).toContain('1.845e+19');
          expect(error.message).toMatch(/rescale/);
        }
        await expect(ae.fit(x)).rejects.toThrow(/x\[1\]\[1\].*overflows float32/);
      }
      expect(() => ae.decode([[big]])).toThrow(/z\[0\]\[0\].*overflows float32/);
      tensor.dispose();
      expect(tf.memory().numTensors).toBe(before);
      ae.dispose();
    },
  );

  it('entries up to the bound pass, and a loss that still overflows float32 is an error, not Infinity', () => {
    // 1.8e19 passes the input check; the linear decoder's error on it squares past float32.
    const ae = linear();
    const x = [
      [1.8e19, -1.8e19],
      [-1.8e19, 1.8e19],
    ];
    const before = tf.memory().numTensors;
    const z = take(ae.encode(x));
    expect(z.flat().every(Number.isFinite)).toBe(true);
    const error = thrown(() => ae.evaluate(x));
    expect(InvalidInputError.is(error)).toBe(true);
    expect(error.message).toMatch(/evaluate: the (loss|mse) is Infinity.*rescale the data/);
    expect(tf.memory().numTensors).toBe(before);
    ae.dispose();
  });

  it('a reconstruction that overflows inside the network is an error, not Infinity (and leaks nothing)', () => {
    const ae = linear();
    const huge = ae.decoder.getWeights().map((w) => tf.fill(w.shape, 1e30));
    const big = Autoencoder.fromConfig(ae.getConfig(), { decoderWeights: huge });
    tf.dispose(huge);
    const before = tf.memory().numTensors;
    for (const use of [() => big.reconstruct([[1e15, 1e15]]), () => big.decode([[1e10]])]) {
      expect(use).toThrow(InvalidInputError);
      expect(use).toThrow(/non-finite result/);
    }
    expect(tf.memory().numTensors).toBe(before);
    big.dispose();
    ae.dispose();
  });
});

describeEachBackend('a Bernoulli (sigmoid cross-entropy) model needs data in [0, 1]', () => {
  const pixels = [
    [0, 255, 128, 30, 0, 9],
    [255, 255, 0, 0, 17, 200],
  ];

  it('raw 0-255 pixels are refused by fit and evaluate, saying to divide by 255, as rows, Uint8Array rows, tensors and ml-matrix views', async () => {
    const model = vae();
    const before = tf.memory().numTensors;
    const tensor = tf.tensor2d(pixels);
    const views = [
      new Matrix(pixels),
      wrap(pixels),
      new MatrixTransposeView(new Matrix(pixels).transpose()),
    ];
    for (const x of [pixels, pixels.map((r) => Uint8Array.from(r)), tensor, ...views]) {
      await expect(model.fit(x as number[][])).rejects.toThrow(
        /x\[0\]\[1\] is 255: .*Bernoulli.*\[0, 1\].*divide 0-255 pixels by 255/,
      );
    }
    expect(() => model.evaluate(pixels)).toThrow(InvalidInputError);
    expect(() => model.evaluate(tensor)).toThrow(/x\[0\]\[1\] is 255/);
    await expect(model.fit(X, { validationData: [[0, 0, 0, 0, 0, -0.5]] })).rejects.toThrow(
      /validationData\[0\]\[5\] is -0.5/,
    );
    tensor.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(model.history.loss).toHaveLength(0);
    model.dispose();
  });

  it('the same pixels divided by 255 train, and a squared-error model takes raw pixels', async () => {
    const model = vae();
    const h = await model.fit(
      pixels.map((r) => r.map((v) => v / 255)),
      { epochs: 2 },
    );
    expect(h.loss.every((l) => l > 0 && l < 100)).toBe(true);
    model.dispose();
    const ae = plain();
    await expect(ae.fit(pixels, { epochs: 1 })).resolves.toBeDefined();
    ae.dispose();
  });
});

describeEachBackend(
  'options are checked: null, unknown keys and bad values are ConfigurationErrors',
  () => {
    it('evaluate, sample, fit and fromConfig refuse null and name an unknown key', async () => {
      const ae = plain();
      const model = vae();
      const cases: [() => unknown, RegExp][] = [
        [() => ae.evaluate(X, null as never), /evaluate options must be an object.*null/],
        [
          () => ae.evaluate(X, { batchsize: 2 } as never),
          /'batchsize' \(did you mean 'batchSize'\?\)/,
        ],
        [() => ae.evaluate(X, { batchSize: 0 }), /batchSize is 0/],
        [() => model.sample(2, null as never), /sample options must be an object/],
        [() => model.sample(2, { sed: 3 } as never), /'sed' \(did you mean 'seed'\?\)/],
        [() => model.sample(2, { seed: Number.NaN }), /seed is NaN/],
        [
          () => Autoencoder.fromConfig(ae.getConfig(), null as never),
          /fromConfig state must be an object/,
        ],
        [
          () => Autoencoder.fromConfig(ae.getConfig(), { encoderWeight: [] } as never),
          /'encoderWeight' \(did you mean 'encoderWeights'\?\)/,
        ],
      ];
      const before = tf.memory().numTensors;
      for (const [use, message] of cases) {
        const error = thrown(use);
        expect(ConfigurationError.is(error), error.message).toBe(true);
        expect(error.message).toMatch(message);
      }
      await expect(ae.fit(X, null as never)).rejects.toThrow(ConfigurationError);
      expect(tf.memory().numTensors).toBe(before);
      ae.dispose();
      model.dispose();
    });
  },
);

describeEachBackend('integer input', () => {
  it('int32 and bool tensors encode like the same values in float32', () => {
    const ae = plain();
    const ints = [
      [0, 1, 2, 3, 4, 5],
      [5, 4, 3, 2, 1, 0],
    ];
    const t = tf.tensor2d(ints, undefined, 'int32');
    const b = tf.tensor2d(
      ints.map((r) => r.map((v) => v % 2)),
      undefined,
      'bool',
    );
    expectClose(take(ae.encode(t)), take(ae.encode(ints)), 6);
    expectClose(take(ae.encode(b)), take(ae.encode(ints.map((r) => r.map((v) => v % 2)))), 6);
    tf.dispose([t, b]);
    ae.dispose();
  });
});

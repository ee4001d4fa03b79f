import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import {
  Autoencoder,
  ConfigurationError,
  DenoisingStrategy,
  loadKerasModel,
  ShapeError,
  SparseStrategy,
  VariationalStrategy,
} from 'autoencoders';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Expected values: numpy's, from test/fixtures/keras/make-keras-fixtures.py, or host loops here.
const FIXTURES = fileURLToPath(new URL('../fixtures/keras/', import.meta.url));
const TOLERANCE = 1e-5; // float32 passes of width-6 rows, values of order 1

interface Expected {
  x: number[][];
  z: number[][];
  encoder: number[][];
  decoder: number[][];
  vaeMean: number[][];
  vaeLogVariance: number[][];
  reconstruct: number[][];
  mse: number;
}
let expected: Expected;
let dir: string;

function worstDifference(actual: tf.Tensor, want: number[][]): number {
  expect(actual.shape).toEqual([want.length, want[0]!.length]);
  const values = actual.arraySync() as number[][];
  return Math.max(...values.flatMap((row, i) => row.map((v, j) => Math.abs(v - want[i]![j]!))));
}

/** A flat-rows convolutional pair: 16 features reshaped to 4×4×1 inside the encoder. */
function convPair(seed: number) {
  const init = (s: number) => tfl.initializers.glorotUniform({ seed: seed + s });
  const encoder = tfl.sequential({
    layers: [
      tfl.layers.reshape({ inputShape: [16], targetShape: [4, 4, 1] }),
      tfl.layers.conv2d({
        filters: 2,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: init(1),
      }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 3, kernelInitializer: init(2) }),
    ],
  });
  const decoder = tfl.sequential({
    layers: [
      tfl.layers.dense({
        inputShape: [3],
        units: 8,
        activation: 'relu',
        kernelInitializer: init(3),
      }),
      tfl.layers.dropout({ rate: 0.2 }),
      tfl.layers.dense({ units: 16, kernelInitializer: init(4) }),
    ],
  });
  return { encoder, decoder };
}

function rows(n: number, d: number, seed: number): number[][] {
  let s = seed;
  const next = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  // Rows on a 2-D pattern, so an autoencoder with 3 codes can learn them.
  return Array.from({ length: n }, () => {
    const a = next();
    const b = next();
    return Array.from({ length: d }, (_, j) => a * Math.sin(j) + b * Math.cos(j / 2));
  });
}

/** Runs `f` and checks that it leaves exactly `kept` more tensors than before. */
async function leaves<T>(kept: number, f: () => T | Promise<T>): Promise<T> {
  const before = tf.memory().numTensors;
  const result = await f();
  expect(tf.memory().numTensors - before).toBe(kept);
  return result;
}

function thrownBy(f: () => unknown): unknown {
  const before = tf.memory().numTensors;
  try {
    f();
  } catch (error) {
    expect(tf.memory().numTensors).toBe(before);
    return error;
  }
  throw new Error('expected a throw');
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  expected = JSON.parse(await readFile(join(FIXTURES, 'expected.json'), 'utf8'));
  dir = await mkdtemp(join(tmpdir(), 'from-models-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('Autoencoder.fromModels', () => {
  it('serves a Keras 3 pair: encode, decode, reconstruct and evaluate equal numpy', async () => {
    const encoder = await loadKerasModel(join(FIXTURES, 'keras3', 'encoder'));
    const decoder = await loadKerasModel(join(FIXTURES, 'keras3', 'decoder'));
    const ae = Autoencoder.fromModels({ encoder, decoder });
    expect([ae.inputDim, ae.latentDim, ae.isVariational]).toEqual([6, 2, false]);
    for (const [call, want] of [
      [() => ae.encode(expected.x), expected.encoder],
      [() => ae.decode(expected.z), expected.decoder],
      [() => ae.reconstruct(expected.x), expected.reconstruct],
    ] as const) {
      const out = await leaves(1, call);
      expect(worstDifference(out, want)).toBeLessThan(TOLERANCE);
      out.dispose();
    }
    const { mse, loss } = await leaves(0, () => ae.evaluate(expected.x));
    expect(Math.abs(mse - expected.mse)).toBeLessThan(1e-5);
    expect(loss).toBeCloseTo(mse, 6);
    ae.dispose();
  });

  it('a two-output encoder is variational: mean codes, the KL and Bernoulli loss, samples', async () => {
    const encoder = await loadKerasModel(join(FIXTURES, 'keras3', 'vae-encoder'));
    const decoder = tfl.sequential({
      layers: [tfl.layers.dense({ inputShape: [2], units: 6, activation: 'sigmoid' })],
    });
    const [w, b] = decoder.getWeights().map((t) => t.arraySync()) as [number[][], number[]];
    const ae = Autoencoder.fromModels({ encoder, decoder, seed: 3 });
    expect(ae.isVariational).toBe(true);
    expect(ae.strategies.map((s) => s.name)).toEqual(['VariationalStrategy']);
    const codes = ae.encode(expected.x);
    expect(worstDifference(codes, expected.vaeMean)).toBeLessThan(TOLERANCE);
    codes.dispose();
    // Host: the Bernoulli loss at the mean code plus the analytic KL, per row, averaged.
    let host = 0;
    expected.x.forEach((x, i) => {
      const m = expected.vaeMean[i]!;
      const lv = expected.vaeLogVariance[i]!;
      for (let j = 0; j < 6; j++) {
        const p = 1 / (1 + Math.exp(-(b[j]! + m[0]! * w[0]![j]! + m[1]! * w[1]![j]!)));
        host -= x[j]! * Math.log(p) + (1 - x[j]!) * Math.log(1 - p);
      }
      for (let k = 0; k < 2; k++) host += 0.5 * (Math.exp(lv[k]!) + m[k]! ** 2 - 1 - lv[k]!);
    });
    host /= expected.x.length;
    const { loss } = await leaves(0, () => ae.evaluate(expected.x));
    expect(Math.abs(loss - host) / host).toBeLessThan(1e-5);
    const draws = await leaves(1, () => ae.sample(4, { seed: 9 }));
    expect(draws.shape).toEqual([4, 6]);
    draws.dispose();
    ae.dispose();
  });

  it('fine-tunes a conv model that reshapes flat rows inside (Reshape, Conv2D, Flatten, Dense, Dropout)', async () => {
    const { encoder, decoder } = convPair(11);
    const convKernel = encoder.layers[1]!.getWeights()[0]!.dataSync().slice();
    const ae = Autoencoder.fromModels({ encoder, decoder, seed: 5 });
    const x = rows(64, 16, 7);
    const before = ae.evaluate(x).loss;
    // Dropout is off outside training: evaluation is deterministic.
    expect(ae.evaluate(x).loss).toBe(before);
    // The first call creates the optimizer's moments, which the model keeps for later calls:
    // Adam's m and v for each of the 8 weights (its powers of beta live on the host).
    await leaves(16, () => ae.fit(x, { epochs: 1, batchSize: 16 }));
    const history = await leaves(0, () => ae.fit(x, { epochs: 40, batchSize: 16 }));
    expect(history.loss).toHaveLength(40);
    const after = ae.evaluate(x).loss;
    expect(after).toBeLessThan(0.5 * before);
    // The wrapped models are trained in place (not copies): the caller's encoder moved.
    const moved = encoder.layers[1]!.getWeights()[0]!.dataSync();
    expect(moved.some((v, i) => v !== convKernel[i])).toBe(true);
    ae.dispose();
  });

  it('trains with a DenoisingStrategy too', async () => {
    const { encoder, decoder } = convPair(2);
    const ae = Autoencoder.fromModels({
      encoder,
      decoder,
      seed: 1,
      strategy: new DenoisingStrategy({ stddev: 0.1 }),
    });
    const x = rows(32, 16, 3);
    const history = await ae.fit(x, { epochs: 3, batchSize: 16 });
    expect(history.loss.every(Number.isFinite)).toBe(true);
    ae.dispose();
  });

  it('takes ownership: dispose() frees the wrapped models', async () => {
    const before = tf.memory().numTensors;
    const { encoder, decoder } = convPair(4);
    const ae = Autoencoder.fromModels({ encoder, decoder });
    ae.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(() => ae.encode([[...Array(16).keys()]])).toThrow(/disposed/);
  });

  it('saves and loads like a built model, bit for bit', async () => {
    const { encoder, decoder } = convPair(8);
    const ae = Autoencoder.fromModels({ encoder, decoder, seed: 2 });
    const x = rows(16, 16, 5);
    await ae.fit(x, { epochs: 2, batchSize: 8 });
    const folder = join(dir, 'conv');
    await leaves(0, () => ae.save(folder));
    const config = ae.getConfig();
    expect(config.wrapped).toEqual({ loss: 'squaredError' });
    expect(() => Autoencoder.fromConfig(config)).toThrow(ConfigurationError);
    const beforeLoad = tf.memory().numTensors;
    const loaded = await Autoencoder.load(folder);
    const [a, b] = [ae.reconstruct(x), loaded.reconstruct(x)];
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    expect(loaded.history.loss).toEqual(ae.history.loss);
    tf.dispose([a, b]);
    // The parts are ordinary tfjs Layers models, which tfjs-layers reads on its own.
    const plain = await loadKerasModel(join(folder, 'encoder'));
    expect(plain.layers.map((l) => l.getClassName())).toEqual([
      'Reshape',
      'Conv2D',
      'Flatten',
      'Dense',
    ]);
    plain.dispose();
    await loaded.fit(x, { epochs: 1, batchSize: 8 });
    loaded.dispose();
    expect(tf.memory().numTensors).toBe(beforeLoad);
    ae.dispose();
  });

  it('saves and loads a variational wrapped model with its strategy and loss', async () => {
    const encoder = await loadKerasModel(join(FIXTURES, 'keras2', 'vae-encoder'));
    const decoder = tfl.sequential({
      layers: [tfl.layers.dense({ inputShape: [2], units: 6, activation: 'sigmoid' })],
    });
    const ae = Autoencoder.fromModels({
      encoder,
      decoder,
      strategy: new VariationalStrategy({ beta: 0.5 }),
      loss: 'squaredError',
    });
    const folder = join(dir, 'vae');
    await ae.save(folder);
    const loaded = await Autoencoder.load(folder);
    expect(loaded.isVariational).toBe(true);
    expect(loaded.getConfig().wrapped).toEqual({ loss: 'squaredError' });
    expect(loaded.evaluate(expected.x)).toEqual(ae.evaluate(expected.x));
    loaded.dispose();
    ae.dispose();
  });

  describe('refuses what it cannot wrap, with typed errors and no leaks', () => {
    const dense = (inputs: number, units: number) =>
      tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [inputs], units })] });

    it('widths that do not fit together', () => {
      const [a, b, c] = [dense(6, 2), dense(3, 6), dense(2, 5)];
      const e1 = thrownBy(() => Autoencoder.fromModels({ encoder: a, decoder: b }));
      expect(ShapeError.is(e1)).toBe(true);
      expect((e1 as Error).message).toMatch(/encoder's output is 2 wide but the decoder's input 3/);
      const e2 = thrownBy(() => Autoencoder.fromModels({ encoder: a, decoder: c }));
      expect((e2 as Error).message).toMatch(/decoder's output is 5 wide but the encoder's input 6/);
      for (const m of [a, b, c]) m.dispose();
    });

    it('4-D image input, saying it is out of scope', () => {
      const encoder = tfl.sequential({
        layers: [tfl.layers.flatten({ inputShape: [4, 4, 1] }), tfl.layers.dense({ units: 2 })],
      });
      const decoder = dense(2, 16);
      const error = thrownBy(() => Autoencoder.fromModels({ encoder, decoder }));
      expect(ShapeError.is(error)).toBe(true);
      encoder.dispose();
      decoder.dispose();
      expect((error as Error).message).toMatch(/4-D.*not supported yet.*Reshape/);
    });

    it('bad data and calls on a wrapped model', async () => {
      const { encoder, decoder } = convPair(6);
      const ae = Autoencoder.fromModels({ encoder, decoder });
      // Build the models' weights once, outside the counts.
      ae.encode(rows(1, 16, 1)).dispose();
      expect(ShapeError.is(thrownBy(() => ae.encode([[1, 2, 3]])))).toBe(true);
      expect(ShapeError.is(thrownBy(() => ae.decode([[1, 2]])))).toBe(true);
      expect(ShapeError.is(thrownBy(() => ae.reconstruct([[1]])))).toBe(true);
      expect(ConfigurationError.is(thrownBy(() => ae.sample(2)))).toBe(true);
      expect(
        ConfigurationError.is(thrownBy(() => ae.evaluate(rows(2, 16, 1), null as never))),
      ).toBe(true);
      const before = tf.memory().numTensors;
      await expect(ae.fit(rows(4, 16, 1), { epochs: 0 })).rejects.toThrow(ConfigurationError);
      await expect(ae.fit([[Number.NaN, ...Array(15).fill(0)]])).rejects.toThrow();
      expect(tf.memory().numTensors).toBe(before);
      ae.dispose();
    });

    it('bad options and strategies that shape the builder’s layers', () => {
      const pair = { encoder: dense(6, 2), decoder: dense(2, 6) };
      for (const options of [
        null,
        { ...pair, epochs: 3 },
        { encoder: {}, decoder: pair.decoder },
        { ...pair, strategy: new SparseStrategy({ target: 0.05, weight: 0.1 }) },
        { ...pair, strategy: new VariationalStrategy() },
        { ...pair, loss: 'bernoulli' },
        { ...pair, loss: 'l1' },
      ]) {
        const error = thrownBy(() => Autoencoder.fromModels(options as never));
        expect(ConfigurationError.is(error)).toBe(true);
      }
    });
  });
});

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { Autoencoder } from 'autoencoders';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { data, makeTemp, removeTemp, tf, trainedModel, trainedVae, values } from './helpers.js';

let dir: string;
beforeAll(async () => {
  const wasmDist = dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'));
  setWasmPaths(`${wasmDist}/`);
  await tf.setBackend('wasm');
  await tf.ready();
  dir = await makeTemp('wasm');
});
afterAll(() => removeTemp(dir));

describe('on the wasm backend', () => {
  it('runs on wasm', () => {
    expect(tf.getBackend()).toBe('wasm');
  });

  it('a loaded model reconstructs bit for bit and keeps training', async () => {
    const ae = await trainedModel();
    await ae.save(join(dir, 'm'));
    const loaded = await Autoencoder.load(join(dir, 'm'));
    const x = data(6, 6, 50);
    expect(values(loaded.reconstruct(x))).toEqual(values(ae.reconstruct(x)));
    await loaded.fit(data(), { epochs: 1, batchSize: 8 });
    expect(loaded.history.loss).toHaveLength(3);
    loaded.dispose();
    ae.dispose();
  });

  it('a loaded variational model samples the same from the same seed, and loading adds only its weights', async () => {
    const vae = await trainedVae();
    await vae.save(join(dir, 'vae'));
    (await Autoencoder.load(join(dir, 'vae'))).dispose();
    const start = tf.memory().numTensors;
    const loaded = await Autoencoder.load(join(dir, 'vae'));
    expect(tf.memory().numTensors).toBe(
      start + vae.encoder.weights.length + vae.decoder.weights.length,
    );
    expect(values(loaded.sample(5, { seed: 77 }))).toEqual(values(vae.sample(5, { seed: 77 })));
    loaded.dispose();
    expect(tf.memory().numTensors).toBe(start);
    vae.dispose();
  });
});

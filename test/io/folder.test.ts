import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tfl from '@tensorflow/tfjs-layers';
import { Autoencoder, ModelFileError } from 'autoencoders';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  data,
  makeTemp,
  rejection,
  removeTemp,
  tf,
  trainedModel,
  trainedVae,
  useCpu,
  values,
} from './helpers.js';

let dir: string | undefined;
beforeAll(useCpu);
afterEach(async () => {
  await removeTemp(dir);
  dir = undefined;
});

/** Every file under `root`, relative, sorted. */
async function tree(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(root, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(join(entry.parentPath, entry.name).slice(root.length + 1));
  }
  return out.sort();
}

describe('ae.save(folder) and Autoencoder.load(folder) in Node', () => {
  it('writes autoencoder.json, encoder/ and decoder/ as standard tfjs Layers models', async () => {
    dir = await makeTemp();
    const ae = await trainedModel();
    const target = join(dir, 'model');
    await ae.save(target);
    expect(await tree(target)).toEqual([
      'autoencoder.json',
      'decoder/model.json',
      'decoder/weights.bin',
      'encoder/model.json',
      'encoder/weights.bin',
    ]);
    expect((await readdir(dir)).sort()).toEqual(['model']);
    const manifest = JSON.parse(await readFile(join(target, 'autoencoder.json'), 'utf8'));
    expect(manifest).toMatchObject({
      format: 'autoencoders',
      formatVersion: 1,
      libraryVersion: '0.1.0',
      builder: { inputDim: 6, hiddenLayers: [5], latentDim: 3, seed: 11 },
      strategies: [
        { className: 'DenoisingStrategy', config: { stddev: 0.1 } },
        { className: 'SparseStrategy', config: { target: 0.1, weight: 0.1 } },
      ],
      files: { encoder: 'encoder/model.json', decoder: 'decoder/model.json' },
    });
    expect(manifest.history.loss).toHaveLength(2);
    expect(manifest.history.valLoss).toHaveLength(2);
    const modelJson = JSON.parse(await readFile(join(target, 'encoder/model.json'), 'utf8'));
    expect(modelJson.format).toBe('layers-model');
    expect(modelJson.weightsManifest[0].paths).toEqual(['weights.bin']);
    ae.dispose();
  });

  it('the library version in manifests equals package.json', async () => {
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8'));
    const { LIBRARY_VERSION } = await import('../../src/autoencoder/io/version.js');
    expect(LIBRARY_VERSION).toBe(pkg.version);
  });

  it('each saved part opens with plain tf.loadLayersModel and computes what the autoencoder does', async () => {
    dir = await makeTemp();
    const ae = await trainedModel();
    const target = join(dir, 'model');
    await ae.save(target);
    const open = async (part: string) => {
      const json = JSON.parse(await readFile(join(target, part, 'model.json'), 'utf8'));
      const weights = await readFile(join(target, part, json.weightsManifest[0].paths[0]));
      return tfl.loadLayersModel(
        tf.io.fromMemory({
          modelTopology: json.modelTopology,
          weightSpecs: json.weightsManifest[0].weights,
          weightData: weights.buffer.slice(
            weights.byteOffset,
            weights.byteOffset + weights.byteLength,
          ),
        }),
      );
    };
    const encoder = await open('encoder');
    const decoder = await open('decoder');
    const x = tf.tensor2d(data(3));
    const code = encoder.predict(x) as tf.Tensor;
    const plain = decoder.predict(code) as tf.Tensor;
    const ours = ae.reconstruct(x);
    const a = values(plain);
    const b = values(ours);
    for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i]!, 5);
    tf.dispose([x, code]);
    encoder.dispose();
    decoder.dispose();
    ae.dispose();
  });

  it('a loaded model reconstructs bit for bit, keeps its history and config, and keeps training', async () => {
    dir = await makeTemp();
    const ae = await trainedModel();
    const target = join(dir, 'model');
    await ae.save(target);
    const loaded = await Autoencoder.load(target);
    const x = data(5, 6, 40);
    expect(values(loaded.reconstruct(x))).toEqual(values(ae.reconstruct(x)));
    expect(values(loaded.encode(x))).toEqual(values(ae.encode(x)));
    expect(loaded.history).toEqual(ae.history);
    expect(loaded.getConfig()).toEqual(ae.getConfig());
    const before = loaded.evaluate(data()).loss;
    const more = await loaded.fit(data(), { epochs: 3, batchSize: 8 });
    expect(more.loss).toHaveLength(3);
    expect(loaded.history.loss).toHaveLength(5);
    expect(loaded.evaluate(data()).loss).not.toBe(before);
    loaded.dispose();
    ae.dispose();
  });

  it('a loaded variational model samples the same digits from the same seed', async () => {
    dir = await makeTemp();
    const vae = await trainedVae();
    await vae.save(join(dir, 'vae'));
    const loaded = await Autoencoder.load(join(dir, 'vae'));
    expect(loaded.isVariational).toBe(true);
    expect(values(loaded.sample(4, { seed: 123 }))).toEqual(values(vae.sample(4, { seed: 123 })));
    expect(values(loaded.reconstruct(data()))).toEqual(values(vae.reconstruct(data())));
    loaded.dispose();
    vae.dispose();
  });

  it('a file:// URL works as a folder path', async () => {
    dir = await makeTemp();
    const ae = await trainedModel();
    const url = new URL(`file://${join(dir, 'as-url')}`).href;
    await ae.save(url);
    const loaded = await Autoencoder.load(url);
    expect(values(loaded.reconstruct(data()))).toEqual(values(ae.reconstruct(data())));
    loaded.dispose();
    ae.dispose();
  });

  it('saving and loading leave tf.memory().numTensors as found, apart from the loaded weights', async () => {
    dir = await makeTemp();
    const ae = await trainedModel();
    const target = join(dir, 'model');
    await ae.save(target);
    const warm = await Autoencoder.load(target);
    warm.dispose();
    const start = tf.memory().numTensors;
    await ae.save(target);
    expect(tf.memory().numTensors).toBe(start);
    const loaded = await Autoencoder.load(target);
    const weightCount = ae.encoder.weights.length + ae.decoder.weights.length;
    expect(tf.memory().numTensors).toBe(start + weightCount);
    loaded.dispose();
    expect(tf.memory().numTensors).toBe(start);
    ae.dispose();
  });
});

describe('saving over an existing folder', () => {
  it('replaces an earlier save, removing only its own files and keeping the user’s', async () => {
    dir = await makeTemp();
    const first = await trainedModel();
    const target = join(dir, 'model');
    await first.save(target);
    await writeFile(join(target, 'NOTES.md'), 'mine');
    await writeFile(join(target, 'encoder', 'extra.txt'), 'mine too');
    const second = await trainedVae();
    await second.save(target);
    expect(await tree(target)).toEqual([
      'NOTES.md',
      'autoencoder.json',
      'decoder/model.json',
      'decoder/weights.bin',
      'encoder/extra.txt',
      'encoder/model.json',
      'encoder/weights.bin',
    ]);
    expect(await readFile(join(target, 'NOTES.md'), 'utf8')).toBe('mine');
    expect((await readdir(dir)).sort()).toEqual(['model']);
    const loaded = await Autoencoder.load(target);
    expect(loaded.isVariational).toBe(true);
    loaded.dispose();
    first.dispose();
    second.dispose();
  });

  it('concurrent saves to one folder run one after the other: the user’s files stay, one whole save wins', async () => {
    dir = await makeTemp();
    const first = await trainedModel();
    const second = await trainedVae();
    const target = join(dir, 'model');
    await first.save(target);
    await writeFile(join(target, 'NOTES.md'), 'mine');
    await writeFile(join(target, 'encoder', 'extra.txt'), 'mine too');
    for (let round = 0; round < 5; round++) {
      // The same folder spelt two ways: the lock is keyed by the resolved path.
      await Promise.all([
        first.save(target),
        second.save(`${target}/`),
        first.save(join(dir, '.', 'model')),
      ]);
      expect(await readFile(join(target, 'NOTES.md'), 'utf8')).toBe('mine');
      expect(await readFile(join(target, 'encoder', 'extra.txt'), 'utf8')).toBe('mine too');
      expect((await readdir(dir)).sort()).toEqual(['model']);
      const loaded = await Autoencoder.load(target);
      const winner = loaded.isVariational ? second : first;
      expect(values(loaded.reconstruct(data()))).toEqual(values(winner.reconstruct(data())));
      loaded.dispose();
    }
    first.dispose();
    second.dispose();
  });

  it('writes into an existing empty folder', async () => {
    dir = await makeTemp();
    const ae = await trainedModel();
    await mkdir(join(dir, 'empty'));
    await ae.save(join(dir, 'empty'));
    expect((await stat(join(dir, 'empty', 'autoencoder.json'))).isFile()).toBe(true);
    ae.dispose();
  });

  it('refuses a non-empty folder that is not a save of this library, and changes nothing', async () => {
    dir = await makeTemp();
    const ae = await trainedModel();
    const target = join(dir, 'photos');
    await mkdir(target);
    await writeFile(join(target, 'cat.jpg'), 'meow');
    const error = await rejection(ae.save(target));
    expect(ModelFileError.is(error)).toBe(true);
    expect(String((error as Error).message)).toContain(target);
    expect(String((error as Error).message)).toMatch(/not a model saved by autoencoders/);
    expect(await readdir(target)).toEqual(['cat.jpg']);
    expect(await readdir(dir)).toEqual(['photos']);
    ae.dispose();
  });

  it('refuses a destination that is a file', async () => {
    dir = await makeTemp();
    const ae = await trainedModel();
    await writeFile(join(dir, 'model'), 'not a folder');
    const error = await rejection(ae.save(join(dir, 'model')));
    expect(ModelFileError.is(error)).toBe(true);
    expect(await readFile(join(dir, 'model'), 'utf8')).toBe('not a folder');
    ae.dispose();
  });
});

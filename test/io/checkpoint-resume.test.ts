import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { Autoencoder, DenoisingStrategy, ModelFileError, type OptimizerName } from 'autoencoders';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { data, makeTemp, removeTemp, useCpu } from './helpers.js';

let dir: string | undefined;
beforeAll(useCpu);
afterEach(async () => {
  await removeTemp(dir);
  dir = undefined;
});

function model(optimizer: OptimizerName = 'adam'): Autoencoder {
  // Denoising, so the resumed run must also continue the training generator's noise draws.
  return Autoencoder.builder()
    .inputDim(6)
    .hiddenLayers([4])
    .latentDim(2)
    .activation('elu')
    .kernelInitializer('heNormal')
    .strategy(new DenoisingStrategy({ stddev: 0.1 }))
    .optimizer(optimizer, { learningRate: 0.01 })
    .seed(9)
    .build();
}

const schedule = {
  kind: 'cosine',
  initial: 0.02,
  minimum: 0.001,
  epochs: 4,
  warmupEpochs: 1,
} as const;

function weightsOf(ae: Autoencoder): number[] {
  return [...ae.encoder.getWeights(), ...ae.decoder.getWeights()].flatMap((w) =>
    Array.from(w.dataSync()),
  );
}

describe('a checkpoint resumes training where it stopped', () => {
  for (const optimizer of ['adam', 'rmsprop', 'sgd'] as const) {
    it(`${optimizer}: 2 epochs + checkpoint + load + 2 epochs == 4 epochs (cpu, float32)`, async () => {
      dir = await makeTemp('resume');
      const options = { batchSize: 4, learningRate: schedule };
      const straight = model(optimizer);
      await straight.fit(data(), { ...options, epochs: 4 });

      const first = model(optimizer);
      await first.fit(data(), { ...options, epochs: 2, checkpoint: { destination: dir } });
      first.dispose();
      const resumed = await Autoencoder.load(join(dir, 'epoch-0002'));
      const before = tf.memory().numTensors;
      await resumed.fit(data(), { ...options, epochs: 2 });
      expect(resumed.history.loss).toHaveLength(4);
      const a = weightsOf(resumed);
      const b = weightsOf(straight);
      // The same operations in the same order on cpu: equal to float32 rounding, if not bitwise.
      const diff = Math.max(...a.map((v, i) => Math.abs(v - b[i])));
      expect(diff).toBeLessThan(1e-6);
      // The optimizer made by the resume is the model's own (freed with it), nothing else stays.
      resumed.dispose();
      straight.dispose();
      expect(tf.memory().numTensors).toBeLessThanOrEqual(before);
    });
  }

  it('a fresh optimizer (a plain save) does not reproduce the run: the test can fail', async () => {
    dir = await makeTemp('resume');
    const options = { batchSize: 4, learningRate: schedule };
    const straight = model();
    await straight.fit(data(), { ...options, epochs: 4 });
    const first = model();
    await first.fit(data(), { ...options, epochs: 2 });
    await first.save(join(dir, 'plain'));
    first.dispose();
    const plain = await Autoencoder.load(join(dir, 'plain'));
    await plain.fit(data(), { ...options, epochs: 2 });
    const a = weightsOf(plain);
    const b = weightsOf(straight);
    expect(Math.max(...a.map((v, i) => Math.abs(v - b[i])))).toBeGreaterThan(1e-3);
    plain.dispose();
    straight.dispose();
  });

  it('refuses a checkpoint whose optimizer slots do not fit the model', async () => {
    dir = await makeTemp('resume');
    const ae = model();
    await ae.fit(data(), { epochs: 1, batchSize: 4, checkpoint: { destination: dir } });
    ae.dispose();
    const file = join(dir, 'epoch-0001', 'autoencoder.json');
    const manifest = JSON.parse(await readFile(file, 'utf8'));
    manifest.training.optimizer.slots[0].shape = [3, 8];
    await writeFile(file, JSON.stringify(manifest));
    const before = tf.memory().numTensors;
    await expect(Autoencoder.load(join(dir, 'epoch-0001'))).rejects.toThrow(ModelFileError);
    manifest.training.optimizer.slots[0].data = 'AAAA';
    await writeFile(file, JSON.stringify(manifest));
    await expect(Autoencoder.load(join(dir, 'epoch-0001'))).rejects.toThrow(/bytes, not the/);
    expect(tf.memory().numTensors).toBe(before);
  });
});

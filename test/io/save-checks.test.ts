import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Autoencoder, ModelFileError } from 'autoencoders';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTemp, rejection, removeTemp, tf, trainedModel, useCpu } from './helpers.js';

let dir: string;
beforeAll(async () => {
  await useCpu();
  dir = await makeTemp('save-checks');
});
afterAll(() => removeTemp(dir));

/** A trained model whose decoder's first bias holds `value` at index 1. */
async function poisoned(value: number): Promise<Autoencoder> {
  const ae = await trainedModel();
  const weights = ae.decoder.getWeights();
  const index = weights.findIndex((_, i) => ae.decoder.weights[i]!.originalName.endsWith('bias'));
  const bias = Array.from(weights[index]!.dataSync());
  bias[1] = value;
  const replaced = weights.map((w, i) => (i === index ? tf.tensor(bias, w.shape) : w));
  ae.decoder.setWeights(replaced);
  replaced[index]!.dispose();
  return ae;
}

describe('ae.save refuses non-finite weights, naming the weight, and writes nothing', () => {
  for (const value of [Number.NaN, Number.POSITIVE_INFINITY]) {
    it(`a ${value} weight, to a folder or to an IOHandler`, async () => {
      const ae = await poisoned(value);
      const name = ae.decoder.weights.find((w) => w.originalName.endsWith('bias'))!.originalName;
      const target = join(dir, `model-${value}`);
      const start = tf.memory().numTensors;
      const error = await rejection(ae.save(target));
      expect(ModelFileError.is(error), String(error)).toBe(true);
      expect(error.message).toContain(`"${name}"`);
      expect(error.message).toContain(String(value));
      expect(error.message).toMatch(/decoder/);
      expect(await readdir(dir)).not.toContain(`model-${value}`);
      expect(tf.memory().numTensors).toBe(start);

      let called = false;
      const handler = tf.io.withSaveHandler(async (artifacts) => {
        called = true;
        return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
      });
      expect(ModelFileError.is(await rejection(ae.save(handler)))).toBe(true);
      expect(called).toBe(false);
      ae.dispose();
    });
  }

  it('a finite model saves, loads and its weights round-trip exactly', async () => {
    const ae = await poisoned(0.25);
    await ae.save(join(dir, 'finite'));
    const loaded = await Autoencoder.load(join(dir, 'finite'));
    const expected = ae.decoder.getWeights().map((w) => Array.from(w.dataSync()));
    expect(loaded.decoder.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(expected);
    loaded.dispose();
    ae.dispose();
  });
});

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { Autoencoder, VariationalStrategy } from '../../src/index.js';
import { describeEachBackend, take, uniformRows } from './helpers.js';

const here = dirname(fileURLToPath(import.meta.url));
const srcRoot = join(here, '../../src/autoencoder');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'io' ? [] : sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

describe('dependency hygiene', () => {
  it('the autoencoder code imports only the tfjs-core and tfjs-layers package roots, never a backend', () => {
    const allowed = new Set(['@tensorflow/tfjs-core', '@tensorflow/tfjs-layers']);
    for (const file of sourceFiles(srcRoot)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/from '(@tensorflow\/[^']+)'/g)) {
        expect(allowed.has(m[1]), `${relative(srcRoot, file)} imports ${m[1]}`).toBe(true);
      }
      expect(text, relative(srcRoot, file)).not.toMatch(/setBackend\(/);
    }
  });
});

describeEachBackend('stock Layers models and a responsive event loop', () => {
  it('the encoder and decoder save as ordinary Layers models that tf.loadLayersModel opens without this library', async () => {
    const vae = Autoencoder.builder()
      .inputDim(5)
      .hiddenLayers([4])
      .latentDim(2)
      .activation('elu')
      .outputActivation('sigmoid')
      .strategy(new VariationalStrategy())
      .seed(2)
      .build();
    const x = uniformRows(3, 5, 1);
    for (const model of [vae.encoder, vae.decoder]) {
      let saved: tf.io.ModelArtifacts | undefined;
      await model.save(
        tf.io.withSaveHandler(async (artifacts) => {
          saved = artifacts;
          return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
        }),
      );
      const loaded = await tfl.loadLayersModel(tf.io.fromMemory(saved!));
      const input = tf.tensor2d(model === vae.encoder ? x : [[0.1, -0.2]]);
      const a = model.predict(input);
      const b = loaded.predict(input);
      const arrays = (t: tf.Tensor | tf.Tensor[]) =>
        (Array.isArray(t) ? t : [t]).map((u) => take(u as tf.Tensor2D));
      expect(arrays(b)).toEqual(arrays(a));
      loaded.dispose();
      input.dispose();
    }
    vae.dispose();
  });

  it('fit yields to the event loop between batches, so timers run while it trains', async () => {
    const ae = Autoencoder.builder().inputDim(5).latentDim(2).seed(1).build();
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    let ticksDuringFit = 0;
    await ae.fit(uniformRows(64, 5, 2), {
      epochs: 8,
      batchSize: 4,
      onEpochEnd: () => {
        ticksDuringFit = ticks;
      },
    });
    clearInterval(timer);
    expect(ticksDuringFit).toBeGreaterThan(0);
    ae.dispose();
  });
});

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { Autoencoder, VariationalStrategy } from 'autoencoders';
import { describe, expect, it } from 'vitest';
import { describeEachBackend, take, uniformRows } from './helpers.js';

const here = dirname(fileURLToPath(import.meta.url));
const srcRoot = join(here, '../../src/autoencoder');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/**
 * Every @tensorflow module a source text loads: `import … from`, `export … from`, a side-effect
 * `import '…'`, a dynamic `import('…')` and `require('…')`, with either quote.
 */
function tensorflowImports(text: string): string[] {
  const pattern =
    /(?:\bfrom\s*|\bimport\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)(['"`])(@tensorflow\/[^'"`]+)\1/g;
  return [...text.matchAll(pattern)].map((m) => m[2]);
}

describe('dependency hygiene', () => {
  it('the import matcher sees every form of import (checked on synthetic sources)', () => {
    const sources = [
      "import * as tf from '@tensorflow/tfjs-core';",
      'import "@tensorflow/tfjs-backend-wasm";',
      "import '@tensorflow/tfjs-backend-cpu'",
      "export { x } from '@tensorflow/tfjs-layers';",
      "const b = await import('@tensorflow/tfjs-node');",
      "const c = require('@tensorflow/tfjs-backend-webgl');",
      'import type { Tensor } from "@tensorflow/tfjs-core/dist/tensor";',
    ];
    expect(sources.map(tensorflowImports)).toEqual([
      ['@tensorflow/tfjs-core'],
      ['@tensorflow/tfjs-backend-wasm'],
      ['@tensorflow/tfjs-backend-cpu'],
      ['@tensorflow/tfjs-layers'],
      ['@tensorflow/tfjs-node'],
      ['@tensorflow/tfjs-backend-webgl'],
      ['@tensorflow/tfjs-core/dist/tensor'],
    ]);
    expect(tensorflowImports("// the '@tensorflow/tfjs-node' package is not used")).toEqual([]);
  });

  it('the autoencoder code (io/ included) imports only the tfjs-core and tfjs-layers package roots, never a backend', () => {
    const allowed = new Set(['@tensorflow/tfjs-core', '@tensorflow/tfjs-layers']);
    const files = sourceFiles(srcRoot);
    expect(files.some((f) => relative(srcRoot, f).startsWith('io'))).toBe(true);
    let imports = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const name of tensorflowImports(text)) {
        imports++;
        expect(allowed.has(name), `${relative(srcRoot, file)} imports ${name}`).toBe(true);
      }
      expect(text, relative(srcRoot, file)).not.toMatch(/setBackend\(/);
    }
    expect(imports).toBeGreaterThan(files.length / 2);
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

  it('fit yields to the event loop after every batch, so other tasks run while it trains', async () => {
    const ae = Autoencoder.builder().inputDim(5).latentDim(2).seed(1).build();
    // Each batch queues a macrotask; it must have run before the next batch's callback, which
    // only happens when fit gives the event loop a turn in between (microtasks would not do).
    const ran = new Set<string>();
    const late: string[] = [];
    let previous: string | undefined;
    let batches = 0;
    await ae.fit(uniformRows(64, 5, 2), {
      epochs: 3,
      batchSize: 4,
      onBatchEnd: (batch, logs) => {
        batches++;
        if (previous !== undefined && !ran.has(previous)) late.push(previous);
        const id = `${logs.epoch}.${batch}`;
        previous = id;
        setImmediate(() => ran.add(id));
      },
    });
    expect(batches).toBe(48);
    expect(late).toEqual([]);
    ae.dispose();
  });
});

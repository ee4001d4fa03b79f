import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { Autoencoder, loadKerasModel, ModelFileError } from 'autoencoders';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Hostile model.json files: layers far larger than the 8 bytes of weights beside them. tfjs-layers
// would build (allocate) every layer before comparing weights; these must be refused first.

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keras-size-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A Sequential export of `layers` after an InputLayer of `shape`, with two float32 weights. */
async function hostile(name: string, shape: number[], layers: object[]): Promise<string> {
  const folder = join(dir, name);
  await rm(folder, { recursive: true, force: true });
  await import('node:fs/promises').then((fs) => fs.mkdir(folder));
  const modelTopology = {
    class_name: 'Sequential',
    config: {
      name,
      layers: [
        { class_name: 'InputLayer', config: { name: 'in', batch_input_shape: [null, ...shape] } },
        ...layers,
      ],
    },
  };
  const weights = [
    { name: 'big/kernel', shape: [1, 1], dtype: 'float32' },
    { name: 'big/bias', shape: [1], dtype: 'float32' },
  ];
  const json = { modelTopology, weightsManifest: [{ paths: ['w.bin'], weights }] };
  await writeFile(join(folder, 'model.json'), JSON.stringify(json));
  await writeFile(join(folder, 'w.bin'), new Uint8Array(8));
  return join(folder, 'model.json');
}

/** Runs `load`, expects a ModelFileError, and returns the time and memory it took. */
async function refused(load: () => Promise<unknown>, pattern: RegExp) {
  const tensorBytes = tf.memory().numBytes;
  const before = process.memoryUsage();
  const start = performance.now();
  const error = await load().then(
    () => undefined,
    (e: unknown) => e,
  );
  const ms = performance.now() - start;
  const after = process.memoryUsage();
  expect(error).toBeInstanceOf(ModelFileError);
  expect((error as Error).message).toMatch(pattern);
  expect(tf.memory().numBytes).toBe(tensorBytes);
  return {
    ms,
    arrayBuffers: after.arrayBuffers - before.arrayBuffers,
    rss: after.rss - before.rss,
  };
}

const MB = 2 ** 20;

describe('loadKerasModel sizes the topology before building it', () => {
  it('refuses a Dense of 1e6 units on a 1e4 input over 8 bytes of weights, quickly', async () => {
    const file = await hostile(
      'dense',
      [10000],
      [{ class_name: 'Dense', config: { name: 'big', units: 1e6 } }],
    );
    const cost = await refused(() => loadKerasModel(file), /10001000000 weights \(the layer "big"/);
    expect(cost.ms).toBeLessThan(200);
    expect(cost.arrayBuffers).toBeLessThan(16 * MB);
    expect(cost.rss).toBeLessThan(64 * MB);
  });

  it('refuses a Dense tfjs could build (2000 x 25000, 200 MB) before allocating it', async () => {
    // Unchecked, tfjs-layers allocated this kernel (about 2 s, +190 MB of array buffers) first.
    const file = await hostile(
      'mid',
      [2000],
      [{ class_name: 'Dense', config: { name: 'big', units: 25000 } }],
    );
    const cost = await refused(() => loadKerasModel(file), /50025000 weights/);
    expect(cost.ms).toBeLessThan(200);
    expect(cost.arrayBuffers).toBeLessThan(16 * MB);
  });

  it('refuses a Conv2D of 1e6 filters over 8 bytes of weights, quickly', async () => {
    const conv = {
      class_name: 'Conv2D',
      config: { name: 'big', filters: 1e6, kernel_size: [3, 3] },
    };
    const file = await hostile('conv', [32, 32, 3], [conv]);
    // 3·3·3·1e6 kernel weights and 1e6 biases.
    const cost = await refused(() => loadKerasModel(file), /28000000/);
    expect(cost.ms).toBeLessThan(200);
    expect(cost.arrayBuffers).toBeLessThan(16 * MB);
  });

  it('follows shapes through Flatten and BatchNormalization', async () => {
    const layers = [
      { class_name: 'Flatten', config: { name: 'flat' } },
      { class_name: 'BatchNormalization', config: { name: 'bn' } },
      { class_name: 'Dense', config: { name: 'big', units: 100 } },
    ];
    const file = await hostile('flat', [1000, 100], layers);
    // 4·1e5 statistics, then 1e5·100 + 100 weights.
    await refused(() => loadKerasModel(file), /10400100/);
  });

  it('refuses a layer it cannot size when a dimension is absurd', async () => {
    const file = await hostile(
      'lstm',
      [10],
      [{ class_name: 'LSTM', config: { name: 'big', units: 2 ** 25 } }],
    );
    await refused(() => loadKerasModel(file), /"big" declares units/);
  });
});

describe('loadKerasModel sizes every stock layer with weights before building it', () => {
  // Each declares millions to billions of weights over the 8 bytes beside it; unchecked, tfjs
  // would allocate them (or die trying) before comparing with the weight files.
  const hostileLayers: [string, number[], object[], RegExp][] = [
    [
      'an LSTM of 20,000 units',
      [10, 8],
      [{ class_name: 'LSTM', config: { name: 'big', units: 20000 } }],
      // 8·4u + u·4u + 4u with u = 20,000.
      /1600720000 weights/,
    ],
    [
      'a Conv2DTranspose of 1e6 filters',
      [8, 8, 3],
      [{ class_name: 'Conv2DTranspose', config: { name: 'big', filters: 1e6, kernel_size: 3 } }],
      /28000000 weights/,
    ],
    [
      'a SeparableConv2D of 1e6 filters',
      [8, 8, 3],
      [{ class_name: 'SeparableConv2D', config: { name: 'big', filters: 1e6, kernel_size: 3 } }],
      // 27 depthwise, 3·1e6 pointwise, 1e6 biases.
      /4000027 weights/,
    ],
    [
      'a DepthwiseConv2D over 1e6 channels',
      [4, 4, 1e6],
      [{ class_name: 'DepthwiseConv2D', config: { name: 'big', kernel_size: 3 } }],
      /10000000 weights/,
    ],
    [
      'a Conv3D of 1e6 filters',
      [4, 4, 4, 2],
      [{ class_name: 'Conv3D', config: { name: 'big', filters: 1e6, kernel_size: 2 } }],
      /17000000 weights/,
    ],
    [
      'a Bidirectional GRU of 10,000 units',
      [10, 8],
      [
        {
          class_name: 'Bidirectional',
          config: {
            name: 'big',
            layer: { class_name: 'GRU', config: { name: 'g', units: 10000 } },
          },
        },
      ],
      /600540000 weights/,
    ],
    [
      'a TimeDistributed Dense of 1e6 units',
      [5, 1000],
      [
        {
          class_name: 'TimeDistributed',
          config: {
            name: 'big',
            layer: { class_name: 'Dense', config: { name: 'd', units: 1e6 } },
          },
        },
      ],
      /1001000000 weights/,
    ],
    [
      'an Embedding of 1e7 rows',
      [10],
      [{ class_name: 'Embedding', config: { name: 'big', input_dim: 1e7, output_dim: 64 } }],
      /640000000 weights/,
    ],
    [
      'a Dense behind a Permute of a 1e6-wide input',
      [1e6, 2],
      [
        { class_name: 'Permute', config: { name: 'p', dims: [2, 1] } },
        { class_name: 'Dense', config: { name: 'big', units: 100 } },
      ],
      // Before, the Permute hid the width: the Dense counted as 200 weights.
      /100000100 weights/,
    ],
  ];
  for (const [title, shape, layers, pattern] of hostileLayers) {
    it(`refuses ${title} over 8 bytes of weights in under 100 ms, allocating nothing`, async () => {
      const file = await hostile(title.replace(/[^a-z0-9]+/gi, '-'), shape, layers);
      const cost = await refused(() => loadKerasModel(file), pattern);
      expect(cost.ms).toBeLessThan(100);
      expect(cost.arrayBuffers).toBeLessThan(16 * MB);
      expect(cost.rss).toBeLessThan(64 * MB);
    });
  }

  it('refuses a layer class nobody registered, naming it, before tfjs parses anything', async () => {
    const file = await hostile(
      'unknown',
      [4],
      [{ class_name: 'MyLayer', config: { name: 'mine' } }],
    );
    await refused(
      () => loadKerasModel(file),
      /"mine" is of class "MyLayer", which TensorFlow.js layers does not have; register your custom layer class with tf.serialization.registerClass/,
    );
  });

  it('refuses a stock wrapper around a layer it cannot size', async () => {
    const wrapped = { class_name: 'MyLayer', config: { name: 'inner', units: 1000 } };
    const file = await hostile(
      'wrapper',
      [5, 4],
      [{ class_name: 'TimeDistributed', config: { name: 'td', layer: wrapped } }],
    );
    await refused(() => loadKerasModel(file), /the TimeDistributed layer "td" wraps a layer/);
  });

  it('sizes a registered custom layer by the weights the manifest names after it', async () => {
    class Scale extends tfl.layers.Layer {
      static className = 'SizeTestScale';
      override build(inputShape: tfl.Shape | tfl.Shape[]): void {
        const shape = inputShape as tfl.Shape;
        this.addWeight('scale', [shape[shape.length - 1]!], 'float32', tfl.initializers.ones());
        this.built = true;
      }
    }
    tf.serialization.registerClass(Scale);
    const model = tfl.sequential({
      layers: [
        tfl.layers.dense({ inputShape: [3], units: 2, name: 'd' }),
        new Scale({ name: 'scale' }),
      ],
    });
    const folder = join(dir, 'custom');
    await import('node:fs/promises').then((fs) => fs.mkdir(folder, { recursive: true }));
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        const weights = artifacts.weightSpecs ?? [];
        const json = {
          modelTopology: artifacts.modelTopology,
          weightsManifest: [{ paths: ['w.bin'], weights }],
        };
        await writeFile(join(folder, 'model.json'), JSON.stringify(json));
        const data = new tf.io.CompositeArrayBuffer(artifacts.weightData).slice();
        await writeFile(join(folder, 'w.bin'), new Uint8Array(data));
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    model.dispose();
    const loaded = await loadKerasModel(join(folder, 'model.json'));
    expect(loaded.countParams()).toBe(3 * 2 + 2 + 2);
    loaded.dispose();
  });
});

describe('Autoencoder.load sizes a wrapped model before building it', () => {
  it('refuses a saved fromModels encoder edited to a huge Dense', async () => {
    const encoder = tfl.sequential({
      layers: [tfl.layers.dense({ inputShape: [6], units: 2, name: 'enc' })],
    });
    const decoder = tfl.sequential({
      layers: [tfl.layers.dense({ inputShape: [2], units: 6, name: 'dec' })],
    });
    const ae = Autoencoder.fromModels({ encoder, decoder });
    const folder = join(dir, 'wrapped');
    await ae.save(folder);
    ae.dispose();
    const file = join(folder, 'encoder', 'model.json');
    const json = JSON.parse(await readFile(file, 'utf8'));
    const layer = json.modelTopology.config.layers.find(
      (l: { config: { name: string } }) => l.config.name === 'enc',
    );
    layer.config.units = 1e6;
    await writeFile(file, JSON.stringify(json));
    const cost = await refused(() => Autoencoder.load(folder), /\(encoder\).*"enc"/);
    expect(cost.ms).toBeLessThan(200);
    expect(cost.arrayBuffers).toBeLessThan(16 * MB);
  });
});

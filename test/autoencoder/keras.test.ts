import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { loadKerasModel, ModelFileError } from 'autoencoders';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Fixtures: test/fixtures/keras/make-keras-fixtures.py writes Keras 2 and Keras 3 style exports
// and the outputs numpy computes from their weights (float64 arithmetic on the float32 weights).
const FIXTURES = fileURLToPath(new URL('../fixtures/keras/', import.meta.url));
const STYLES = ['keras2', 'keras3'] as const;

interface Expected {
  x: number[][];
  z: number[][];
  encoder: number[][];
  decoder: number[][];
  vaeMean: number[][];
  vaeLogVariance: number[][];
}
let expected: Expected;

// Fixture JSON edited freely by the bad-file cases.
// biome-ignore lint/suspicious/noExplicitAny: test-only access to arbitrary model.json fields
type Json = any;

// float32 forward passes of width-6 rows: a few ulps of values of order 1.
const TOLERANCE = 1e-5;

function expectClose(actual: tf.Tensor, want: number[][]): void {
  expect(actual.shape).toEqual([want.length, want[0]!.length]);
  const values = actual.arraySync() as number[][];
  const worst = Math.max(
    ...values.flatMap((row, i) => row.map((v, j) => Math.abs(v - want[i]![j]!))),
  );
  expect(worst).toBeLessThan(TOLERANCE);
}

async function raw(style: string, model: string) {
  const dir = join(FIXTURES, style, model);
  const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
  const bin = await readFile(join(dir, 'group1-shard1of1.bin'));
  return { json, bin: new Uint8Array(bin) };
}

/** Runs `f` and returns its rejection, checking that it left no tensor behind. */
async function rejection(f: () => Promise<unknown>): Promise<unknown> {
  const before = tf.memory().numTensors;
  const error = await f().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(tf.memory().numTensors).toBe(before);
  return error;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  expected = JSON.parse(await readFile(join(FIXTURES, 'expected.json'), 'utf8'));
});

describe('loadKerasModel', () => {
  it('fixes a real failure: tf.loadLayersModel refuses the Keras 3 export (tfjs #8494)', async () => {
    const { json, bin } = await raw('keras3', 'encoder');
    const artifacts = {
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest[0].weights,
      weightData: bin.buffer,
    };
    await expect(tfl.loadLayersModel(tf.io.fromMemory(artifacts))).rejects.toThrow(
      /batchInputShape/,
    );
  });

  for (const style of STYLES) {
    it(`loads a ${style} Sequential encoder and decoder that compute what numpy computes`, async () => {
      const before = tf.memory().numTensors;
      const encoder = await loadKerasModel(join(FIXTURES, style, 'encoder'));
      const decoder = await loadKerasModel(join(FIXTURES, style, 'decoder', 'model.json'));
      const codes = tf.tidy(() => encoder.predict(tf.tensor2d(expected.x)) as tf.Tensor);
      const rows = tf.tidy(() => decoder.predict(tf.tensor2d(expected.z)) as tf.Tensor);
      expectClose(codes, expected.encoder);
      expectClose(rows, expected.decoder);
      tf.dispose([codes, rows]);
      encoder.dispose();
      decoder.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });

    it(`loads a ${style} functional two-headed variational encoder`, async () => {
      const before = tf.memory().numTensors;
      const model = await loadKerasModel(join(FIXTURES, style, 'vae-encoder'));
      expect(model.outputs).toHaveLength(2);
      const [mean, logVariance] = tf.tidy(
        () => model.predict(tf.tensor2d(expected.x)) as tf.Tensor[],
      );
      expectClose(mean!, expected.vaeMean);
      expectClose(logVariance!, expected.vaeLogVariance);
      tf.dispose([mean!, logVariance!]);
      model.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('loads from a tf.io.IOHandler and from an http(s) URL', async () => {
    const { json, bin } = await raw('keras3', 'vae-encoder');
    const handler = tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest[0].weights,
      weightData: bin.slice().buffer,
    });
    const fromHandler = await loadKerasModel(handler);
    const served: Record<string, BodyInit> = {
      'https://models.example/vae/model.json': JSON.stringify(json),
      'https://models.example/vae/group1-shard1of1.bin': new Blob([bin.slice()]),
    };
    const fakeFetch = (async (url: string) => {
      const body = served[url];
      return body === undefined ? new Response('', { status: 404 }) : new Response(body);
    }) as unknown as typeof fetch;
    const fromHttp = await loadKerasModel('https://models.example/vae', { fetch: fakeFetch });
    for (const model of [fromHandler, fromHttp]) {
      const [mean] = tf.tidy(() => model.predict(tf.tensor2d(expected.x)) as tf.Tensor[]);
      expectClose(mean!, expected.vaeMean);
      mean!.dispose();
      model.dispose();
    }
  });

  it("reads the Keras 3 file format's weight names (layer/vars/i)", async () => {
    const { json, bin } = await raw('keras3', 'vae-encoder');
    for (const spec of json.weightsManifest[0].weights) {
      const [, layer, weight] = spec.name.split('/');
      spec.name = `layers/${layer}/vars/${weight === 'kernel' ? 0 : 1}`;
    }
    const handler = tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest[0].weights,
      weightData: bin.slice().buffer,
    });
    const model = await loadKerasModel(handler);
    const [mean, logVariance] = tf.tidy(
      () => model.predict(tf.tensor2d(expected.x)) as tf.Tensor[],
    );
    expectClose(mean!, expected.vaeMean);
    expectClose(logVariance!, expected.vaeLogVariance);
    tf.dispose([mean!, logVariance!]);
    model.dispose();
  });

  it('loads a Keras 3 functional autoencoder that nests the Sequential encoder and decoder', async () => {
    const [enc, dec] = [await raw('keras3', 'encoder'), await raw('keras3', 'decoder')];
    const tensor = (layer: string, width: number) => ({
      class_name: '__keras_tensor__',
      config: { shape: [null, width], dtype: 'float32', keras_history: [layer, 0, 0] },
    });
    const nested = (part: Json, name: string, from: string, width: number) => ({
      ...part.json.modelTopology.model_config,
      name,
      inbound_nodes: [{ args: [tensor(from, width)], kwargs: {} }],
    });
    const modelTopology = {
      keras_version: '3.6.0',
      model_config: {
        class_name: 'Functional',
        config: {
          name: 'autoencoder',
          trainable: true,
          layers: [
            {
              class_name: 'InputLayer',
              name: 'rows',
              config: { batch_shape: [null, 6], dtype: 'float32', name: 'rows' },
              inbound_nodes: [],
            },
            nested(enc, 'encoder', 'rows', 6),
            nested(dec, 'decoder', 'encoder', 2),
          ],
          input_layers: ['rows', 0, 0],
          output_layers: ['decoder', 0, 0],
        },
      },
    };
    const prefixed = (part: Json) =>
      part.json.weightsManifest[0].weights.map((w: Json) => ({
        ...w,
        name: `autoencoder/${w.name}`,
      }));
    const weightData = new Uint8Array(enc.bin.length + dec.bin.length);
    weightData.set(enc.bin);
    weightData.set(dec.bin, enc.bin.length);
    const model = await loadKerasModel(
      tf.io.fromMemory({
        modelTopology,
        weightSpecs: [...prefixed(enc), ...prefixed(dec)],
        weightData: weightData.buffer,
      }),
    );
    const out = tf.tidy(() => model.predict(tf.tensor2d(expected.x)) as tf.Tensor);
    expectClose(out, (expected as Expected & { reconstruct: number[][] }).reconstruct);
    out.dispose();
    model.dispose();
  });

  describe('refuses bad and hostile files with a ModelFileError, leaving nothing allocated', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'keras-bad-'));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    async function variant(
      name: string,
      edit: (json: Json) => void,
      bin?: (b: Uint8Array) => Uint8Array,
    ): Promise<string> {
      const { json, bin: weights } = await raw('keras3', 'vae-encoder');
      edit(json);
      const folder = join(dir, name);
      await mkdir(folder, { recursive: true });
      await writeFile(join(folder, 'model.json'), JSON.stringify(json));
      await writeFile(join(folder, 'group1-shard1of1.bin'), bin ? bin(weights) : weights);
      return folder;
    }
    const layers = (json: Json) => json.modelTopology.model_config.config.layers;

    const cases: [string, (json: Json) => void, RegExp, ((b: Uint8Array) => Uint8Array)?][] = [
      ['truncated weights', () => {}, /bytes/, (b) => b.slice(0, b.length - 4)],
      [
        'a weights path outside the folder',
        (j) => {
          j.weightsManifest[0].paths = ['../x.bin'];
        },
        /outside/,
      ],
      [
        'a prototype key',
        (j) => {
          // An own "__proto__" key, as JSON.parse would make it from a hostile file.
          Object.defineProperty(layers(j)[1].config, '__proto__', { value: {}, enumerable: true });
        },
        /prototype/,
      ],
      [
        'mixed precision',
        (j) => {
          layers(j)[1].config.dtype.config.name = 'mixed_float16';
        },
        /float32/,
      ],
      [
        'a layer tfjs does not have',
        (j) => {
          layers(j)[1].class_name = 'NoSuchLayer';
        },
        // Refused by the size check, before tfjs parses anything, naming the class.
        /class "NoSuchLayer", which TensorFlow.js layers does not have; register/,
      ],
      [
        'a tensor passed as a keyword argument',
        (j) => {
          layers(j)[2].inbound_nodes[0].kwargs = { mask: layers(j)[2].inbound_nodes[0].args[0] };
        },
        /keyword argument "mask"/,
      ],
      [
        'a weight the topology does not have',
        (j) => {
          j.weightsManifest[0].weights[0].name = 'vae_encoder/other/kernel';
        },
        /no weight for "hidden\/kernel"/,
      ],
      [
        'a weight of the wrong shape',
        (j) => {
          layers(j)[1].config.units = 3;
        },
        /needs float32/,
      ],
      [
        'a connection to a layer that does not exist',
        (j) => {
          layers(j)[3].inbound_nodes[0].args[0].config.keras_history[0] = 'missing';
        },
        /"missing", which is not a layer/,
      ],
      [
        'a cycle of layers',
        (j) => {
          layers(j)[1].inbound_nodes[0].args[0].config.keras_history[0] = 'z_mean';
        },
        /cycle/,
      ],
      [
        'a topology that is not a model',
        (j) => {
          j.modelTopology = { model_config: { class_name: 'Dense', config: {} } };
        },
        /not a Keras Sequential or functional/,
      ],
    ];
    for (const [title, edit, message, bin] of cases) {
      it(title, async () => {
        const folder = await variant(title.replaceAll(' ', '-'), edit, bin);
        const error = await rejection(() => loadKerasModel(folder));
        expect(ModelFileError.is(error)).toBe(true);
        expect((error as Error).message).toMatch(message);
      });
    }

    it('a missing folder', async () => {
      const error = await rejection(() => loadKerasModel(join(dir, 'nothing-here')));
      expect(ModelFileError.is(error)).toBe(true);
    });
  });
});

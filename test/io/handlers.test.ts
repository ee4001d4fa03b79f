import { resolveObjectURL } from 'node:buffer';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';
import * as tfl from '@tensorflow/tfjs-layers';
import { Autoencoder, InvalidInputError, ModelFileError } from 'autoencoders';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
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

/** An in-memory tfjs store behind a `memory://` URL scheme, as indexeddb:// and localstorage:// are in a browser. */
const store = new Map<string, tf.io.ModelArtifacts>();
const memoryRouter = (url: string | string[]): tf.io.IOHandler | null => {
  if (typeof url !== 'string' || !url.startsWith('memory://')) return null;
  const key = url.slice('memory://'.length);
  return {
    save: async (artifacts) => {
      store.set(key, structuredClone(artifacts));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
    load: async () => {
      const found = store.get(key);
      if (!found) throw new Error(`Cannot find model with path '${key}'`);
      return structuredClone(found);
    },
  };
};
tf.io.registerSaveRouter(memoryRouter as never);
tf.io.registerLoadRouter(memoryRouter as never);

let model: Autoencoder;
beforeAll(async () => {
  await useCpu();
  model = await trainedModel();
});
afterAll(() => model.dispose());
afterEach(() => store.clear());

describe('saving under a tfjs URL scheme (indexeddb://, localstorage://, any registered router)', () => {
  it('writes three records under the prefix and loads them back bit for bit', async () => {
    await model.save('memory://digits');
    expect([...store.keys()].sort()).toEqual([
      'digits/autoencoder',
      'digits/decoder',
      'digits/encoder',
    ]);
    expect(store.get('digits/autoencoder')!.modelTopology).toMatchObject({
      format: 'autoencoders',
      formatVersion: 1,
    });
    const loaded = await Autoencoder.load('memory://digits');
    expect(values(loaded.reconstruct(data()))).toEqual(values(model.reconstruct(data())));
    expect(loaded.history).toEqual(model.history);
    loaded.dispose();
  });

  it('each of the encoder and decoder records opens with plain tf.loadLayersModel', async () => {
    await model.save('memory://plain');
    const encoder = await tfl.loadLayersModel('memory://plain/encoder');
    const z = encoder.predict(tf.tensor2d(data(2))) as tf.Tensor;
    expect(z.shape).toEqual([2, 3]);
    z.dispose();
    encoder.dispose();
  });

  it('refuses a prefix with no saved model, naming the record', async () => {
    const error = await rejection(Autoencoder.load('memory://nothing'));
    expect(ModelFileError.is(error)).toBe(true);
    expect(error.message).toContain('memory://nothing/autoencoder');
  });

  it('refuses a record whose weights are shorter than declared', async () => {
    await model.save('memory://cut');
    const record = store.get('cut/decoder')!;
    record.weightData = (record.weightData as ArrayBuffer).slice(0, 12);
    const start = tf.memory().numTensors;
    const error = await rejection(Autoencoder.load('memory://cut'));
    expect(ModelFileError.is(error)).toBe(true);
    expect(error.message).toContain('memory://cut/decoder');
    expect(error.message).toMatch(/holds 12 bytes/);
    expect(tf.memory().numTensors).toBe(start);
  });

  it('in Node, indexeddb:// has no handler: an InvalidInputError says to pass a folder', async () => {
    const error = await rejection(model.save('indexeddb://demo'));
    expect(InvalidInputError.is(error)).toBe(true);
    expect(error.message).toMatch(/needs a browser/);
  });
});

describe('a custom tf.io.IOHandler receives and gives back the whole model as one ModelArtifacts', () => {
  it('round-trips through tf.io.withSaveHandler and tf.io.fromMemory', async () => {
    let captured: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        captured = artifacts;
        return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
      }),
    );
    expect(captured?.format).toBe('autoencoders');
    expect(Object.keys(captured!.modelTopology as object).sort()).toEqual([
      'autoencoder',
      'decoder',
      'encoder',
    ]);
    const loaded = await Autoencoder.load(tf.io.fromMemory(captured!));
    expect(values(loaded.reconstruct(data()))).toEqual(values(model.reconstruct(data())));
    loaded.dispose();
  });

  it('refuses artifacts whose manifest settings need more weights than they carry, before building', async () => {
    let captured: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        captured = artifacts;
        return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
      }),
    );
    const top = captured!.modelTopology as { autoencoder: { builder: Record<string, unknown> } };
    top.autoencoder.builder.inputDim = 12000;
    top.autoencoder.builder.hiddenLayers = [12000];
    const started = performance.now();
    const error = await rejection(Autoencoder.load(tf.io.fromMemory(captured!)));
    expect(ModelFileError.is(error), String(error)).toBe(true);
    expect(error.message).toMatch(/^the IOHandler: .*at least 144\d{6} weights/);
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('refuses ModelArtifacts that are a plain Layers model, not an autoencoder', async () => {
    let captured: tf.io.ModelArtifacts | undefined;
    await model.encoder.save(
      tf.io.withSaveHandler(async (artifacts) => {
        captured = artifacts;
        return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
      }),
    );
    const error = await rejection(Autoencoder.load(tf.io.fromMemory(captured!)));
    expect(ModelFileError.is(error)).toBe(true);
    expect(error.message).toMatch(/not a saved autoencoder/);
  });
});

describe('an IOHandler whose load() gives back nothing usable is refused with a ModelFileError saying what it must return', () => {
  async function whole(): Promise<tf.io.ModelArtifacts> {
    let captured: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        captured = artifacts;
        return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
      }),
    );
    return captured!;
  }

  const cases: [string, () => Promise<unknown>][] = [
    ['undefined', async () => undefined],
    ['null', async () => null],
    ['a number', async () => 42],
    ['no modelTopology', async () => ({ ...(await whole()), modelTopology: undefined })],
    ['no weightSpecs', async () => ({ ...(await whole()), weightSpecs: undefined })],
    ['no weightData', async () => ({ ...(await whole()), weightData: undefined })],
  ];
  for (const [what, load] of cases) {
    it(`load() resolving ${what}`, async () => {
      const start = tf.memory().numTensors;
      const error = await rejection(Autoencoder.load({ load } as unknown as tf.io.IOHandler));
      expect(ModelFileError.is(error), String(error)).toBe(true);
      expect(error.message).toContain('the IOHandler');
      expect(error.message).toMatch(/must resolve/);
      expect(error.message).toMatch(/modelTopology/);
      expect(tf.memory().numTensors).toBe(start);
    });
  }

  it('load() throwing or rejecting: the cause is kept and named', async () => {
    for (const load of [
      () => {
        throw new TypeError('disk on fire');
      },
      async () => Promise.reject(new Error('disk on fire')),
    ]) {
      const error = await rejection(Autoencoder.load({ load } as unknown as tf.io.IOHandler));
      expect(ModelFileError.is(error), String(error)).toBe(true);
      expect(error.message).toContain('the IOHandler');
      expect(error.message).toContain('disk on fire');
      expect((error as Error & { cause?: unknown }).cause).toBeInstanceOf(Error);
    }
  });

  it('a save() that resolves nothing (no SaveResult) counts as done; errors it reports fail the save', async () => {
    let saved: tf.io.ModelArtifacts | undefined;
    const quiet = {
      save: async (artifacts: tf.io.ModelArtifacts) => {
        saved = artifacts;
        return undefined;
      },
    } as unknown as tf.io.IOHandler;
    await model.save(quiet);
    expect(saved?.format).toBe('autoencoders');
    const failing = { save: async () => ({ modelArtifactsInfo: {}, errors: ['quota'] }) };
    const error = await rejection(model.save(failing as unknown as tf.io.IOHandler));
    expect(ModelFileError.is(error), String(error)).toBe(true);
    expect(error.message).toContain('quota');
  });

  it('a URL router whose load() resolves undefined for a record names the record', async () => {
    const empty = (url: string | string[]): tf.io.IOHandler | null =>
      typeof url === 'string' && url.startsWith('void://')
        ? ({ load: async () => undefined } as unknown as tf.io.IOHandler)
        : null;
    tf.io.registerLoadRouter(empty as never);
    const error = await rejection(Autoencoder.load('void://model'));
    expect(ModelFileError.is(error), String(error)).toBe(true);
    expect(error.message).toContain('void://model/autoencoder');
    expect(error.message).toMatch(/must resolve/);
  });
});

describe('downloads://name writes one bundle file that loads back from a File, a Blob or its JSON', () => {
  const original = { document: globalThis.document };
  let clicked: { download: string; href: string } | undefined;
  beforeAll(() => {
    // A stand-in for the page: the anchor's click is where a browser would start the download.
    Object.defineProperty(globalThis, 'document', {
      configurable: true,
      value: {
        createElement: () => {
          const anchor = {
            download: '',
            href: '',
            click: () => {
              clicked = { download: anchor.download, href: anchor.href };
            },
          };
          return anchor;
        },
      },
    });
  });
  afterAll(() => {
    Object.defineProperty(globalThis, 'document', { configurable: true, value: original.document });
  });

  it('downloads name.autoencoder.json, and Autoencoder.load(file) restores the model', async () => {
    const vae = await trainedVae();
    await vae.save('downloads://my-vae');
    expect(clicked?.download).toBe('my-vae.autoencoder.json');
    const blob = resolveObjectURL(clicked!.href)!;
    const file = new File([await blob.arrayBuffer()], 'my-vae.autoencoder.json', {
      type: 'application/json',
    });
    const fromFile = await Autoencoder.load(file);
    expect(values(fromFile.sample(3, { seed: 9 }))).toEqual(values(vae.sample(3, { seed: 9 })));
    const fromJson = await Autoencoder.load(JSON.parse(await file.text()));
    expect(values(fromJson.reconstruct(data()))).toEqual(values(vae.reconstruct(data())));
    fromFile.dispose();
    fromJson.dispose();
    vae.dispose();
  });

  it('a truncated or edited bundle is refused, naming the file', async () => {
    await model.save('downloads://m');
    const text = await resolveObjectURL(clicked!.href)!.text();
    const cut = new File([text.slice(0, text.length - 30)], 'm.autoencoder.json');
    let error = await rejection(Autoencoder.load(cut));
    expect(ModelFileError.is(error)).toBe(true);
    expect(error.message).toContain('m.autoencoder.json');
    const bundle = JSON.parse(text);
    bundle.weightData = bundle.weightData.slice(0, 40);
    error = await rejection(Autoencoder.load(bundle));
    expect(ModelFileError.is(error)).toBe(true);
    expect(error.message).toMatch(/truncated/);
  });

  it('a bundle carrying a "__proto__" or "constructor" key is refused, as a File or as parsed JSON', async () => {
    await model.save('downloads://m');
    const text = await resolveObjectURL(clicked!.href)!.text();
    const poisoned = text.replace(
      '"modelTopology":{',
      '"modelTopology":{"constructor":{"prototype":{"polluted":true}},',
    );
    expect(poisoned).not.toBe(text);
    let error = await rejection(Autoencoder.load(new File([poisoned], 'm.autoencoder.json')));
    expect(ModelFileError.is(error)).toBe(true);
    expect(error.message).toMatch(/"(constructor|prototype)"/);
    error = await rejection(
      Autoencoder.load(
        JSON.parse(
          text.replace('"modelTopology":{', '"modelTopology":{"__proto__":{"polluted":true},'),
        ),
      ),
    );
    expect(ModelFileError.is(error)).toBe(true);
    expect(error.message).toMatch(/"__proto__"/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('downloads:// cannot be loaded by name: the error says to pass the file', async () => {
    const error = await rejection(Autoencoder.load('downloads://m'));
    expect(InvalidInputError.is(error)).toBe(true);
    expect(error.message).toMatch(/File/);
  });
});

describe('loading from http(s)://', () => {
  let server: Server;
  let base: string;
  let root: string;
  let requests: string[] = [];
  beforeAll(async () => {
    root = await makeTemp('http');
    await model.save(join(root, 'models', 'm'));
    server = createServer(async (request, response) => {
      requests.push(request.url ?? '');
      const path = normalize(
        join(root, decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)),
      );
      try {
        const body = await readFile(path);
        response.writeHead(200, { 'content-length': body.byteLength });
        response.end(body);
      } catch {
        response.writeHead(404);
        response.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await removeTemp(root);
  });

  it('loads a served folder by its URL, bit for bit', async () => {
    requests = [];
    const loaded = await Autoencoder.load(`${base}/models/m`);
    expect(values(loaded.reconstruct(data()))).toEqual(values(model.reconstruct(data())));
    expect(requests.sort()).toEqual([
      '/models/m/autoencoder.json',
      '/models/m/decoder/model.json',
      '/models/m/decoder/weights.bin',
      '/models/m/encoder/model.json',
      '/models/m/encoder/weights.bin',
    ]);
    loaded.dispose();
  });

  it('loads a served downloads:// bundle by the URL of its .json file', async () => {
    let bundle: unknown;
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        const bytes = new Uint8Array(artifacts.weightData as ArrayBuffer);
        bundle = {
          format: 'autoencoders',
          modelTopology: artifacts.modelTopology,
          weightData: Buffer.from(bytes).toString('base64'),
          generatedBy: 'test',
        };
        return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
      }),
    );
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(root, 'm.autoencoder.json'), JSON.stringify(bundle));
    const loaded = await Autoencoder.load(`${base}/m.autoencoder.json`);
    expect(values(loaded.reconstruct(data()))).toEqual(values(model.reconstruct(data())));
    loaded.dispose();
  });

  it('names the URL of a missing file', async () => {
    const error = await rejection(Autoencoder.load(`${base}/models/none`));
    expect(ModelFileError.is(error)).toBe(true);
    expect(error.message).toContain(`${base}/models/none/autoencoder.json`);
    expect(error.message).toContain('404');
  });

  it('a served model.json declaring 2 GB of weights allocates nothing before the weights come, and is refused', async () => {
    const { cp, writeFile } = await import('node:fs/promises');
    await cp(join(root, 'models', 'm'), join(root, 'models', 'huge'), { recursive: true });
    const file = join(root, 'models', 'huge', 'encoder', 'model.json');
    const json = JSON.parse(await readFile(file, 'utf8'));
    json.weightsManifest[0].weights[0].shape = [500_000_000];
    await writeFile(file, JSON.stringify(json));
    let largest = 0;
    const watching: typeof fetch = (input, init) => {
      largest = Math.max(largest, process.memoryUsage().arrayBuffers);
      return fetch(input, init);
    };
    const before = process.memoryUsage().arrayBuffers;
    const error = await rejection(Autoencoder.load(`${base}/models/huge`, { fetch: watching }));
    expect(ModelFileError.is(error), String(error)).toBe(true);
    expect(error.message).toContain(`${base}/models/huge/encoder/weights.bin`);
    expect(error.message).toMatch(/declares 20000\d{5}/);
    // Before the fix the declared 2 GB buffer existed when the weights were fetched.
    expect(largest - before).toBeLessThan(100e6);
  });

  it('refuses a model.json whose weights path leaves the model folder', async () => {
    const file = join(root, 'models', 'm', 'encoder', 'model.json');
    const text = await readFile(file, 'utf8');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(
      file,
      text.replace('"paths":["weights.bin"]', '"paths":["%2e%2e/%2e%2e/secret.bin"]'),
    );
    requests = [];
    const error = await rejection(Autoencoder.load(`${base}/models/m/`));
    await writeFile(file, text);
    expect(ModelFileError.is(error)).toBe(true);
    expect(error.message).toMatch(/refused/);
    expect(requests.some((r) => r.includes('secret'))).toBe(false);
  });
});

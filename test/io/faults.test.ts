import {
  appendFile,
  cp,
  mkdir,
  readFile,
  rename,
  rm,
  symlink,
  truncate,
  writeFile,
} from 'node:fs/promises';
import { join } from 'node:path';
import { Autoencoder, InvalidInputError, ModelFileError } from 'autoencoders';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTemp, removeTemp, tf, trainedModel, useCpu } from './helpers.js';

let dir: string;
let saved: string;
let counter = 0;

beforeAll(async () => {
  await useCpu();
  dir = await makeTemp('faults');
  saved = join(dir, 'good');
  const ae = await trainedModel();
  await ae.save(saved);
  ae.dispose();
  // Warm up tfjs so that the tensor counts below see only what loading allocates.
  (await Autoencoder.load(saved)).dispose();
});
afterAll(() => removeTemp(dir));

/** A fresh copy of the good save, to corrupt. */
async function copy(): Promise<string> {
  const target = join(dir, `copy-${++counter}`);
  await cp(saved, target, { recursive: true });
  return target;
}

async function editJson(
  file: string,
  edit: (json: Record<string, unknown>) => void,
): Promise<void> {
  const json = JSON.parse(await readFile(file, 'utf8'));
  edit(json);
  await writeFile(file, JSON.stringify(json));
}

/** Loads and returns the error, checking that nothing stayed allocated. */
async function loadError(source: string): Promise<Error> {
  const start = tf.memory().numTensors;
  const error = await Autoencoder.load(source).then(
    (model) => {
      model.dispose();
      throw new Error(`loading ${source} should have failed`);
    },
    (e: unknown) => e as Error,
  );
  expect(tf.memory().numTensors).toBe(start);
  return error;
}

async function expectFileError(source: string, ...patterns: (string | RegExp)[]): Promise<void> {
  const error = await loadError(source);
  expect(ModelFileError.is(error), String(error)).toBe(true);
  for (const p of patterns) {
    if (typeof p === 'string') expect(error.message).toContain(p);
    else expect(error.message).toMatch(p);
  }
}

describe('Autoencoder.load refuses a damaged save with a ModelFileError naming the file and the problem', () => {
  it('a missing folder', async () => {
    const missing = join(dir, 'nowhere');
    await expectFileError(missing, missing, 'does not exist');
  });

  it('a path to a file instead of the folder', async () => {
    await expectFileError(join(saved, 'autoencoder.json'), 'is a file');
  });

  it('a missing manifest', async () => {
    const target = await copy();
    await rm(join(target, 'autoencoder.json'));
    await expectFileError(target, join(target, 'autoencoder.json'), 'is missing');
  });

  it('a missing weights file', async () => {
    const target = await copy();
    await rm(join(target, 'decoder', 'weights.bin'));
    await expectFileError(target, join(target, 'decoder', 'weights.bin'), 'is missing');
  });

  it('a missing model.json', async () => {
    const target = await copy();
    await rm(join(target, 'encoder', 'model.json'));
    await expectFileError(target, join(target, 'encoder', 'model.json'), 'is missing');
  });

  it('truncated weights', async () => {
    const target = await copy();
    const file = join(target, 'encoder', 'weights.bin');
    await truncate(file, 10);
    await expectFileError(target, file, 'holds 10 bytes', /declares \d+ bytes/, 'truncated');
  });

  it('weights longer than the manifest declares', async () => {
    const target = await copy();
    const file = join(target, 'decoder', 'weights.bin');
    await appendFile(file, new Uint8Array(8));
    await expectFileError(target, file, /declares \d+ bytes/);
  });

  it('a model.json declaring huge shapes, refused before anything is allocated', async () => {
    const target = await copy();
    const file = join(target, 'encoder', 'model.json');
    await editJson(file, (json) => {
      const group = (json.weightsManifest as { weights: { shape: number[] }[] }[])[0]!;
      group.weights[0]!.shape = [100000, 100000];
    });
    await expectFileError(target, file, 'larger than 2 GiB');
    await editJson(file, (json) => {
      const group = (json.weightsManifest as { weights: { shape: number[] }[] }[])[0]!;
      group.weights[0]!.shape = [600, 5];
    });
    await expectFileError(target, /declares \d+ bytes/);
  });

  it('a manifest whose settings describe a far larger model than its weights, refused before any model is built', async () => {
    const target = await copy();
    const manifest = join(target, 'autoencoder.json');
    await editJson(manifest, (json) => {
      const builder = json.builder as Record<string, unknown>;
      builder.inputDim = 12000;
      builder.hiddenLayers = [12000];
    });
    // Before the check, load built the 12000 x 12000 layers (1.2 GB, seconds) and only then refused.
    const rss = process.memoryUsage().rss;
    const started = performance.now();
    const error = await loadError(target);
    const elapsed = performance.now() - started;
    const grown = process.memoryUsage().rss - rss;
    expect(ModelFileError.is(error), String(error)).toBe(true);
    expect(error.message).toContain(manifest);
    expect(error.message).toMatch(/at least 144\d{6} weights/);
    // Before the check: about 5 s and 1.1 GB of resident memory; now a few ms and nothing.
    expect(elapsed).toBeLessThan(200);
    expect(grown).toBeLessThan(100e6);
  });

  it('weights whose shapes do not fit the model the manifest describes', async () => {
    const target = await copy();
    const file = join(target, 'encoder', 'model.json');
    await editJson(file, (json) => {
      const group = (json.weightsManifest as { weights: { shape: number[] }[] }[])[0]!;
      group.weights[0]!.shape = [...group.weights[0]!.shape].reverse();
    });
    await expectFileError(target, 'encoder', /needs float32 \[6, 5\]/);
  });

  it('weights of another dtype or quantized', async () => {
    const target = await copy();
    const file = join(target, 'encoder', 'model.json');
    await editJson(file, (json) => {
      (json.weightsManifest as { weights: { dtype: string }[] }[])[0]!.weights[0]!.dtype = 'string';
    });
    await expectFileError(target, file, 'dtype "string"');
  });

  it('a NaN among the weights', async () => {
    const target = await copy();
    const file = join(target, 'decoder', 'weights.bin');
    const bytes = await readFile(file);
    new DataView(bytes.buffer, bytes.byteOffset).setFloat32(4, Number.NaN, true);
    await writeFile(file, bytes);
    await expectFileError(target, file, 'NaN');
  });

  it('a manifest from a newer format version', async () => {
    const target = await copy();
    await editJson(join(target, 'autoencoder.json'), (json) => {
      json.formatVersion = 2;
      json.libraryVersion = '9.0.0';
    });
    await expectFileError(target, join(target, 'autoencoder.json'), 'format version 2', 'Upgrade');
  });

  it('an unknown strategy, saying to call registerStrategy', async () => {
    const target = await copy();
    await editJson(join(target, 'autoencoder.json'), (json) => {
      (json.strategies as { className: string }[])[0]!.className = 'ContractiveStrategy';
    });
    await expectFileError(
      target,
      join(target, 'autoencoder.json'),
      'ContractiveStrategy',
      'registerStrategy(ContractiveStrategy)',
    );
  });

  it('malformed JSON in the manifest or a model.json', async () => {
    let target = await copy();
    const manifest = join(target, 'autoencoder.json');
    await writeFile(manifest, (await readFile(manifest, 'utf8')).slice(0, 40));
    await expectFileError(target, manifest, 'not valid JSON');
    target = await copy();
    const model = join(target, 'decoder', 'model.json');
    await writeFile(model, '{"modelTopology": ');
    await expectFileError(target, model, 'not valid JSON');
  });

  it('a manifest of another kind: a PCA file, or a foreign JSON', async () => {
    let target = await copy();
    await writeFile(join(target, 'autoencoder.json'), JSON.stringify({ kind: 'pca', version: 1 }));
    await expectFileError(target, 'is a PCA file', 'loadPCA');
    target = await copy();
    await writeFile(join(target, 'autoencoder.json'), JSON.stringify({ hello: 'world' }));
    await expectFileError(target, 'not an autoencoder manifest');
  });

  it('settings that do not build a model', async () => {
    const target = await copy();
    await editJson(join(target, 'autoencoder.json'), (json) => {
      (json.builder as Record<string, unknown>).latentDim = -3;
    });
    await expectFileError(target, 'do not describe a model', 'latentDim');
  });

  it('a history that is not a list of numbers', async () => {
    const target = await copy();
    await editJson(join(target, 'autoencoder.json'), (json) => {
      (json.history as Record<string, unknown>).loss = ['a lot'];
    });
    await expectFileError(target, 'history.loss');
  });

  it('weights of another model (names that do not match)', async () => {
    const target = await copy();
    const file = join(target, 'decoder', 'model.json');
    await editJson(file, (json) => {
      (json.weightsManifest as { weights: { name: string }[] }[])[0]!.weights[0]!.name =
        'someone_else/kernel';
    });
    await expectFileError(target, 'decoder', 'has no weight');
  });
});

describe('Autoencoder.load is safe on a file from someone else', () => {
  for (const path of [
    '../../good/encoder/weights.bin',
    '/etc/passwd',
    'https://evil.example/w.bin',
    'data:application/octet-stream;base64,AAAA',
    '%2e%2e/%2e%2e/w.bin',
    '..\\w.bin',
    'C:/w.bin',
  ]) {
    it(`refuses the weights path ${JSON.stringify(path)} in a model.json`, async () => {
      const target = await copy();
      const file = join(target, 'encoder', 'model.json');
      await editJson(file, (json) => {
        (json.weightsManifest as { paths: string[] }[])[0]!.paths = [path];
      });
      await expectFileError(target, file, 'refused');
    });
  }

  it('refuses a weights file, model.json or part folder that is a symbolic link to outside the folder', async () => {
    const outside = join(dir, `outside-${++counter}`);
    await mkdir(outside);
    const target = await copy();
    // The same bytes, so only the link itself can be the reason for the refusal.
    await cp(join(target, 'decoder', 'weights.bin'), join(outside, 'weights.bin'));
    await rm(join(target, 'decoder', 'weights.bin'));
    await symlink(join(outside, 'weights.bin'), join(target, 'decoder', 'weights.bin'));
    await expectFileError(target, join(target, 'decoder', 'weights.bin'), 'outside', 'refused');

    const second = await copy();
    await cp(join(second, 'encoder'), join(outside, 'encoder'), { recursive: true });
    await rm(join(second, 'encoder'), { recursive: true });
    await symlink(join(outside, 'encoder'), join(second, 'encoder'));
    await expectFileError(second, join(second, 'encoder'), 'outside', 'refused');
  });

  it('follows links that stay inside the folder, and a model folder that is itself a link', async () => {
    const target = await copy();
    await rename(join(target, 'decoder', 'weights.bin'), join(target, 'decoder', 'real.bin'));
    await symlink('real.bin', join(target, 'decoder', 'weights.bin'));
    const link = join(dir, `link-${++counter}`);
    await symlink(target, link);
    const model = await Autoencoder.load(link);
    model.dispose();
  });

  it('refuses a model path outside the folder in the manifest', async () => {
    const target = await copy();
    await editJson(join(target, 'autoencoder.json'), (json) => {
      (json.files as Record<string, string>).encoder = '../good/encoder/model.json';
    });
    await expectFileError(target, join(target, 'autoencoder.json'), 'outside');
  });

  for (const key of ['__proto__', 'constructor', 'prototype']) {
    it(`refuses a "${key}" key anywhere in the manifest and pollutes nothing`, async () => {
      const target = await copy();
      const file = join(target, 'autoencoder.json');
      const text = await readFile(file, 'utf8');
      await writeFile(
        file,
        text.replace('"builder": {', `"builder": { "${key}": { "polluted": true, "inputDim": 1 },`),
      );
      await expectFileError(target, file, `"${key}"`);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  }

  it('refuses a "__proto__" key inside a model.json topology', async () => {
    const target = await copy();
    const file = join(target, 'decoder', 'model.json');
    const text = await readFile(file, 'utf8');
    await writeFile(
      file,
      text.replace('"modelTopology":{', '"modelTopology":{"__proto__":{"polluted":true},'),
    );
    await expectFileError(target, file, '"__proto__"');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a source that is not a path, URL, file, bundle or IOHandler', async () => {
    const error = await loadError(42 as unknown as string);
    expect(InvalidInputError.is(error)).toBe(true);
  });
});

import { ModelFileError } from 'autoencoders';
import { describe, expect, it } from 'vitest';
import { readLayersModel } from '../../src/autoencoder/io/read-layers-model.js';
import type { FileStore } from '../../src/autoencoder/io/store.js';
import { rejection } from './helpers.js';

const topology = { class_name: 'Model', config: {} };

/** A store in memory, as http(s) is one: no sizes before reading; it records what it reads. */
function memoryStore(files: Record<string, string | Uint8Array>, read: string[] = []): FileStore {
  const get = (path: string, missing: string) => {
    const found = files[path];
    if (found === undefined) throw new ModelFileError(`mem://${path} is missing; ${missing}.`);
    return found;
  };
  return {
    name: (path) => `mem://${path}`,
    readText: async (path, missing) => String(get(path, missing)),
    readBytes: async (path, _max, missing) => {
      read.push(path);
      return get(path, missing) as Uint8Array;
    },
  };
}

function modelJson(paths: string[], shape: number[]): string {
  return JSON.stringify({
    modelTopology: topology,
    weightsManifest: [{ paths, weights: [{ name: 'w', shape, dtype: 'float32' }] }],
  });
}

const bytesOf = (values: number[]) => new Uint8Array(new Float32Array(values).buffer);

describe('readLayersModel(store, path)', () => {
  it('joins a weight split over two shard files in their order, resolving paths beside model.json', async () => {
    const store = memoryStore({
      'part/model.json': modelJson(['a.bin', 'b.bin'], [3]),
      'part/a.bin': bytesOf([1, 2]),
      'part/b.bin': bytesOf([3]),
    });
    const model = await readLayersModel(store, 'part/model.json');
    expect(Array.from(new Float32Array(model.weightData))).toEqual([1, 2, 3]);
    expect(model.weightSpecs).toEqual([{ name: 'w', shape: [3], dtype: 'float32' }]);
  });

  it('refuses a shard that overruns the declared bytes and reads no further shard', async () => {
    const read: string[] = [];
    const store = memoryStore(
      {
        'model.json': modelJson(['a.bin', 'b.bin'], [2]),
        'a.bin': bytesOf([1, 2, 3]),
        'b.bin': bytesOf([4]),
      },
      read,
    );
    const error = await rejection(readLayersModel(store, 'model.json'));
    expect(ModelFileError.is(error), String(error)).toBe(true);
    expect(error.message).toContain('mem://a.bin, mem://b.bin holds 12 bytes');
    expect(error.message).toContain('declares 8 bytes');
    expect(read).toEqual(['a.bin']);
  });

  it('refuses a path leaving the folder before reading anything', async () => {
    const read: string[] = [];
    const store = memoryStore({ 'x/model.json': modelJson(['../y.bin'], [1]) }, read);
    const error = await rejection(readLayersModel(store, 'x/model.json'));
    expect(ModelFileError.is(error)).toBe(true);
    expect(error.message).toMatch(/outside the model folder/);
    expect(read).toEqual([]);
  });
});

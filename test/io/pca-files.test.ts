import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as root from 'autoencoders';
import { InvalidInputError, loadPCA, ModelFileError, PCA, savePCA } from 'autoencoders/pca';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTemp, rejection, removeTemp } from './helpers.js';

const X = [
  [2.5, 2.4, 0.5],
  [0.5, 0.7, 1.5],
  [2.2, 2.9, 0.1],
  [1.9, 2.2, 0.9],
  [3.1, 3.0, 0.3],
  [2.3, 2.7, 1.2],
];

let dir: string | undefined;
afterEach(async () => {
  await removeTemp(dir);
  dir = undefined;
});

async function fileError(path: string): Promise<Error> {
  const error = await rejection(loadPCA(path));
  expect(ModelFileError.is(error), String(error)).toBe(true);
  expect(error.message).toContain(path);
  return error;
}

describe('savePCA and loadPCA', () => {
  it('come from autoencoders/pca, and autoencoders re-exports the same functions', () => {
    expect(root.savePCA).toBe(savePCA);
    expect(root.loadPCA).toBe(loadPCA);
  });

  it('round-trip a fitted PCA through a file exactly', async () => {
    dir = await makeTemp('pca');
    const pca = new PCA({ nComponents: 2, scale: true }).fit(X);
    const path = join(dir, 'nested', 'pca.json');
    await savePCA(pca, path);
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ kind: 'pca', version: 2 });
    const loaded = await loadPCA(path);
    expect(loaded.transform(X).to2DArray()).toEqual(pca.transform(X).to2DArray());
    expect(await readdir(join(dir, 'nested'))).toEqual(['pca.json']);
  });

  it('replaces an earlier PCA file but refuses to overwrite any other file', async () => {
    dir = await makeTemp('pca');
    const path = join(dir, 'pca.json');
    await savePCA(new PCA({ nComponents: 1 }).fit(X), path);
    await savePCA(new PCA({ nComponents: 2 }).fit(X), path);
    expect((await loadPCA(path)).components.rows).toBe(2);
    const other = join(dir, 'notes.json');
    await writeFile(other, '{"mine": true}');
    const error = await rejection(savePCA(new PCA().fit(X), other));
    expect(ModelFileError.is(error)).toBe(true);
    expect(await readFile(other, 'utf8')).toBe('{"mine": true}');
  });

  it('refuses bad arguments with an InvalidInputError', async () => {
    await expect(savePCA({} as PCA, '/tmp/x.json')).rejects.toSatisfy(InvalidInputError.is);
    await expect(loadPCA('' as string)).rejects.toSatisfy(InvalidInputError.is);
  });

  it('a missing file, malformed JSON, a newer version, a prototype key: ModelFileError naming the file', async () => {
    dir = await makeTemp('pca');
    expect((await fileError(join(dir, 'none.json'))).message).toMatch(/does not exist/);
    const path = join(dir, 'pca.json');
    await savePCA(new PCA({ nComponents: 2 }).fit(X), path);
    const good = await readFile(path, 'utf8');
    await writeFile(path, good.slice(0, 50));
    expect((await fileError(path)).message).toMatch(/not valid JSON/);
    await writeFile(path, good.replace('"version":2', '"version":7'));
    expect((await fileError(path)).message).toMatch(/version/);
    await writeFile(path, good.replace('{"kind"', '{"__proto__":{"polluted":1},"kind"'));
    expect((await fileError(path)).message).toMatch(/__proto__/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a PCA file whose shapes disagree (components against mean) is refused, naming the file', async () => {
    dir = await makeTemp('pca');
    const path = join(dir, 'pca.json');
    await savePCA(new PCA({ nComponents: 2 }).fit(X), path);
    const json = JSON.parse(await readFile(path, 'utf8'));
    json.mean = json.mean.slice(0, 2);
    await writeFile(path, JSON.stringify(json));
    expect((await fileError(path)).message).toMatch(/mean/);
    json.mean = [0, 0, 0];
    json.components[1] = [1, 2];
    await writeFile(path, JSON.stringify(json));
    await fileError(path);
  });

  it('an autoencoder manifest given to loadPCA is refused with a pointer to Autoencoder.load', async () => {
    dir = await makeTemp('pca');
    const path = join(dir, 'autoencoder.json');
    await writeFile(path, JSON.stringify({ format: 'autoencoders', formatVersion: 1 }));
    expect((await fileError(path)).message).toMatch(/Autoencoder.load/);
  });
});

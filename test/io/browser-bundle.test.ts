import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidInputError } from 'autoencoders';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, root } from './build.js';
import { rejection, tf, useCpu } from './helpers.js';

const NODE_ONLY = /(^|[/\\])node:|(^|[/\\])(fs|fs\/promises|path|url|crypto|os)$/;

let project: string;
beforeAll(() => {
  ensureBuilt();
  // A consumer project whose node_modules/autoencoders is this package (as built).
  project = mkdtempSync(join(tmpdir(), 'autoencoders-browser-bundle-'));
  mkdirSync(join(project, 'node_modules'));
  symlinkSync(root, join(project, 'node_modules', 'autoencoders'), 'dir');
}, 300_000);
afterAll(() => rmSync(project, { recursive: true, force: true }));

async function bundle(source: string) {
  writeFileSync(join(project, 'entry.js'), source);
  const result = await build({
    absWorkingDir: project,
    entryPoints: ['entry.js'],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
    external: ['@tensorflow/*'],
  });
  return { inputs: Object.keys(result.metafile.inputs), text: result.outputFiles[0]!.text };
}

describe('a browser bundle of the package', () => {
  it("bundling 'autoencoders' for the browser uses dist/browser and pulls in no fs, path or other node: module", async () => {
    const { inputs, text } = await bundle(
      "import * as lib from 'autoencoders';\nglobalThis.lib = lib;\n",
    );
    expect(inputs.some((p) => p.endsWith('dist/browser/index.js'))).toBe(true);
    expect(inputs.filter((p) => NODE_ONLY.test(p))).toEqual([]);
    for (const needle of [
      'node:fs',
      'node:path',
      'node:url',
      'node:crypto',
      'require("fs")',
      'from "fs"',
    ]) {
      expect(text.includes(needle), needle).toBe(false);
    }
    expect(text).toContain('a folder path needs Node');
  });

  it("bundling 'autoencoders/pca' for the browser pulls in neither TensorFlow.js nor node: modules", async () => {
    const { inputs, text } = await bundle(
      "import * as pca from 'autoencoders/pca';\nglobalThis.pca = pca;\n",
    );
    expect(inputs.filter((p) => NODE_ONLY.test(p) || p.includes('@tensorflow'))).toEqual([]);
    expect(text.includes('@tensorflow')).toBe(false);
    expect(text.includes('node:')).toBe(false);
  });

  it('the Node build keeps folder saving (it imports fs/promises)', async () => {
    const { readFile } = await import('node:fs/promises');
    const nodeBuild = await readFile(join(root, 'dist/index.js'), 'utf8');
    const chunks = readdirSync(join(root, 'dist')).filter((f) => f.endsWith('.js'));
    const all = [
      nodeBuild,
      ...(await Promise.all(chunks.map((f) => readFile(join(root, 'dist', f), 'utf8')))),
    ].join('\n');
    expect(all).toMatch(
      /from ['"](node:)?fs\/promises['"]|require\(['"](node:)?fs\/promises['"]\)/,
    );
  });

  it('in the browser build, a folder path gives an InvalidInputError that says what to pass instead', async () => {
    await useCpu();
    const browserBuild = (await import(
      join(root, 'dist/browser/index.js')
    )) as typeof import('autoencoders');
    const ae = browserBuild.Autoencoder.builder().inputDim(3).latentDim(1).seed(1).build();
    const error = await rejection(ae.save('/tmp/model'));
    expect(InvalidInputError.is(error)).toBe(true);
    expect(error.message).toMatch(
      /a folder path needs Node; in the browser pass 'indexeddb:\/\/name'/,
    );
    await expect(browserBuild.Autoencoder.load('./model')).rejects.toSatisfy(InvalidInputError.is);
    const pca = new browserBuild.PCA({ nComponents: 1 }).fit([
      [1, 2],
      [3, 4],
      [5, 7],
    ]);
    const pcaError = await rejection(browserBuild.savePCA(pca, './pca.json'));
    expect(InvalidInputError.is(pcaError)).toBe(true);
    expect(pcaError.message).toMatch(/PCA\.fromJSON/);
    ae.dispose();
    expect(tf.getBackend()).toBe('cpu');
  });
});

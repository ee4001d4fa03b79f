import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as pcaSource from '../../src/pca/index.js';
import { freshTarball, root } from './fresh-pack.js';

/** An import graph: each module file with its text, and the bare specifiers (packages, built-ins). */
interface ModuleGraph {
  files: Map<string, string>;
  bare: string[];
}

/**
 * Every module file that `entry` loads and every package or built-in it imports. esbuild parses
 * the files (so a commented-out or quoted import is not one) and follows relative imports of
 * every form: `import … from`, `export … from`, side-effect `import './x.js'`, `import()` and
 * `require()`; bare specifiers are left external and listed.
 */
async function moduleGraph(entry: string): Promise<ModuleGraph> {
  const bare = new Set<string>();
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    logLevel: 'silent',
    platform: 'neutral',
    plugins: [
      {
        name: 'list-bare-imports',
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (args) => {
            bare.add(args.path);
            return { path: args.path, external: true };
          });
        },
      },
    ],
  });
  const files = new Map<string, string>();
  for (const input of Object.keys(result.metafile.inputs)) {
    const file = resolve(input);
    files.set(file, readFileSync(file, 'utf8'));
  }
  return { files, bare: [...bare].sort() };
}

describe('the import walker of this test', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'autoencoders-walker-'));
    const files: Record<string, string> = {
      'entry.js': "import './side.js';\nexport { b } from './reexport.js';\n",
      'side.js': 'import"./minified.js";\n',
      'minified.js': "const lazy = () => import('./lazy.js');\nexport { lazy };\n",
      'lazy.js': "module.exports = require('./deep/required.cjs');\n",
      'reexport.js': "export * from './deep/star.js';\n",
      'deep/required.cjs': "require('@tensorflow/tfjs-core');\n",
      'deep/star.js': "import 'node:fs';\nexport const b = 1;\n",
    };
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('follows side-effect imports (also minified), re-exports, import() and require()', async () => {
    const graph = await moduleGraph(join(dir, 'entry.js'));
    expect([...graph.files.keys()].map((f) => f.slice(dir.length + 1)).sort()).toEqual([
      'deep/required.cjs',
      'deep/star.js',
      'entry.js',
      'lazy.js',
      'minified.js',
      'reexport.js',
      'side.js',
    ]);
    expect(graph.bare).toEqual(['@tensorflow/tfjs-core', 'node:fs']);
  });
});

const nodeBuiltins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

/**
 * Prints, as JSON, which exports of `autoencoders/pca` are other objects under `autoencoders`,
 * and whether an error thrown by the autoencoder part is an instance of the pca entry's classes.
 * `lib` and `pca` are the two entry points, however the caller loaded them.
 */
const IDENTITY_REPORT = `
const names = Object.keys(pca).sort();
let thrown;
try { lib.Autoencoder.builder().inputDim(0).latentDim(1).build(); } catch (error) { thrown = error; }
const created = new lib.PCA({ nComponents: 1 });
console.log(JSON.stringify({
  names,
  differ: names.filter((name) => lib[name] !== pca[name]),
  sharedErrors: thrown instanceof pca.ConfigurationError && thrown instanceof pca.AutoencodersError,
  sharedPca: created instanceof pca.PCA,
}));
`;

describe('the autoencoders/pca entry of the tarball packed from a fresh clone', () => {
  let project: string;
  let installed: string;
  const expectedNames = Object.keys(pcaSource).sort();

  beforeAll(() => {
    const tarball = freshTarball();
    project = mkdtempSync(join(tmpdir(), 'autoencoders-entry-'));
    installed = join(project, 'node_modules/autoencoders');
    mkdirSync(installed, { recursive: true });
    execFileSync('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1']);
    // The package's dependency and the consumer's TensorFlow.js, as npm would place them.
    for (const dependency of ['ml-matrix', '@stdlib', '@tensorflow']) {
      symlinkSync(
        join(root, 'node_modules', dependency),
        join(project, 'node_modules', dependency),
      );
    }
  }, 300_000);
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  function node(file: string, source: string): unknown {
    writeFileSync(join(project, file), source);
    const stdout = execFileSync(process.execPath, [file], { cwd: project, encoding: 'utf8' });
    return JSON.parse(stdout.trim().split('\n').at(-1)!);
  }

  async function browserBundle(source: string, format: 'esm' | 'cjs') {
    writeFileSync(join(project, `entry.${format}.js`), source);
    const result = await build({
      absWorkingDir: project,
      entryPoints: [`entry.${format}.js`],
      bundle: true,
      platform: 'browser',
      format,
      write: false,
      metafile: true,
      logLevel: 'silent',
      external: ['@tensorflow/*'],
    });
    const inputs = Object.keys(result.metafile.inputs).map((p) =>
      p.replace(/^.*node_modules\/autoencoders\//, ''),
    );
    return { inputs, text: result.outputFiles[0]!.text };
  }

  for (const entry of [
    'dist/pca/index.js',
    'dist/pca/index.cjs',
    'dist/browser/pca/index.js',
    'dist/browser/pca/index.cjs',
  ]) {
    it(`${entry} and every module it imports reference no @tensorflow package`, async () => {
      const graph = await moduleGraph(join(installed, entry));
      expect(graph.files.size).toBeGreaterThan(0);
      for (const [file, text] of graph.files) {
        expect(text.includes('@tensorflow'), `${file} mentions @tensorflow`).toBe(false);
      }
      expect(graph.bare.filter((name) => !nodeBuiltins.has(name))).toEqual([
        '@stdlib/stats-base-dists-chisquare-quantile',
        '@stdlib/stats-base-dists-f-quantile',
        '@stdlib/stats-base-dists-normal-quantile',
        'ml-matrix',
      ]);
      if (entry.includes('browser')) {
        expect(graph.bare.filter((name) => nodeBuiltins.has(name))).toEqual([]);
      }
    });
  }

  it('bundled for the browser (import and require), autoencoders/pca pulls in no node: module', async () => {
    const esm = await browserBundle("export * from 'autoencoders/pca';\n", 'esm');
    const cjs = await browserBundle("module.exports = require('autoencoders/pca');\n", 'cjs');
    expect(esm.inputs).toContain('dist/browser/pca/index.js');
    expect(cjs.inputs).toContain('dist/browser/pca/index.cjs');
    for (const { inputs, text } of [esm, cjs]) {
      expect(inputs.filter((p) => nodeBuiltins.has(p) || p.startsWith('node:'))).toEqual([]);
      expect(inputs.filter((p) => p.includes('@tensorflow'))).toEqual([]);
      expect(text).not.toMatch(/node:|@tensorflow|require\(["'](fs|path|crypto|url)/);
      expect(text).toContain('a file path needs Node');
    }
    // In the browser build, a file path is refused with a pointer to PCA.fromJSON.
    const refusal = await browserBundle(
      "import { InvalidInputError, loadPCA } from 'autoencoders/pca';\n" +
        "const error = await loadPCA('./pca.json').catch((e) => e);\n" +
        'console.log(JSON.stringify({ typed: InvalidInputError.is(error), message: error.message }));\n',
      'esm',
    );
    expect(node('browser-pca.mjs', refusal.text)).toMatchObject({
      typed: true,
      message: expect.stringMatching(/PCA\.fromJSON/),
    });
  });

  it('bundled for the browser, the SIMD kernel ships inside, under the 4 KB a main thread may compile at once', async () => {
    const probe =
      "import { kernelBackend, ready } from 'autoencoders/pca';\n" +
      'const simd = await ready();\n' +
      'console.log(JSON.stringify({ simd, backend: kernelBackend() }));\n';
    const esm = await browserBundle(probe, 'esm');
    const whole = await browserBundle("export * from 'autoencoders';\n", 'esm');
    const cjs = await browserBundle("module.exports = require('autoencoders/pca');\n", 'cjs');
    for (const { text } of [esm, whole, cjs]) {
      // The module's bytes, base64 ("\0asm" is AGFzbQ), with no file or URL to fetch.
      expect(text).toMatch(/'AGFzbQ[A-Za-z0-9+/=]+'|"AGFzbQ[A-Za-z0-9+/=]+"/);
      expect(text).toContain('WebAssembly.compile(');
      // Browsers refuse a synchronous compile over 4 KB on the main thread: the in-place compile
      // of the first product is only allowed because the module is smaller than that.
      const base64 = /['"](AGFzbQ[A-Za-z0-9+/=]+)['"]/.exec(text)?.[1] ?? '';
      expect(Buffer.from(base64, 'base64').length).toBeLessThan(4096);
    }
    // Run as a page would run it (no file access): ready() compiles it and the kernels use it.
    expect(node('browser-simd.mjs', esm.text)).toEqual({ simd: true, backend: 'wasm' });
  });

  it('every export of autoencoders/pca is the same object under autoencoders, in Node ESM', () => {
    const report = node(
      'identity.mjs',
      `import * as lib from 'autoencoders';\nimport * as pca from 'autoencoders/pca';\n${IDENTITY_REPORT}`,
    );
    expect(report).toEqual({
      names: expectedNames,
      differ: [],
      sharedErrors: true,
      sharedPca: true,
    });
  });

  it('every export of autoencoders/pca is the same object under autoencoders, in Node CJS', () => {
    const report = node(
      'identity.cjs',
      `const lib = require('autoencoders');\nconst pca = require('autoencoders/pca');\n${IDENTITY_REPORT}`,
    );
    expect(report).toEqual({
      names: expectedNames,
      differ: [],
      sharedErrors: true,
      sharedPca: true,
    });
  });

  it('every export of autoencoders/pca is the same object under autoencoders, in browser bundles (import and require)', async () => {
    const esm = await browserBundle(
      `import * as lib from 'autoencoders';\nimport * as pca from 'autoencoders/pca';\n${IDENTITY_REPORT}`,
      'esm',
    );
    expect(esm.inputs).toEqual(
      expect.arrayContaining(['dist/browser/index.js', 'dist/browser/pca/index.js']),
    );
    const cjs = await browserBundle(
      `const lib = require('autoencoders');\nconst pca = require('autoencoders/pca');\n${IDENTITY_REPORT}`,
      'cjs',
    );
    expect(cjs.inputs).toEqual(
      expect.arrayContaining(['dist/browser/index.cjs', 'dist/browser/pca/index.cjs']),
    );
    for (const [file, bundle] of [
      ['browser.mjs', esm],
      ['browser.cjs', cjs],
    ] as const) {
      expect(node(file, bundle.text)).toEqual({
        names: expectedNames,
        differ: [],
        sharedErrors: true,
        sharedPca: true,
      });
    }
  });
});

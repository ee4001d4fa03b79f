import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'esbuild';
import { defineConfig, type Options } from 'tsup';

/**
 * The browser build swaps each Node file module (`./x.js` with a `x.browser.ts` beside it:
 * src/autoencoder/io/node-files.ts and src/pca/io/text-files.ts, which import node:fs) for its
 * stub, which explains what to pass in a browser, so no `node:` module reaches a browser bundle.
 * package.json's "browser" conditions point bundlers at that build.
 */
const browserFiles: Plugin = {
  name: 'autoencoders-browser-files',
  setup(build) {
    build.onResolve({ filter: /^\.\/[\w-]+\.js$/ }, (args) => {
      const stub = join(args.resolveDir, args.path.replace(/\.js$/, '.browser.ts'));
      return existsSync(stub) ? { path: stub } : undefined;
    });
  },
};

/**
 * Both entry points are built together with code splitting (ESM and, through tsup, CJS too), so
 * the modules they share (the PCA module, the error classes) are one chunk that both load: one
 * module instance per format, and `instanceof` holds across `autoencoders` and `autoencoders/pca`.
 * tsup makes the split CJS output by converting esbuild's split ESM output with sucrase, which
 * renames classes (`_class2`); `keepNames` keeps `PCA.name` and each error class's name.
 */
const shared: Options = {
  entry: { index: 'src/index.ts', 'pca/index': 'src/pca/index.ts' },
  format: ['esm', 'cjs'],
  splitting: true,
  keepNames: true,
  sourcemap: true,
  target: 'es2022',
  external: ['ml-matrix', /^@tensorflow\//],
};

export default defineConfig([
  {
    ...shared,
    dts: true,
    // dist/browser belongs to the second build, which runs alongside.
    clean: ['!browser/**'],
  },
  {
    ...shared,
    outDir: 'dist/browser',
    platform: 'browser',
    dts: false,
    clean: true,
    esbuildPlugins: [browserFiles],
  },
]);

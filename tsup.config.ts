import { join } from 'node:path';
import type { Plugin } from 'esbuild';
import { defineConfig, type Options } from 'tsup';

/**
 * The browser build swaps the Node file code (src/autoencoder/io/node-files.ts, which imports
 * node:fs) for a stub that explains what to pass in a browser, so no `node:` module reaches a
 * browser bundle. package.json's "browser" condition points bundlers at that build.
 */
const browserFiles: Plugin = {
  name: 'autoencoders-browser-files',
  setup(build) {
    build.onResolve({ filter: /^\.\/node-files\.js$/ }, (args) => ({
      path: join(args.resolveDir, 'node-files.browser.ts'),
    }));
  },
};

const shared: Options = {
  format: ['esm', 'cjs'],
  sourcemap: true,
  target: 'es2022',
  external: ['ml-matrix', /^@tensorflow\//],
};

export default defineConfig([
  {
    ...shared,
    entry: { index: 'src/index.ts', 'pca/index': 'src/pca/index.ts' },
    dts: true,
    // dist/browser belongs to the second build, which runs alongside.
    clean: ['!browser/**'],
  },
  {
    ...shared,
    entry: { index: 'src/index.ts' },
    outDir: 'dist/browser',
    platform: 'browser',
    dts: false,
    clean: true,
    esbuildPlugins: [browserFiles],
  },
]);

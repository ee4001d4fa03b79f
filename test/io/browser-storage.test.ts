import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, root } from './build.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
const inCi = Boolean(process.env.CI);
if (!available && !inCi) console.warn(`browser storage test skipped: ${CHROMIUM} not found.`);

const PAGE_SCRIPT = `
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { Autoencoder, InvalidInputError, VariationalStrategy } from 'autoencoders';

const x = Array.from({ length: 8 }, (_, i) => Array.from({ length: 6 }, (_, j) => (Math.sin(1 + i * 1.7 + j * 0.9) + 1) / 2));
const read = (t) => { const v = Array.from(t.dataSync()); t.dispose(); return v; };
let vae;

window.saveAll = async () => {
  await tf.setBackend('cpu');
  vae = Autoencoder.builder().inputDim(6).hiddenLayers([4]).latentDim(2).outputActivation('sigmoid')
    .strategy(new VariationalStrategy()).seed(5).build();
  await vae.fit(x, { epochs: 2, batchSize: 4 });
  const expected = { reconstruction: read(vae.reconstruct(x)), sample: read(vae.sample(3, { seed: 9 })) };
  await vae.save('indexeddb://demo');
  const fromIdb = await Autoencoder.load('indexeddb://demo');
  const idb = { reconstruction: read(fromIdb.reconstruct(x)), sample: read(fromIdb.sample(3, { seed: 9 })) };
  fromIdb.dispose();
  await vae.save('localstorage://demo');
  const fromLs = await Autoencoder.load('localstorage://demo');
  const ls = { reconstruction: read(fromLs.reconstruct(x)), sample: read(fromLs.sample(3, { seed: 9 })) };
  fromLs.dispose();
  const stored = Object.keys(await tf.io.listModels()).sort();
  let folder = '';
  try { await vae.save('./models/demo'); } catch (error) { folder = InvalidInputError.is(error) ? error.message : String(error); }
  const other = Autoencoder.builder().inputDim(6).latentDim(2).seed(1).build();
  await other.fit(x, { epochs: 3, batchSize: 8, checkpoint: { destination: 'indexeddb://run', keepLast: 1, keepBest: true } });
  other.dispose();
  const checkpoints = Object.keys(await tf.io.listModels()).filter((k) => k.startsWith('indexeddb://run/')).sort();
  return { expected, idb, ls, stored, folder, checkpoints };
};
window.download = () => vae.save('downloads://demo');
window.loadPicked = async () => {
  const file = document.querySelector('input').files[0];
  const loaded = await Autoencoder.load(file);
  const out = { reconstruction: read(loaded.reconstruct(x)), sample: read(loaded.sample(3, { seed: 9 })) };
  loaded.dispose();
  return out;
};
`;

describe.skipIf(!available && !inCi)('saving and loading in Chromium', () => {
  let project: string;
  let server: Server;
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    if (!available)
      throw new Error(`${CHROMIUM} not found: install chromium to run the browser tests.`);
    ensureBuilt();
    project = mkdtempSync(join(tmpdir(), 'autoencoders-browser-storage-'));
    mkdirSync(join(project, 'node_modules'));
    symlinkSync(root, join(project, 'node_modules', 'autoencoders'), 'dir');
    writeFileSync(join(project, 'page.js'), PAGE_SCRIPT);
    const result = await build({
      absWorkingDir: project,
      entryPoints: ['page.js'],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      logLevel: 'silent',
      nodePaths: [join(root, 'node_modules')],
    });
    const script = result.outputFiles[0]!.text;
    const html =
      '<!doctype html><meta charset="utf-8"><input type="file"><script type="module" src="/page.js"></script>';
    server = createServer((request, response) => {
      const [type, body] =
        request.url === '/page.js' ? ['text/javascript', script] : ['text/html', html];
      response.writeHead(200, { 'content-type': `${type}; charset=utf-8` });
      response.end(body);
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      timeout: 60_000,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-dev-shm-usage'],
    });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((done) => (server ? server.close(done) : done(undefined)));
    if (project) rmSync(project, { recursive: true, force: true });
  });

  it("ae.save('indexeddb://demo') and Autoencoder.load('indexeddb://demo') round-trip, as do localstorage:// and downloads://", async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(url);
    await page.waitForFunction(() => 'saveAll' in window);
    const result = await page.evaluate(() =>
      (window as unknown as { saveAll(): Promise<Record<string, unknown>> }).saveAll(),
    );
    expect(result.idb).toEqual(result.expected);
    expect(result.ls).toEqual(result.expected);
    expect(result.stored).toEqual([
      'indexeddb://demo/autoencoder',
      'indexeddb://demo/decoder',
      'indexeddb://demo/encoder',
      'localstorage://demo/autoencoder',
      'localstorage://demo/decoder',
      'localstorage://demo/encoder',
    ]);
    expect(result.folder).toMatch(/a folder path needs Node/);
    // fit's checkpoints under a URL prefix: the newest one and the best one; older ones pruned.
    expect(
      (result.checkpoints as string[])
        .map((k) => k.replace(/\/[a-z]+$/, ''))
        .filter((k, i, all) => all.indexOf(k) === i),
    ).toEqual(['indexeddb://run/best', 'indexeddb://run/epoch-0003']);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.evaluate(() => (window as unknown as { download(): Promise<void> }).download()),
    ]);
    expect(download.suggestedFilename()).toBe('demo.autoencoder.json');
    const saved = join(project, 'demo.autoencoder.json');
    await download.saveAs(saved);
    await page.setInputFiles('input', saved);
    const picked = await page.evaluate(() =>
      (window as unknown as { loadPicked(): Promise<unknown> }).loadPicked(),
    );
    expect(picked).toEqual(result.expected);
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);
});

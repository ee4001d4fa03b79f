// The docs site in a real browser: TypeDoc's pages, every internal link, and the live demo that
// trains autoencoders with this library in the page. Drives Debian's chromium through
// playwright-core; skips (outside CI) when /usr/bin/chromium is absent.
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureSite,
  Kind,
  linksOf,
  type NavigationNode,
  readExports,
  readNavigation,
} from './browser/site.js';
import { type StaticServer, serveStatic } from './browser/static-server.js';

const root = resolve(import.meta.dirname, '../..');
const site = join(root, 'docs/site');
const screenshots = join(import.meta.dirname, 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
const inCi = Boolean(process.env.CI);
const INSTALL =
  'install it with `apt-get install chromium` (Debian/Ubuntu) and run the tests again';

if (!available && !inCi) {
  console.warn(`browser test skipped: ${CHROMIUM} not found; ${INSTALL}.`);
}

/** A page that records everything that went wrong while it loaded and ran. */
interface Watched {
  readonly page: Page;
  readonly problems: string[];
}

describe.skipIf(!available && !inCi)('the docs site and its live demo in Chromium', () => {
  let server: StaticServer;
  let browser: Browser;
  let navigation: NavigationNode[];

  beforeAll(async () => {
    if (!available) throw new Error(`${CHROMIUM} not found: ${INSTALL}.`);
    // BROWSER_TEST_REBUILD=0 tests docs/site as it is (e.g. right after `npm run docs`).
    const rebuilt =
      process.env.BROWSER_TEST_REBUILD === '0' ? undefined : ensureSite(root, 150_000);
    if (rebuilt) console.info(`built the docs site (${rebuilt})`);
    navigation = readNavigation(site);
    server = await serveStatic(site, { lifetimeMs: 600_000 });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      timeout: 60_000,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--no-first-run',
        '--disable-component-update',
        '--disable-dev-shm-usage',
      ],
    });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(path: string): Promise<Watched> {
    const page = await browser.newPage({ viewport: { width: 1100, height: 1000 } });
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
    page.on('requestfailed', (request) =>
      problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`),
    );
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
    });
    await page.goto(new URL(path, server.url).href, { waitUntil: 'load' });
    return { page, problems };
  }

  /** Every sidebar entry, depth first. */
  function entries(nodes: readonly NavigationNode[] = navigation): NavigationNode[] {
    return nodes.flatMap((node) => [node, ...entries(node.children ?? [])]);
  }

  it('the index renders, links the guides, both entry points and the demo', async () => {
    const { page, problems } = await open('index.html');
    await page.waitForSelector('#tsd-nav-container a', { state: 'attached' });
    const hrefs = await page.$$eval('a[href]', (links) =>
      links.map((a) => (a as HTMLAnchorElement).href),
    );
    for (const target of ['modules/autoencoders.html', 'modules/autoencoders_pca.html']) {
      expect(hrefs).toContain(new URL(target, server.url).href);
    }
    expect(hrefs).toContain(new URL('demo/index.html', server.url).href);
    expect(hrefs.some((href) => href.includes('/documents/'))).toBe(true);
    expect(await page.title()).toContain('autoencoders');
    await page.close();
    expect(problems).toEqual([]);
  });

  it('every export of both entry points has a page whose heading names it', async () => {
    const exported = readExports(site);
    expect([...exported.keys()].sort()).toEqual(['autoencoders', 'autoencoders/pca']);
    const modules = navigation.filter((node) => node.kind === Kind.Module);
    expect(modules.map((m) => m.text).sort()).toEqual(['autoencoders', 'autoencoders/pca']);
    const pages: NavigationNode[] = [];
    for (const module of modules) {
      const names = (module.children ?? []).map((child) => child.text);
      expect(names.sort()).toEqual([...(exported.get(module.text) ?? [])].sort());
      pages.push(module);
      // Re-exports link to the canonical page's anchor in the module; the link crawl checks them.
      pages.push(...(module.children ?? []).filter((child) => child.kind !== Kind.Reference));
    }
    expect(pages.length).toBeGreaterThan(2);
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`${page.url()}: ${m.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`${page.url()}: ${error.message}`));
    for (const node of pages) {
      const response = await page.goto(new URL(node.path!, server.url).href);
      expect(response?.status(), node.path).toBe(200);
      const heading = await page.locator('.tsd-page-title h1').textContent();
      expect(heading, node.path).toContain(node.text);
      expect(await page.title(), node.path).toContain(node.text);
    }
    await page.close();
    expect(problems).toEqual([]);
  });

  it('every guide in the sidebar renders', async () => {
    const documents = entries().filter((node) => node.path?.startsWith('documents/'));
    expect(documents.length).toBeGreaterThanOrEqual(5);
    const page = await browser.newPage();
    for (const node of documents) {
      const response = await page.goto(new URL(node.path!, server.url).href);
      expect(response?.status(), node.path).toBe(200);
      expect(await page.title(), node.path).toContain(node.text);
      expect(await page.locator('.tsd-panel.tsd-typography h1, .tsd-typography h1').count()).toBe(
        1,
      );
    }
    await page.close();
  });

  it('every internal link and anchor in the site resolves', async () => {
    const base = new URL(server.url);
    const queue = ['index.html', ...entries().flatMap((n) => (n.path ? [n.path] : []))].map(
      (path) => new URL(path, base).href.replace(/#.*$/, ''),
    );
    const bodies = new Map<string, { status: number; type: string; text: string }>();
    const broken: string[] = [];
    const checks: Array<{ from: string; to: string }> = [];
    const fetchOnce = async (url: string) => {
      let body = bodies.get(url);
      if (!body) {
        const response = await fetch(url);
        const type = response.headers.get('content-type') ?? '';
        const textual = /html|svg|css|javascript|json/.test(type);
        const text = textual ? await response.text() : '';
        if (!textual) await response.arrayBuffer();
        body = { status: response.status, type, text };
        bodies.set(url, body);
        if (type.includes('text/html') && response.status === 200) {
          for (const link of linksOf(body.text)) {
            if (/^(?:[a-z][a-z0-9+.-]*:|\/\/)/i.test(link) && !link.startsWith(base.origin)) {
              continue; // external (https:, mailto:, data:, ...): not this site's to check
            }
            const target = new URL(link, url);
            checks.push({ from: url, to: target.href });
            const page = target.href.replace(/#.*$/, '');
            if (!bodies.has(page)) queue.push(page);
          }
        }
      }
      return body;
    };
    while (queue.length > 0) {
      const batch = queue.splice(0, 16);
      await Promise.all(batch.map(fetchOnce));
    }
    for (const { from, to } of checks) {
      const target = new URL(to);
      const fragment = decodeURIComponent(target.hash.slice(1));
      target.hash = '';
      const body = await fetchOnce(target.href);
      const where = `${from.replace(server.url, '')} → ${to.replace(server.url, '')}`;
      if (body.status !== 200) broken.push(`${where}: HTTP ${body.status}`);
      else if (fragment && /html|svg/.test(body.type) && !body.text.includes(`id="${fragment}"`)) {
        broken.push(`${where}: no element with id "${fragment}"`);
      }
    }
    expect(bodies.size).toBeGreaterThan(10);
    expect(broken).toEqual([]);
  }, 120_000);

  describe('the live demo', () => {
    let demo: Watched;
    let state: string | null;

    beforeAll(async () => {
      // Headless Chromium without a GPU runs webgl in software, four times slower than wasm;
      // the page's own choice (webgpu, webgl, wasm, cpu) is what users get, the test pins wasm.
      demo = await open('demo/index.html?backend=wasm');
      await demo.page.waitForSelector('body[data-state="done"], body[data-state="error"]', {
        state: 'attached',
        timeout: 200_000,
      });
      state = await demo.page.getAttribute('body', 'data-state');
      mkdirSync(screenshots, { recursive: true });
      await demo.page.screenshot({ path: join(screenshots, 'demo.png'), fullPage: true });
    }, 240_000);

    afterAll(async () => {
      await demo?.page.close();
    });

    async function readouts(list: string) {
      return demo.page.$$eval(`#${list} > li`, (items) =>
        items.map((li) => ({
          epoch: Number((li as HTMLElement).dataset.epoch),
          loss: Number((li as HTMLElement).dataset.loss),
          mse: Number((li as HTMLElement).dataset.mse),
        })),
      );
    }

    it('finishes without a console error, an uncaught exception or a failed request', async () => {
      const error = await demo.page.textContent('#error');
      expect({ state, error, problems: demo.problems }).toEqual({
        state: 'done',
        error: '',
        problems: [],
      });
      expect(['webgpu', 'webgl', 'wasm']).toContain(
        await demo.page.getAttribute('#backend', 'data-backend'),
      );
    });

    it('trains the autoencoder: the reconstruction error falls from the first readout to the last', async () => {
      const history = await readouts('ae-history');
      expect(history.length).toBeGreaterThan(2);
      expect(history.map((h) => h.epoch)).toEqual(history.map((_, i) => i));
      for (const h of history) expect(Number.isFinite(h.mse) && Number.isFinite(h.loss)).toBe(true);
      const first = history[0]!;
      const last = history.at(-1)!;
      expect(last.mse).toBeLessThan(first.mse * 0.8);
      // PCA with as many components as the code is wide, computed in the page for comparison.
      const pca = Number(await demo.page.getAttribute('#pca-mse', 'data-mse'));
      expect(pca).toBeGreaterThan(0);
      expect(pca).toBeLessThan(first.mse);
    });

    it('trains the variational autoencoder and draws samples from N(0, I)', async () => {
      const history = await readouts('vae-history');
      expect(history.length).toBeGreaterThan(2);
      expect(history.at(-1)!.mse).toBeLessThan(history[0]!.mse);
      const inked = await demo.page.$eval('#samples', (canvas) => {
        const c = canvas as HTMLCanvasElement;
        const pixels = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        let lit = 0;
        for (let i = 0; i < pixels.length; i += 4) if (pixels[i]! > 64) lit++;
        return { width: c.width, lit: lit / (pixels.length / 4) };
      });
      expect(inked.width).toBe(280);
      expect(inked.lit).toBeGreaterThan(0.02);
      expect(inked.lit).toBeLessThan(0.6);
    });

    it('a model saved to indexeddb:// loads back and reconstructs the same', async () => {
      const status = await demo.page.$eval('#save-load-status', (el) => ({
        ...(el as HTMLElement).dataset,
      }));
      expect(status.state).toBe('loaded');
      expect(Number(status.maxDiff)).toBeLessThan(1e-5);
    });
  });
});

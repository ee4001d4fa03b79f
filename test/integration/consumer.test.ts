import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshTarball, root } from './fresh-pack.js';

const tsc = join(root, 'node_modules/typescript/bin/tsc');
const peers = ['@tensorflow/tfjs-core', '@tensorflow/tfjs-layers', '@tensorflow/tfjs-backend-cpu'];

function run(cmd: string, args: string[], cwd: string): string {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function peerVersion(name: string): string {
  const manifest = run('node', ['-p', `require('${name}/package.json').version`], root);
  return `${name}@${manifest.trim()}`;
}

/**
 * Copies one consumer source as both an ES module and a CommonJS module, then compiles both.
 * `checkLibraries` type-checks the installed declarations too; tfjs-layers' own declarations do
 * not pass a strict check, so the TensorFlow.js consumer skips them, as its users must.
 */
function compile(project: string, source: string, checkLibraries: boolean): void {
  const base = source.replace(/\.ts$/, '');
  copyFileSync(join(import.meta.dirname, 'consumer', source), join(project, `${base}.mts`));
  copyFileSync(join(import.meta.dirname, 'consumer', source), join(project, `${base}.cts`));
  run(
    'node',
    [
      tsc,
      '--strict',
      '--module',
      'nodenext',
      '--moduleResolution',
      'nodenext',
      '--target',
      'es2022',
      '--lib',
      'es2022,dom',
      '--skipLibCheck',
      String(!checkLibraries),
      `${base}.mts`,
      `${base}.cts`,
    ],
    project,
  );
}

describe('the packed tarball in a fresh TypeScript project', () => {
  let project: string;

  let peersInstalled = false;

  /** Installs the TensorFlow.js peers into the consumer project, once. */
  function installPeers(): void {
    if (peersInstalled) return;
    run(
      'npm',
      ['install', '--prefer-offline', '--no-audit', '--no-fund', ...peers.map(peerVersion)],
      project,
    );
    peersInstalled = true;
  }

  beforeAll(() => {
    const tarball = freshTarball();
    project = mkdtempSync(join(tmpdir(), 'autoencoders-consumer-'));
    copyFileSync(tarball, join(project, basename(tarball)));
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'consumer', private: true }),
    );
    run(
      'npm',
      ['install', '--prefer-offline', '--no-audit', '--no-fund', `./${basename(tarball)}`],
      project,
    );
  }, 300_000);

  afterAll(() => {
    if (project) rmSync(project, { recursive: true, force: true });
  });

  it('the tarball, packed from a clone with no dist/, holds every file package.json points to', () => {
    const installed = join(project, 'node_modules/autoencoders');
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
    const targets = JSON.stringify([
      manifest.main,
      manifest.module,
      manifest.types,
      manifest.exports,
    ]).match(/\.\/dist\/[^"]+/g);
    expect(targets?.length).toBeGreaterThan(10);
    for (const target of new Set(targets)) {
      expect(existsSync(join(installed, target)), target).toBe(true);
    }
  });

  it('autoencoders/pca compiles under tsc --strict and runs as ESM and CJS with no @tensorflow package installed', () => {
    expect(existsSync(join(project, 'node_modules/@tensorflow'))).toBe(false);
    compile(project, 'pca-only.ts', true);
    for (const file of ['pca-only.mjs', 'pca-only.cjs']) {
      const out = JSON.parse(run('node', [file], project));
      expect(out.refused).toBe(true);
      expect(out.s[0]).toBeCloseTo(Math.sqrt(8), 12);
      expect(out.ratio).toBeCloseTo(0.8, 12);
      expect(out.loadedIsPca).toBe(true);
      expect(Math.abs(out.loadedComponents[0][0])).toBe(1);
      expect(out.loadedComponents[0][1]).toBe(0);
    }
  });

  it('autoencoders compiles and trains as ESM and CJS once the consumer installs the TensorFlow.js peers', () => {
    installPeers();
    compile(project, 'full.ts', false);
    for (const file of ['full.mjs', 'full.cjs']) {
      const out = JSON.parse(run('node', [file], project));
      expect(out).toEqual({
        epochs: 3,
        codeShape: [4, 2],
        shapeRefused: true,
        pcaComponents: 2,
        crossEntry: true,
      });
    }
  }, 300_000);

  it('requiring autoencoders/pca loads no @tensorflow module even when TensorFlow.js is installed', () => {
    installPeers();
    const loaded = run(
      'node',
      [
        '-e',
        "require('autoencoders/pca'); console.log(JSON.stringify(Object.keys(require.cache).filter((p) => p.includes('@tensorflow'))))",
      ],
      project,
    );
    expect(existsSync(join(project, 'node_modules/@tensorflow/tfjs-core'))).toBe(true);
    expect(JSON.parse(loaded)).toEqual([]);
  });
});

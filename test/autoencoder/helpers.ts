import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';

/** The backends every autoencoder test runs on, as tfjs's `describeWithFlags` does. */
export const BACKENDS = ['cpu', 'wasm'] as const;
export type BackendName = (typeof BACKENDS)[number];

let wasmPathsSet = false;

/** Points the wasm backend at the package's own .wasm files (Node finds them anyway; be explicit). */
function prepareWasm(): void {
  if (wasmPathsSet) return;
  const require = createRequire(import.meta.url);
  const dist = require
    .resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')
    .replace(/[^/\\]+$/, '');
  setWasmPaths(dist);
  wasmPathsSet = true;
}

/** `describe` once per backend, switching the backend in `beforeAll`. */
export function describeEachBackend(title: string, body: (backend: BackendName) => void): void {
  for (const backend of BACKENDS) {
    describe(`${title} [${backend}]`, () => {
      beforeAll(async () => {
        if (backend === 'wasm') prepareWasm();
        const ok = await tf.setBackend(backend);
        if (!ok) throw new Error(`backend ${backend} failed to initialise`);
        await tf.ready();
      });
      it(`runs on the ${backend} backend`, () => {
        expect(tf.getBackend()).toBe(backend);
      });
      body(backend);
    });
  }
}

/** mulberry32: a seeded generator for test data. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw (Box–Muller). */
export function gaussian(random: () => number): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** `rows` × `columns` values in [0, 1], seeded. */
export function uniformRows(rows: number, columns: number, seed: number): number[][] {
  const r = seededRandom(seed);
  return Array.from({ length: rows }, () => Array.from({ length: columns }, () => r()));
}

/** Reads a 2-D tensor into nested arrays and disposes it. */
export function take(t: tf.Tensor2D): number[][] {
  const out = t.arraySync();
  t.dispose();
  return out;
}

/** Every value of the given tensors is finite. */
export function allFinite(tensors: readonly tf.Tensor[]): boolean {
  return tensors.every((t) => Array.from(t.dataSync()).every(Number.isFinite));
}

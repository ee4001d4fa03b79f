import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { Autoencoder } from 'autoencoders';
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

type HostActivation = 'linear' | 'sigmoid' | 'tanh' | 'relu' | 'elu' | 'softplus';

const HOST_ACTIVATIONS: Record<HostActivation, (z: number) => number> = {
  linear: (z) => z,
  sigmoid: (z) => 1 / (1 + Math.exp(-z)),
  tanh: Math.tanh,
  relu: (z) => Math.max(0, z),
  elu: (z) => (z > 0 ? z : Math.expm1(z)),
  softplus: (z) => Math.log1p(Math.exp(z)),
};

/** One dense layer in float64 plain loops: activation(x · kernel + bias). */
export function hostDense(
  x: readonly (readonly number[])[],
  kernel: readonly (readonly number[])[],
  bias: readonly number[],
  activation: HostActivation,
): number[][] {
  const f = HOST_ACTIVATIONS[activation];
  return x.map((row) => bias.map((b, j) => f(row.reduce((s, v, i) => s + v * kernel[i][j], b))));
}

/**
 * A stock Layers model's forward pass recomputed on the host in float64 from its weights and
 * its layers' configs: a chain of Dense layers, whose last two share their input when the model
 * has two outputs (a variational encoder's heads). Independent of the library's own kernels.
 */
export function hostForward(
  model: {
    readonly layers: readonly {
      getClassName(): string;
      getConfig(): unknown;
      getWeights(): tf.Tensor[];
    }[];
    readonly outputs: readonly unknown[];
  },
  x: readonly (readonly number[])[],
): number[][][] {
  const dense = model.layers
    .filter((l) => l.getClassName() === 'Dense')
    .map((l) => {
      const [k, b] = l.getWeights();
      return {
        kernel: k.arraySync() as number[][],
        bias: b.arraySync() as number[],
        activation: (l.getConfig() as { activation: HostActivation }).activation,
      };
    });
  const heads = model.outputs.length;
  let h = x.map((r) => [...r]);
  for (const l of dense.slice(0, dense.length - heads)) {
    h = hostDense(h, l.kernel, l.bias, l.activation);
  }
  return dense.slice(dense.length - heads).map((l) => hostDense(h, l.kernel, l.bias, l.activation));
}

/** Mean over rows of each row's summed squared difference (the notebook's mse), in float64. */
export function hostMse(
  a: readonly (readonly number[])[],
  b: readonly (readonly number[])[],
): number {
  return (
    a.reduce((s, row, i) => s + row.reduce((r, v, j) => r + (v - b[i][j]) ** 2, 0), 0) / a.length
  );
}

/** The error thrown by `f`, or a failure when it returns. */
export function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to throw');
}

/** Every weight of the encoder and the decoder, in order, as plain arrays. */
export function weightsOf(ae: Autoencoder): number[][] {
  return [...ae.encoder.getWeights(), ...ae.decoder.getWeights()].map((w) =>
    Array.from(w.dataSync()),
  );
}

/** The small 6-4-2 model the fit tests train: Adam at 0.01, seeded. */
export function smallAutoencoder(seed = 5): Autoencoder {
  return Autoencoder.builder()
    .inputDim(6)
    .hiddenLayers([4])
    .latentDim(2)
    .seed(seed)
    .optimizer('adam', { learningRate: 0.01 })
    .build();
}

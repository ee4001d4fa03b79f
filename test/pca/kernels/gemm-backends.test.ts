import { ConfigurationError, kernelBackend, ready, setKernelBackend } from 'autoencoders/pca';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { gemm, syrkUpper } from '../../../src/pca/kernels/gemm.js';
import { activeWasmKernel } from '../../../src/pca/kernels/wasm/backend.js';
import { seededUniform as random, referenceGemm } from '../helpers/gemm-reference.js';

/** The largest |x − y| over the largest |y|: the normwise relative difference. */
function relative(x: Float64Array, y: Float64Array): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < y.length; i++) {
    diff = Math.max(diff, Math.abs(x[i] - y[i]));
    scale = Math.max(scale, Math.abs(y[i]));
  }
  return diff / scale;
}

/** Runs `work` on the given path and returns what it wrote. */
async function on(backend: 'js' | 'wasm', work: () => Float64Array): Promise<Float64Array> {
  setKernelBackend(backend);
  await ready();
  expect(kernelBackend()).toBe(backend);
  return work();
}

afterAll(() => setKernelBackend('wasm'));

describe('the WebAssembly SIMD kernel', () => {
  it('ready() compiles it once and resolves true on Node 20; kernelBackend() then says wasm', async () => {
    const compile = vi.spyOn(WebAssembly, 'compile');
    setKernelBackend('wasm');
    expect(kernelBackend()).toBe('js');
    const both = Promise.all([ready(), ready()]);
    expect(await both).toEqual([true, true]);
    expect(await ready()).toBe(true);
    expect(kernelBackend()).toBe('wasm');
    expect(compile).toHaveBeenCalledTimes(1);
    compile.mockRestore();
  });

  it("setKernelBackend('js') makes ready() resolve false and the kernels run the pure path", async () => {
    setKernelBackend('js');
    expect(await ready()).toBe(false);
    expect(kernelBackend()).toBe('js');
    expect(activeWasmKernel()).toBeUndefined();
    setKernelBackend('wasm');
    expect(kernelBackend()).toBe('wasm');
  });

  it('setKernelBackend refuses any other name with a ConfigurationError that lists the two', () => {
    for (const bad of ['simd', '', null, undefined, 1]) {
      expect(() => setKernelBackend(bad as never)).toThrow(ConfigurationError);
      expect(() => setKernelBackend(bad as never)).toThrow(/'wasm' or 'js'/);
    }
    expect(kernelBackend()).toBe('wasm');
  });

  // Shapes that cross every block edge: k past KC = 256, n past NC = 512, m past MC = 64, and
  // sizes that are not multiples of the 4-wide tiles.
  const shapes = [
    [70, 530, 300],
    [5, 3, 7],
    [129, 66, 513],
  ] as const;
  for (const [m, n, k] of shapes) {
    for (const [tA, tB] of [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ] as const) {
      it(`gemm ${m}×${n}×${k} (transA ${tA}, transB ${tB}): both paths give the same bits, and the host loop's result`, async () => {
        const lda = tA ? m : k;
        const ldb = tB ? k : n;
        const a = random(m * k, m + k);
        const b = random(n * k, n + 2 * k);
        const c0 = random(m * n, m * n);
        const run = () => {
          const c = c0.slice();
          gemm(tA, tB, m, n, k, -0.7, a, 0, lda, b, 0, ldb, 0.4, c, 0, n);
          return c;
        };
        const pure = await on('js', run);
        const simd = await on('wasm', run);
        // The SIMD kernel adds each entry's products in the pure kernel's order with no fused
        // multiply-add, so the paths agree exactly: far inside the 1e-12 relative.
        expect(simd.every((v, i) => Object.is(v, pure[i]))).toBe(true);
        expect(relative(simd, pure)).toBeLessThanOrEqual(1e-12);
        const host = c0.slice();
        referenceGemm(tA, tB, m, n, k, -0.7, a, 0, lda, b, 0, ldb, 0.4, host, 0, n);
        // Another summation order: k·eps relative at most; achieved about 1e-16.
        expect(relative(simd, host)).toBeLessThan(k * 2 ** -52);
      });
    }
  }

  for (const [n, d] of [
    [300, 530],
    [70, 67],
    [3, 5],
  ] as const) {
    it(`syrkUpper ${n}×${d}: both paths give the same bits, the host loop's upper triangle, and leave the lower one alone`, async () => {
      const a = random(n * d, n * d + 1);
      const run = () => {
        const c = new Float64Array(d * d).fill(7);
        for (let i = 0; i < d; i++) for (let j = i; j < d; j++) c[i * d + j] = 1;
        syrkUpper(n, d, 2, a, 0, d, 0.5, c, 0, d);
        return c;
      };
      const pure = await on('js', run);
      const simd = await on('wasm', run);
      expect(simd.every((v, i) => Object.is(v, pure[i]))).toBe(true);
      const host = new Float64Array(d * d).fill(1);
      referenceGemm(true, false, d, d, n, 2, a, 0, d, a, 0, d, 0.5, host, 0, d);
      const upper = (x: Float64Array) => Float64Array.from(x.filter((_, i) => i % d >= i / d));
      expect(relative(upper(simd), upper(host))).toBeLessThan(n * 2 ** -52);
      let touched = 0;
      for (let i = 1; i < d; i++) for (let j = 0; j < i; j++) if (simd[i * d + j] !== 7) touched++;
      expect(touched).toBe(0);
    });
  }

  it('keeps its memory bounded: a product far larger than one block grows nothing', async () => {
    setKernelBackend('wasm');
    await ready();
    const before = activeWasmKernel()!.packA.buffer.byteLength;
    // Packed panels (64 + 512)·256 doubles and a 64×512 block: under 1.5 MB, never the whole X.
    expect(before).toBeLessThanOrEqual(1.5 * 2 ** 20);
    const n = 1200;
    const a = random(n * 300, 5);
    gemm(true, false, 300, 300, n, 1, a, 0, 300, a, 0, 300, 0, new Float64Array(300 * 300), 0, 300);
    expect(activeWasmKernel()!.packA.buffer.byteLength).toBe(before);
  });
});

describe('without WebAssembly', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  it('ready() resolves false and gemm gives the same results on the pure path', async () => {
    vi.resetModules();
    vi.stubGlobal('WebAssembly', undefined);
    const backend = await import('../../../src/pca/kernels/wasm/backend.js');
    const kernels = await import('../../../src/pca/kernels/gemm.js');
    expect(await backend.ready()).toBe(false);
    expect(backend.kernelBackend()).toBe('js');
    const a = random(40 * 30, 9);
    const c = new Float64Array(30 * 30);
    kernels.gemm(true, false, 30, 30, 40, 1, a, 0, 30, a, 0, 30, 0, c, 0, 30);
    const host = new Float64Array(30 * 30);
    referenceGemm(true, false, 30, 30, 40, 1, a, 0, 30, a, 0, 30, 0, host, 0, 30);
    expect(relative(c, host)).toBeLessThan(40 * 2 ** -52);
  });
});

describe('the first product, with no ready()', () => {
  afterEach(() => vi.resetModules());

  it('compiles the kernel in place, so a synchronous fit runs at SIMD speed from its start', async () => {
    vi.resetModules();
    const backend = await import('../../../src/pca/kernels/wasm/backend.js');
    const kernels = await import('../../../src/pca/kernels/gemm.js');
    expect(backend.kernelBackend()).toBe('js');
    const a = random(40 * 30, 11);
    const c = new Float64Array(30 * 30);
    kernels.gemm(true, false, 30, 30, 40, 1, a, 0, 30, a, 0, 30, 0, c, 0, 30);
    // Synchronously: no await between the product and this line.
    expect(backend.kernelBackend()).toBe('wasm');
    const host = new Float64Array(30 * 30);
    referenceGemm(true, false, 30, 30, 40, 1, a, 0, 30, a, 0, 30, 0, host, 0, 30);
    expect(relative(c, host)).toBeLessThan(40 * 2 ** -52);
  });
});

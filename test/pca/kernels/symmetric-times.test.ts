import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { symmetricTimes4 } from '../../../src/pca/kernels/eigen/symmetric-times.js';
import { tridiagonalize } from '../../../src/pca/kernels/eigen/tridiagonalize.js';
import { SeededRandom } from '../../../src/pca/kernels/prng.js';
import { symmetricEigen } from '../../../src/pca/kernels/symmetric-eigen.js';
import { ready, setKernelBackend } from '../../../src/pca/kernels/wasm/backend.js';
import {
  borrowSymmetricWorkspace,
  loadSymmetricTimes,
  simdSymmetricTimes,
} from '../../../src/pca/kernels/wasm/symmetric-backend.js';

/** A symmetric n×n matrix with entries in [−0.5, 0.5), full storage. */
function symmetric(n: number, seed: number): Float64Array {
  const random = new SeededRandom(seed);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = i; j < n; j++) a[i * n + j] = a[j * n + i] = random.nextFloat() - 0.5;
  return a;
}

function sameBits(x: Float64Array, y: Float64Array): boolean {
  return x.length === y.length && x.every((v, i) => Object.is(v, y[i]));
}

afterAll(() => setKernelBackend('wasm'));

describe('the SIMD symmetric product y = A₂₂·v of the tridiagonalisation', () => {
  it('compiles on Node 20 (ready() loads it too)', async () => {
    setKernelBackend('wasm');
    expect(await ready()).toBe(true);
    expect(await loadSymmetricTimes()).toBe(true);
  });

  for (const n of [1, 2, 3, 4, 5, 6, 7, 8, 9, 30, 31, 299, 300]) {
    it(`n = ${n}, every start s: the SIMD and pure loops give the same bits, the host loop's product, and leave y[0..s) alone`, async () => {
      await loadSymmetricTimes();
      const full = symmetric(n, n);
      const random = new SeededRandom(n + 1);
      const v0 = Float64Array.from({ length: n }, () => random.nextFloat() - 0.5);
      // Both loops read only the upper triangle: garbage below it must not change a bit.
      const upper = full.slice();
      for (let i = 1; i < n; i++) for (let j = 0; j < i; j++) upper[i * n + j] = Number.NaN;
      const space = borrowSymmetricWorkspace(n + 1);
      expect(space).toBeDefined();
      try {
        const a = space!.matrix.subarray(0, n * n);
        const y = space!.y.subarray(0, n);
        a.set(upper);
        // v at an offset into the lent matrix, as the panels take v_i from a row of A.
        space!.matrix.set(v0, n * n);
        let worst = 0;
        for (let s = 0; s < n; s++) {
          y.fill(7);
          expect(simdSymmetricTimes(a, n, s, space!.matrix, n * n, y)).toBe(true);
          const pure = new Float64Array(n).fill(7);
          symmetricTimes4(upper, n, s, v0, 0, pure);
          expect(sameBits(y, pure)).toBe(true);
          for (let i = 0; i < s; i++) expect(y[i]).toBe(7);
          let diff = 0;
          let scale = 0;
          for (let i = s; i < n; i++) {
            let host = 0;
            for (let j = s; j < n; j++) host += full[i * n + j] * v0[j];
            diff = Math.max(diff, Math.abs(y[i] - host));
            scale = Math.max(scale, Math.abs(host));
          }
          if (scale > 0) worst = Math.max(worst, diff / scale);
        }
        // Another summation order than the host's: achieved at most 1.5e-15 (n = 300; 4.6e-16 at
        // n = 30), within 7x of the 1e-14 bound.
        expect(worst).toBeLessThan(1e-14);
      } finally {
        space!.release();
      }
    });
  }

  it('runs only on the lent workspace: ordinary arrays, or the views after release, take the pure loop', () => {
    const n = 9;
    const a = symmetric(n, 3);
    expect(simdSymmetricTimes(a, n, 0, a, 0, new Float64Array(n))).toBe(false);
    const space = borrowSymmetricWorkspace(n)!;
    space.matrix.set(a);
    expect(simdSymmetricTimes(space.matrix, n, 0, space.matrix, 0, space.y)).toBe(true);
    expect(simdSymmetricTimes(space.matrix, n, 0, a, 0, space.y)).toBe(false);
    space.release();
    expect(simdSymmetricTimes(space.matrix, n, 0, space.matrix, 0, space.y)).toBe(false);
  });

  it('lends one workspace at a time, refuses what the memory cannot hold, and drops a large memory after use', () => {
    const first = borrowSymmetricWorkspace(50)!;
    expect(borrowSymmetricWorkspace(50)).toBeUndefined();
    first.release();
    first.release(); // a second release of the same loan ends nothing else
    const again = borrowSymmetricWorkspace(50)!;
    expect(again).toBeDefined();
    again.release();
    // 30,000² doubles are 7.2 GB, past wasm32's 4 GiB: grow throws, the loan is refused.
    expect(borrowSymmetricWorkspace(30_000)).toBeUndefined();
    // 3,000² doubles (72 MB) are lent, then their memory is let go (kept only up to 64 MiB).
    const big = borrowSymmetricWorkspace(3000)!;
    expect(big.matrix.buffer.byteLength).toBeGreaterThan(64 * 2 ** 20);
    big.release();
    const small = borrowSymmetricWorkspace(100)!;
    expect(small.matrix.buffer.byteLength).toBeLessThan(2 ** 20);
    small.release();
  });
});

describe('tridiagonalize and symmetricEigen on either backend', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    setKernelBackend('wasm');
  });

  async function on<T>(backend: 'js' | 'wasm', work: () => T): Promise<T> {
    setKernelBackend(backend);
    await ready();
    return work();
  }

  for (const n of [97, 200, 301]) {
    it(`n = ${n}: the same reflectors, T and eigen-decomposition bits with 'js' and 'wasm'`, async () => {
      const a = symmetric(n, 10 * n);
      const reduce = () => {
        const w = a.slice();
        const t = tridiagonalize(w, n);
        return { w, ...t };
      };
      const pure = await on('js', reduce);
      const simd = await on('wasm', reduce);
      for (const key of ['w', 'd', 'e', 'tau'] as const)
        expect(sameBits(simd[key], pure[key])).toBe(true);
      const eigenPure = await on('js', () => symmetricEigen(a, n));
      const eigenSimd = await on('wasm', () => symmetricEigen(a, n));
      expect(sameBits(eigenSimd.values, eigenPure.values)).toBe(true);
      expect(sameBits(eigenSimd.vectors, eigenPure.vectors)).toBe(true);
    });
  }

  it('falls back to ordinary arrays, with the same bits, when the memory cannot grow', async () => {
    const n = 1100; // past what the other tests grew the memory to
    const a = symmetric(n, 5);
    const pure = await on('js', () => tridiagonalize(a.slice(), n));
    const grow = vi.spyOn(WebAssembly.Memory.prototype, 'grow').mockImplementation(() => {
      throw new RangeError('WebAssembly.Memory.grow(): Maximum memory size exceeded');
    });
    const fallback = await on('wasm', () => tridiagonalize(a.slice(), n));
    expect(grow).toHaveBeenCalled();
    expect(sameBits(fallback.d, pure.d)).toBe(true);
    expect(sameBits(fallback.e, pure.e)).toBe(true);
  });
});

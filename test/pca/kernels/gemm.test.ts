import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { gemm, syrkUpper } from '../../../src/pca/kernels/gemm.js';
import { kernelBackend, ready, setKernelBackend } from '../../../src/pca/kernels/wasm/backend.js';
import { referenceGemm as naiveGemm, seededUniform as random } from '../helpers/gemm-reference.js';

// Every case runs on both paths: the pure TypeScript kernel and the WebAssembly SIMD one.
for (const backend of ['js', 'wasm'] as const) {
  describe(`on the ${backend} path`, () => {
    beforeAll(async () => {
      setKernelBackend(backend);
      await ready();
      expect(kernelBackend()).toBe(backend);
    });

    describe('gemm', () => {
      // Sizes straddle the 4-wide tiles and the 64/256/512 blocks, with offsets and padded strides.
      const shapes = [
        [1, 1, 1],
        [3, 5, 7],
        [4, 4, 4],
        [65, 33, 300],
        [130, 517, 260],
        [7, 9, 513],
      ] as const;
      for (const [m, n, k] of shapes) {
        for (const tA of [false, true]) {
          for (const tB of [false, true]) {
            it(`${m}×${n}×${k}, transA ${tA}, transB ${tB}: the textbook loop's result`, () => {
              const lda = (tA ? m : k) + 2;
              const ldb = (tB ? k : n) + 1;
              const ldc = n + 3;
              const a = random(3 + (tA ? k : m) * lda, m + 7 * n);
              const b = random(5 + (tB ? n : k) * ldb, k + 3);
              const c = random(2 + m * ldc, n);
              const expected = c.slice();
              gemm(tA, tB, m, n, k, 0.7, a, 3, lda, b, 5, ldb, 0.3, c, 2, ldc);
              naiveGemm(tA, tB, m, n, k, 0.7, a, 3, lda, b, 5, ldb, 0.3, expected, 2, ldc);
              let worst = 0;
              for (let i = 0; i < c.length; i++)
                worst = Math.max(worst, Math.abs(c[i] - expected[i]));
              // Sums of k products of magnitude ≤ 1/4 in another order: k·eps·(1/4) at most.
              expect(worst).toBeLessThan(k * 2 ** -52);
            });
          }
        }
      }

      it('beta 0 overwrites NaN in C, as BLAS does', () => {
        const c = new Float64Array(4).fill(Number.NaN);
        gemm(
          false,
          false,
          2,
          2,
          1,
          1,
          Float64Array.of(1, 2),
          0,
          1,
          Float64Array.of(3, 4),
          0,
          2,
          0,
          c,
          0,
          2,
        );
        expect(Array.from(c)).toEqual([3, 4, 6, 8]);
      });

      it('agrees with the textbook loop on random shapes (fast-check, fixed seed)', () => {
        fc.assert(
          fc.property(
            fc.integer({ min: 1, max: 40 }),
            fc.integer({ min: 1, max: 40 }),
            fc.integer({ min: 0, max: 300 }),
            fc.boolean(),
            fc.boolean(),
            (m, n, k, tA, tB) => {
              const a = random(Math.max(1, m * k), m * 31 + k);
              const b = random(Math.max(1, n * k), n * 17 + k);
              const c = random(m * n, m + n);
              const expected = c.slice();
              gemm(tA, tB, m, n, k, -1.5, a, 0, tA ? m : k, b, 0, tB ? k : n, 2, c, 0, n);
              naiveGemm(
                tA,
                tB,
                m,
                n,
                k,
                -1.5,
                a,
                0,
                tA ? m : k,
                b,
                0,
                tB ? k : n,
                2,
                expected,
                0,
                n,
              );
              return c.every((v, i) => Math.abs(v - expected[i]) <= (k + 2) * 2 ** -50);
            },
          ),
          { seed: 20261203, numRuns: 200 },
        );
      });
    });

    describe('syrkUpper', () => {
      for (const [n, d] of [
        [1, 1],
        [5, 3],
        [300, 70],
        [200, 517],
        [257, 4],
      ] as const) {
        it(`${n}×${d}: the upper triangle of AᵀA, the lower one untouched`, () => {
          const a = random(n * d, n + d);
          const c = new Float64Array(d * d).fill(7);
          syrkUpper(n, d, 1, a, 0, d, 0, c, 0, d);
          const expected = new Float64Array(d * d);
          naiveGemm(true, false, d, d, n, 1, a, 0, d, a, 0, d, 0, expected, 0, d);
          let worst = 0;
          for (let i = 0; i < d; i++) {
            for (let j = 0; j < d; j++) {
              if (j >= i) worst = Math.max(worst, Math.abs(c[i * d + j] - expected[i * d + j]));
              else expect(c[i * d + j]).toBe(7);
            }
          }
          expect(worst).toBeLessThan(n * 2 ** -52);
        });
      }
    });
  });
}

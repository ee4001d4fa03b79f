import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  materialize,
  multiplyNormal,
  multiplyRight,
  multiplyTransposed,
  sparsePattern,
} from '../../../src/pca/kernels/affine-products.js';

function seeded(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** n×d with rows alternating, block by block of 100, between the two shares of non-zeros. */
function mixedDensity(n: number, d: number, shares: readonly number[], seed: number) {
  const u = seeded(seed);
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const share = shares[Math.floor(i / 100) % shares.length];
    for (let j = 0; j < d; j++) data[i * d + j] = u() < share ? 2 * u() - 1 : 0;
  }
  return { data, rows: n, columns: d };
}

/** The host-side reference: C = A·B by the textbook loop (A n×k, B k×m, row-major). */
function reference(a: Float64Array, b: Float64Array, n: number, k: number, m: number) {
  const c = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < m; t++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[i * k + p] * b[p * m + t];
      c[i * m + t] = s;
    }
  }
  return c;
}

function transposeOf(a: Float64Array, rows: number, columns: number): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < columns; j++) out[j * rows + i] = a[i * columns + j];
  return out;
}

function worst(a: Float64Array, b: Float64Array): number {
  let w = 0;
  for (let i = 0; i < a.length; i++) w = Math.max(w, Math.abs(a[i] - b[i]));
  return w;
}

describe('X̃·B and X̃ᵀ·Y by blocks of rows (gemm where dense, zero-skipping where sparse)', () => {
  it('equal the textbook products of the formed X̃, with and without the non-zero pattern', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 700 }),
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 19 }),
        fc.constantFrom([0.05], [1], [0.1, 0.9], [0.9, 0, 0.3]),
        fc.boolean(),
        fc.integer({ min: 1, max: 1e6 }),
        (n, d, l, shares, affine, seed) => {
          const x = mixedDensity(n, d, shares, seed);
          const u = seeded(seed + 1);
          const mean = affine ? Float64Array.from({ length: d }, () => u() - 0.5) : undefined;
          const scale = affine ? Float64Array.from({ length: d }, () => 0.5 + u()) : undefined;
          const xt = materialize({ x, mean, scale }).data;
          const b = Float64Array.from({ length: d * l }, () => u() - 0.5);
          const y = Float64Array.from({ length: n * l }, () => u() - 0.5);
          const right = reference(xt, b, n, d, l);
          const left = reference(transposeOf(xt, n, d), y, d, n, l);
          const pattern = sparsePattern(x) ?? undefined;
          for (const p of pattern === undefined ? [undefined] : [undefined, pattern]) {
            const op = { x, mean, scale, pattern: p };
            // Sums of up to 700 products of magnitude ≤ 2 in another order: achieved ~1e-14.
            expect(worst(multiplyRight(op, b, l), right)).toBeLessThan(1e-12);
            expect(worst(multiplyTransposed(op, y, l), left)).toBeLessThan(1e-12);
            // The fused pass X̃ᵀ(X̃·B): sums of 700·50 products, so a looser bound (achieved ~1e-13).
            const normal = reference(transposeOf(xt, n, d), right, d, n, l);
            expect(worst(multiplyNormal(op, b, l), normal)).toBeLessThan(1e-10);
          }
        },
      ),
      { seed: 1313, numRuns: 40 },
    );
  });
});

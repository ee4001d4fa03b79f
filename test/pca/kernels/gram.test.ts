import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { columnStats } from '../../../src/pca/column-stats.js';
import { gramMatrix } from '../../../src/pca/kernels/gram.js';

/** A seeded n×d matrix with the given share of non-zeros in [-1, 1] plus `offset`. */
function sparseRandom(n: number, d: number, density: number, seed: number, offset = 0) {
  let state = seed >>> 0 || 1;
  const u = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const data = new Float64Array(n * d);
  for (let i = 0; i < data.length; i++) data[i] = u() < density ? 2 * u() - 1 + offset : 0;
  return { data, rows: n, columns: d };
}

/** The host-side reference: the textbook triple loop over (X − 1μᵀ)·diag(1/σ). */
function referenceGram(
  x: { data: Float64Array; rows: number; columns: number },
  mean?: Float64Array,
  scale?: Float64Array,
): Float64Array {
  const { data, rows: n, columns: d } = x;
  const g = new Float64Array(d * d);
  const v = (i: number, j: number): number =>
    (data[i * d + j] - (mean?.[j] ?? 0)) / (scale?.[j] ?? 1);
  for (let p = 0; p < d; p++) {
    for (let q = 0; q < d; q++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += v(i, p) * v(i, q);
      g[p * d + q] = s;
    }
  }
  return g;
}

/** Largest entry-wise difference relative to the largest |entry| of the reference. */
function relativeError(g: Float64Array, ref: Float64Array): number {
  let diff = 0;
  let size = 0;
  for (let i = 0; i < g.length; i++) {
    diff = Math.max(diff, Math.abs(g[i] - ref[i]));
    size = Math.max(size, Math.abs(ref[i]));
  }
  return size === 0 ? diff : diff / size;
}

describe('gramMatrix (blocked syrk and unrolled sparse scatter)', () => {
  // n up to 600 crosses the 256-row blocks; densities cover the scatter, the dense syrk on all
  // columns and the syrk on a block's compacted columns (some columns never touched).
  it('equals the textbook loop for X, X − 1μᵀ corrected and exactly centred, and with scaling', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 600 }),
        fc.integer({ min: 1, max: 37 }),
        fc.constantFrom(0, 0.05, 0.3, 0.7, 1),
        fc.integer({ min: 1, max: 1e6 }),
        (n, d, density, seed) => {
          const x = sparseRandom(n, d, density, seed);
          const { mean, sumSquares } = columnStats(x);
          const scale = Float64Array.from({ length: d }, (_, j) => 0.5 + (j % 3));
          // Achieved: about 1e-16; sums of up to 600 products in another order.
          expect(relativeError(gramMatrix({ x }), referenceGram(x))).toBeLessThan(1e-13);
          expect(
            relativeError(gramMatrix({ x, scale }), referenceGram(x, undefined, scale)),
          ).toBeLessThan(1e-13);
          const exact = referenceGram(x, mean);
          for (let j = 0; j < d; j++) {
            if (sumSquares[j] !== 0) continue;
            for (let q = 0; q < d; q++) exact[j * d + q] = exact[q * d + j] = 0;
          }
          // With the variances: XᵀX − n·μμᵀ (means small against the spread here).
          expect(relativeError(gramMatrix({ x, mean }, sumSquares), exact)).toBeLessThan(1e-13);
          // Without them: every block centred in a buffer first.
          expect(relativeError(gramMatrix({ x, mean }), referenceGram(x, mean))).toBeLessThan(
            1e-13,
          );
        },
      ),
      { seed: 1313, numRuns: 40 },
    );
  });

  it('centres exactly when the means dwarf the spread (the rank-one correction would cancel)', () => {
    const x = sparseRandom(300, 9, 1, 7, 1e6);
    const { mean, sumSquares } = columnStats(x);
    const g = gramMatrix({ x, mean }, sumSquares);
    // Achieved about 1e-16 of the centred entries; X − n·μμᵀ would lose about 12 digits.
    expect(relativeError(g, referenceGram(x, mean))).toBeLessThan(1e-13);
  });

  it('mixes dense and sparse blocks of rows in one matrix, and zeroes zero-variance columns', () => {
    // Rows 0–255 dense (syrk), 256–699 at 5 % (scatter); column 3 constant at zero.
    const dense = sparseRandom(256, 40, 1, 3);
    const sparse = sparseRandom(444, 40, 0.05, 4);
    const data = new Float64Array(700 * 40);
    data.set(dense.data);
    data.set(sparse.data, dense.data.length);
    for (let i = 0; i < 700; i++) data[i * 40 + 3] = 0;
    const x = { data, rows: 700, columns: 40 };
    const { mean, sumSquares } = columnStats(x);
    expect(sumSquares[3]).toBe(0);
    const g = gramMatrix({ x, mean }, sumSquares);
    for (let q = 0; q < 40; q++) expect(g[3 * 40 + q]).toBe(0);
    expect(relativeError(g, referenceGram(x, mean))).toBeLessThan(1e-13);
    const sym = gramMatrix({ x });
    expect(relativeError(sym, referenceGram(x))).toBeLessThan(1e-13);
    for (let p = 0; p < 40; p++)
      for (let q = 0; q < p; q++) expect(sym[p * 40 + q]).toBe(sym[q * 40 + p]);
  });
});

import fc from 'fast-check';
import { Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { columnStats } from '../../../src/pca/column-stats.js';
import { materialize } from '../../../src/pca/kernels/affine-products.js';
import { principalAngles } from '../../../src/pca/principal-angles.js';
import { exactSvd } from '../../../src/pca/solvers/exact.js';
import { randomizedSvd } from '../../../src/pca/solvers/randomized.js';

/**
 * A seeded n×d matrix of rank ≤ 12 with singular values near 2⁻ᵏ (a fast-decaying spectrum
 * the sketch resolves to rounding level); `sparse` gives factor k only to the rows i ≡ k and
 * columns j ≡ k (mod 12): still rank 12, with 1/12 of the entries non-zero.
 */
function lowRank(n: number, d: number, sparse: boolean, seed: number) {
  let state = seed >>> 0 || 1;
  const u = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32 - 0.5;
  };
  const r = 12;
  const a = Float64Array.from({ length: n * r }, (_, i) =>
    sparse && i % r !== Math.floor(i / r) % r ? 0 : u(),
  );
  const b = Float64Array.from({ length: r * d }, (_, i) =>
    sparse && Math.floor(i / d) !== (i % d) % r ? 0 : u(),
  );
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < r; k++) {
      const f = a[i * r + k] * 2 ** -k;
      for (let j = 0; j < d; j++) data[i * d + j] += f * b[k * d + j];
    }
  }
  return { data, rows: n, columns: d };
}

/** n, d, sparse, centre and the seed of a {@link lowRank} case. */
const lowRankCases = [
  fc.integer({ min: 40, max: 400 }),
  fc.integer({ min: 15, max: 60 }),
  fc.boolean(),
  fc.boolean(),
  fc.integer({ min: 1, max: 1e6 }),
] as const;

/** A {@link lowRank} case, centred or not, with its exact SVD (the truth). */
function lowRankCase(n: number, d: number, sparse: boolean, centre: boolean, seed: number) {
  const x = lowRank(n, d, sparse, seed);
  const stats = columnStats(x);
  const op = centre ? { x, mean: stats.mean } : { x };
  const sumSquares = centre ? stats.sumSquares : undefined;
  return { op, sumSquares, truth: exactSvd(materialize(op), {}) };
}

const rowsOf = (vt: Float64Array, k: number, d: number): Matrix =>
  new Matrix(Array.from({ length: k }, (_, i) => Array.from(vt.subarray(i * d, i * d + d))));

describe('randomizedSvd: power iterations through the Gram matrix or through two products', () => {
  it('both routes give the exact SVD’s top singular values and vectors, centred or not', () => {
    fc.assert(
      fc.property(...lowRankCases, (n, d, sparse, centre, seed) => {
        const { op, sumSquares, truth } = lowRankCase(n, d, sparse, centre, seed);
        const rank = 5;
        for (const route of ['gram', 'products'] as const) {
          const r = randomizedSvd(op, {
            rank,
            seed: 3,
            oversamples: 10,
            powerIterations: 4,
            computeU: true,
            sumSquares,
            route,
          });
          for (let k = 0; k < rank; k++) {
            // Achieved below 1e-14 relative (rank 12 data, l = 15 ≥ rank: the sketch is exact).
            expect(Math.abs(r.s[k] - truth.s[k])).toBeLessThan(1e-13 * truth.s[0]);
          }
          const angles = principalAngles(rowsOf(r.vt, rank, d), rowsOf(truth.vt, rank, d));
          expect(Math.max(...angles)).toBeLessThan(1e-10); // achieved below 1e-11
          // U = Q·Vb: X̃ᵀu_k = s_k·v_k for each triplet.
          const xt = materialize(op).data;
          const u = r.u as Float64Array;
          for (let k = 0; k < rank; k++) {
            for (let j = 0; j < d; j++) {
              let acc = 0;
              for (let i = 0; i < n; i++) acc += xt[i * d + j] * u[i * rank + k];
              expect(Math.abs(acc - r.s[k] * r.vt[k * d + j])).toBeLessThan(1e-12 * truth.s[0]);
            }
          }
        }
      }),
      { seed: 1313, numRuns: 12 },
    );
  });
});

describe('randomizedSvd without U on the Gram route: Rayleigh–Ritz on the Gram matrix', () => {
  it('gives the exact SVD’s top singular values and vectors on a resolved sketch', () => {
    fc.assert(
      fc.property(...lowRankCases, (n, d, sparse, centre, seed) => {
        const { op, sumSquares, truth } = lowRankCase(n, d, sparse, centre, seed);
        const rank = 5;
        const r = randomizedSvd(op, {
          rank,
          seed: 3,
          oversamples: 10,
          powerIterations: 4,
          computeU: false,
          sumSquares,
          route: 'gram',
        });
        expect(r.u).toBeNull();
        for (let k = 0; k < rank; k++) {
          // Achieved below 2e-15 relative: σ from √θ carries eps·σ₁²/σ_k, and σ₅ = σ₁/16 here.
          expect(Math.abs(r.s[k] - truth.s[k])).toBeLessThan(1e-13 * truth.s[0]);
        }
        const angles = principalAngles(rowsOf(r.vt, rank, d), rowsOf(truth.vt, rank, d));
        expect(Math.max(...angles)).toBeLessThan(1e-10); // achieved below 1e-12
      }),
      { seed: 1414, numRuns: 12 },
    );
  });

  it('is at least as accurate as Halko’s extraction on a slowly decaying spectrum', () => {
    // Singular values (1 + k)^-½ over 120 columns: two power iterations leave the top-10
    // subspace about 1e-1 rad off, so the two extractions' accuracy is visible.
    const n = 400;
    const d = 120;
    let state = 99;
    const gauss = (): number => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      const u1 = (state + 1) / 2 ** 32;
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return Math.sqrt(-2 * Math.log(u1)) * Math.cos((2 * Math.PI * state) / 2 ** 32);
    };
    const data = Float64Array.from({ length: n * d }, (_, i) => gauss() / Math.sqrt(1 + (i % d)));
    const op = { x: { data, rows: n, columns: d } };
    const truth = exactSvd(materialize(op), {});
    const rank = 10;
    const angleOf = (route: 'gram' | 'products'): number => {
      const r = randomizedSvd(op, {
        rank,
        seed: 5,
        oversamples: 10,
        powerIterations: 2,
        computeU: false,
        route,
      });
      // Ritz values never exceed the true ones (Cauchy interlacing), on either route.
      for (let k = 0; k < rank; k++) expect(r.s[k]).toBeLessThanOrEqual(truth.s[k] * (1 + 1e-14));
      return Math.max(...principalAngles(rowsOf(r.vt, rank, d), rowsOf(truth.vt, rank, d)));
    };
    const ritz = angleOf('gram');
    const halko = angleOf('products');
    expect(halko).toBeGreaterThan(1e-2); // the input separates the two
    expect(ritz).toBeLessThan(halko);
  });
});

import { ConfigurationError, principalAngles, svd } from 'autoencoders/pca';
import fc from 'fast-check';
import { Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import {
  illConditioned,
  multiply,
  orthonormalityError,
  randomMatrix,
  reconstructionError,
} from './helpers/linalg.js';

// Achieved over the properties below: reconstruction 7.9e-16, orthonormality 1.2e-13.
const RTOL = 5e-14;
const ORTHO = 1e-12;

function expectLapackQuality(X: number[][], rank?: number): void {
  const { U, s, Vt } = svd(X, rank === undefined ? { solver: 'exact' } : { solver: 'exact', rank });
  const m = Math.min(X.length, X[0].length);
  expect(s.length).toBe(rank ?? m);
  expect(U.rows).toBe(X.length);
  expect(U.columns).toBe(s.length);
  expect(Vt.rows).toBe(s.length);
  expect(Vt.columns).toBe(X[0].length);
  for (let i = 0; i < s.length; i++) {
    expect(s[i]).toBeGreaterThanOrEqual(0);
    if (i > 0) expect(s[i]).toBeLessThanOrEqual(s[i - 1]);
  }
  if (rank === undefined) expect(reconstructionError(X, U, s, Vt)).toBeLessThan(RTOL);
  expect(orthonormalityError(U, true)).toBeLessThan(ORTHO);
  expect(orthonormalityError(Vt, false)).toBeLessThan(ORTHO);
}

/** fast-check arbitrary of an n×d matrix with entries in [-1e3, 1e3]. */
function matrixArb(maxRows: number, maxCols: number): fc.Arbitrary<number[][]> {
  return fc
    .record({ n: fc.integer({ min: 1, max: maxRows }), d: fc.integer({ min: 1, max: maxCols }) })
    .chain(({ n, d }) =>
      fc.array(
        fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true, noDefaultInfinity: true }), {
          minLength: d,
          maxLength: d,
        }),
        { minLength: n, maxLength: n },
      ),
    );
}

describe('svd (exact) reaches LAPACK accuracy', () => {
  it('on random matrices of any shape (property)', () => {
    fc.assert(
      fc.property(matrixArb(12, 12), (X) => {
        expectLapackQuality(X);
      }),
      { seed: 42, numRuns: 150 },
    );
  });

  it('on tall and wide matrices (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 8, max: 40 }),
        fc.boolean(),
        fc.integer(),
        (small, big, tall, seed) => {
          const X = tall ? randomMatrix(big, small, seed) : randomMatrix(small, big, seed);
          expectLapackQuality(X);
        },
      ),
      { seed: 42, numRuns: 60 },
    );
  });

  it('on rank-deficient products, with U completed to orthonormal columns (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 15 }),
        fc.integer({ min: 2, max: 15 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer(),
        (n, d, r, seed) => {
          const X = multiply(randomMatrix(n, r, seed), randomMatrix(r, d, seed + 7));
          expectLapackQuality(X);
          const { s } = svd(X, { solver: 'exact' });
          for (let i = r; i < s.length; i++) expect(s[i]).toBeLessThan(1e-13 * s[0]);
        },
      ),
      { seed: 42, numRuns: 60 },
    );
  });

  it('on matrices with duplicated rows and zero rows (property)', () => {
    fc.assert(
      fc.property(matrixArb(6, 8), fc.integer({ min: 1, max: 4 }), (X, copies) => {
        const Y = [...X, ...Array.from({ length: copies }, () => X[0].slice())];
        Y.push(new Array<number>(X[0].length).fill(0));
        expectLapackQuality(Y);
      }),
      { seed: 42, numRuns: 60 },
    );
  });

  it.each([1e2, 1e5, 1e8])(
    'on ill-conditioned matrices with κ = %d, small σ to relative accuracy',
    (kappa) => {
      for (const [n, d] of [
        [40, 20],
        [15, 35],
        [30, 30],
      ]) {
        const X = illConditioned(n, d, kappa, 11);
        expectLapackQuality(X);
        const { s } = svd(X, { solver: 'exact' });
        const m = Math.min(n, d);
        expect(Math.abs(s[m - 1] * kappa - 1)).toBeLessThan(1e-8); // 9.7e-10 achieved
      }
    },
  );
});

describe('svd regression cases', () => {
  it('the zero matrix has zero singular values and orthonormal U and V', () => {
    expectLapackQuality([
      [0, 0, 0],
      [0, 0, 0],
    ]);
    expectLapackQuality(Array.from({ length: 5 }, () => [0, 0]));
    const { s, U, Vt } = svd([
      [0, 0],
      [0, 0],
      [0, 0],
    ]);
    expect(Array.from(s)).toEqual([0, 0]);
    expect(U.rows).toBe(3);
    expect(Vt.to2DArray()).toEqual([
      [1, 0],
      [0, 1],
    ]);
  });

  it.each([
    [3, 3],
    [2, 5],
    [5, 2],
  ])('identity-like %d×%d has unit singular values', (n, d) => {
    const X = Array.from({ length: n }, (_, i) =>
      Array.from({ length: d }, (_, j) => (i === j ? 1 : 0)),
    );
    expectLapackQuality(X);
    expect(Array.from(svd(X).s)).toEqual(new Array(Math.min(n, d)).fill(1));
  });

  it('a zero column gives a zero singular value whose right vector is that column', () => {
    const X = [
      [1, 0, 2],
      [3, 0, 4],
      [5, 0, 7],
    ];
    expectLapackQuality(X);
    const { s, Vt } = svd(X);
    expect(s[2]).toBe(0);
    expect(Vt.getRow(2)).toEqual([0, 1, 0]);
  });

  it('entries near 1e-16 keep full relative accuracy', () => {
    const X = randomMatrix(6, 4, 3).map((r) => r.map((v) => v * 1e-16));
    expectLapackQuality(X);
    const big = svd(randomMatrix(6, 4, 3)).s;
    const tiny = svd(X).s;
    for (let i = 0; i < 4; i++) expect(tiny[i] / 1e-16 / big[i] - 1).toBeLessThan(1e-13);
  });

  it('entries near 1e±150 neither overflow nor underflow', () => {
    for (const scale of [1e150, 1e-150]) {
      const X = randomMatrix(5, 3, 4).map((r) => r.map((v) => v * scale));
      const { s, U, Vt } = svd(X);
      expect(reconstructionError(X, U, s, Vt)).toBeLessThan(RTOL);
      expect(Number.isFinite(s[0]) && s[0] > 0).toBe(true);
    }
  });

  it('repeated singular values: the subspace of σ = 2 is the one built in', () => {
    // X = Q·diag(3, 2, 2, 2)·Pᵀ with Q (8×4) and P (4×4) orthonormal, built here: the right
    // singular space of σ = 2 is spanned by P's last three columns, whatever basis svd picks.
    const Q = orthonormalColumns(randomMatrix(8, 4, 5));
    const P = orthonormalColumns(randomMatrix(4, 4, 6));
    const X = multiply(
      Q.map((row) => row.map((v, k) => v * (k === 0 ? 3 : 2))),
      transpose(P),
    );
    expectLapackQuality(X);
    const { s, Vt } = svd(X);
    for (const [i, v] of [3, 2, 2, 2].entries()) expect(Math.abs(s[i] - v)).toBeLessThan(1e-14);
    const expectedSpace = transpose(P).slice(1); // rows: P's columns 1..3
    const angles = principalAngles(Vt.subMatrix(1, 3, 0, 3), expectedSpace);
    expect(angles.length).toBe(3);
    for (const a of angles) expect(a).toBeLessThan(1e-14);
    // And the top direction is P's first column, up to sign.
    const top = Vt.getRow(0).reduce((acc, v, j) => acc + v * P[j][0], 0);
    expect(Math.abs(Math.abs(top) - 1)).toBeLessThan(1e-15);
  });

  it('the rank-deficient [[1, 2], [2, 4]] has s = [5, 0] and v₁ = (1, 2)/√5', () => {
    const { U, s, Vt } = svd([
      [1, 2],
      [2, 4],
    ]);
    expect(s[0]).toBeCloseTo(5, 14);
    expect(s[1]).toBeLessThan(1e-15);
    expect(Vt.get(0, 0)).toBeCloseTo(1 / Math.sqrt(5), 15);
    expect(Vt.get(0, 1)).toBeCloseTo(2 / Math.sqrt(5), 15);
    expect(orthonormalityError(U, true)).toBeLessThan(ORTHO);
  });

  it('signs are deterministic: each right vector’s largest-magnitude entry is positive', () => {
    const X = randomMatrix(9, 5, 8);
    const { U, s, Vt } = svd(X);
    for (let i = 0; i < Vt.rows; i++) {
      const row = Vt.getRow(i);
      const big = row.reduce((b, v) => (Math.abs(v) > Math.abs(b) ? v : b), 0);
      expect(big).toBeGreaterThan(0);
    }
    const flipped = svd(X.map((r) => r.map((v) => -v)));
    expect(flipped.Vt.to2DArray()).toEqual(Vt.to2DArray());
    expect(reconstructionError(X, U, s, Vt)).toBeLessThan(RTOL);
  });

  it('does not centre and does not change its input', () => {
    const X = [
      [1, 2],
      [3, 4],
      [5, 7],
    ];
    const copy = X.map((r) => r.slice());
    const { s } = svd(X);
    expect(X).toEqual(copy);
    // Frobenius norm² = Σ s²: 1 + 4 + 9 + 16 + 25 + 49 = 104 (centred data would give less).
    expect(s[0] ** 2 + s[1] ** 2).toBeCloseTo(104, 11);
  });

  it('rank truncates: U n×r, s length r, Vt r×d, equal to the leading triplets', () => {
    const X = randomMatrix(10, 6, 9);
    const full = svd(X);
    const top = svd(X, { rank: 2 });
    expect([top.U.rows, top.U.columns, top.s.length, top.Vt.rows, top.Vt.columns]).toEqual([
      10, 2, 2, 2, 6,
    ]);
    for (let i = 0; i < 2; i++) {
      expect(top.s[i]).toBe(full.s[i]);
      expect(top.Vt.getRow(i)).toEqual(full.Vt.getRow(i));
    }
  });
});

describe('svd (randomized) on slowly decaying spectra', () => {
  // Singular values 1 down to 1e-3 geometrically: no sketch of this size is exact, and every
  // bound below fails at 0 power iterations (checked in each test).
  const tall = illConditioned(300, 120, 1000, 3);
  const wide = illConditioned(60, 400, 1000, 21);
  const maxRel = (a: Float64Array, b: Float64Array) =>
    Math.max(...Array.from(a).map((v, i) => Math.abs(v / b[i] - 1)));

  it('the same seed gives identical output', () => {
    const a = svd(tall, { rank: 5, solver: 'randomized', seed: 7 });
    const b = svd(tall, { rank: 5, solver: 'randomized', seed: 7 });
    expect(Array.from(a.s)).toEqual(Array.from(b.s));
    expect(a.U.to2DArray()).toEqual(b.U.to2DArray());
    expect(a.Vt.to2DArray()).toEqual(b.Vt.to2DArray());
  });

  it('rank 4 of a 60×400 matrix: s within 5e-13, vectors within 1e-7 rad, orthonormal U and V', () => {
    // Achieved: 5.3e-15 and 1.1e-9 rad (7 power iterations); at 0: 0.055 and 0.22 rad.
    const exact = svd(wide, { rank: 4, solver: 'exact' });
    const approx = svd(wide, { rank: 4, solver: 'randomized', seed: 3 });
    const crude = svd(wide, { rank: 4, solver: 'randomized', seed: 3, powerIterations: 0 });
    expect(maxRel(approx.s, exact.s)).toBeLessThan(5e-13);
    expect(Math.max(...principalAngles(exact.Vt, approx.Vt))).toBeLessThan(1e-7);
    expect(maxRel(crude.s, exact.s)).toBeGreaterThan(5e-13);
    expect(Math.max(...principalAngles(exact.Vt, crude.Vt))).toBeGreaterThan(1e-7);
    expect([approx.U.rows, approx.Vt.columns]).toEqual([60, 400]);
    expect(orthonormalityError(approx.U, true)).toBeLessThan(ORTHO);
    expect(orthonormalityError(approx.Vt, false)).toBeLessThan(ORTHO);
  });

  it('different seeds agree to 1e-7 at the defaults (1.9e-9 achieved; 0.12 at 0 iterations)', () => {
    const bySeed = (seed: number, powerIterations?: number) =>
      svd(tall, {
        rank: 3,
        solver: 'randomized',
        seed,
        ...(powerIterations === undefined ? {} : { powerIterations }),
      }).s;
    expect(maxRel(bySeed(1), bySeed(2))).toBeLessThan(1e-7);
    expect(maxRel(bySeed(1, 0), bySeed(2, 0))).toBeGreaterThan(1e-7);
  });
});

describe('svd inputs', () => {
  it('accepts an ml-matrix Matrix, Float64Array rows and Float32Array rows alike', () => {
    const rows = randomMatrix(7, 3, 30).map((r) => r.map((v) => Math.fround(v)));
    const a = svd(rows).s;
    const b = svd(new Matrix(rows)).s;
    const c = svd(rows.map((r) => Float64Array.from(r))).s;
    const d = svd(rows.map((r) => Float32Array.from(r))).s;
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(Array.from(c)).toEqual(Array.from(a));
    expect(Array.from(d)).toEqual(Array.from(a));
  });
});

describe('svd option checks', () => {
  it.each([0, -1, 2.5, 4, Number.NaN])('rank %s is refused with ConfigurationError', (rank) => {
    const e = catchError(() =>
      svd(
        [
          [1, 2, 3],
          [4, 5, 6],
          [7, 8, 10],
        ],
        { rank },
      ),
    );
    expect(ConfigurationError.is(e)).toBe(true);
    expect((e as Error).message).toContain('rank must be an integer from 1 to 3');
  });

  it('an unknown solver, negative oversamples or a non-finite seed is refused', () => {
    const X = [
      [1, 2],
      [3, 4],
    ];
    for (const options of [
      { solver: 'lapack' as 'exact' },
      { oversamples: -1 },
      { powerIterations: 1.5 },
      { seed: Number.POSITIVE_INFINITY },
    ]) {
      expect(ConfigurationError.is(catchError(() => svd(X, options)))).toBe(true);
    }
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

function transpose(A: number[][]): number[][] {
  return A[0].map((_, j) => A.map((r) => r[j]));
}

/** Orthonormal columns of A by modified Gram–Schmidt, twice (an independent construction). */
function orthonormalColumns(A: number[][]): number[][] {
  const Q = A.map((r) => r.slice());
  const m = Q[0].length;
  for (let pass = 0; pass < 2; pass++) {
    for (let k = 0; k < m; k++) {
      for (let j = 0; j < k; j++) {
        const h = Q.reduce((acc, r) => acc + r[j] * r[k], 0);
        for (const r of Q) r[k] -= h * r[j];
      }
      const norm = Math.sqrt(Q.reduce((acc, r) => acc + r[k] ** 2, 0));
      for (const r of Q) r[k] /= norm;
    }
  }
  return Q;
}

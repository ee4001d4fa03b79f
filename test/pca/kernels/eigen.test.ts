import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConvergenceError } from '../../../src/errors/index.js';
import { symmetricEigen } from '../../../src/pca/kernels/symmetric-eigen.js';
import { eigenQuality } from './eigen-measure.js';

const EPS = 2 ** -52;

/** A symmetric n×n (full storage) from n² numbers: (B + Bᵀ)/2. */
function symmetrize(entries: number[], n: number): Float64Array {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) a[i * n + j] = (entries[i * n + j] + entries[j * n + i]) / 2;
  }
  return a;
}

const symmetricArb = (maxN: number) =>
  fc
    .integer({ min: 1, max: maxN })
    .chain((n) =>
      fc
        .array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: n * n, maxLength: n * n })
        .map((entries) => ({ n, a: symmetrize(entries, n) })),
    );

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('symmetricEigen (tridiagonalisation, divide and conquer, blocked back-transform)', () => {
  // Measured at most 0.62 (residual) and 0.75 (orthogonality) n·eps units over these runs, and
  // 1.3 for the count property below; the bounds are 20, as in eigen-lapack.test.ts.
  it('A·v = λ·v and VᵀV = I to 20·n·eps on random symmetric matrices up to 60×60 (property)', () => {
    fc.assert(
      fc.property(symmetricArb(60), ({ n, a }) => {
        const result = symmetricEigen(a, n);
        const q = eigenQuality(a, n, result);
        expect(q.residual).toBeLessThan(20);
        expect(q.orthogonality).toBeLessThan(20);
        for (let i = 1; i < n; i++)
          expect(result.values[i]).toBeLessThanOrEqual(result.values[i - 1]);
      }),
      { seed: 42, numRuns: 40 },
    );
  });

  it('count < n returns exactly the leading eigenpairs of the full solve (property)', () => {
    fc.assert(
      fc.property(
        symmetricArb(60).chain(({ n, a }) =>
          fc.integer({ min: 1, max: n }).map((count) => ({ n, a, count })),
        ),
        ({ n, a, count }) => {
          const full = symmetricEigen(a, n);
          const top = symmetricEigen(a, n, { count });
          expect(top.values.length).toBe(count);
          expect(top.vectors.length).toBe(count * n);
          const scale = Math.max(Math.abs(full.values[0]), Math.abs(full.values[n - 1])) || 1;
          for (let i = 0; i < count; i++) {
            expect(Math.abs(top.values[i] - full.values[i])).toBeLessThan(20 * n * EPS * scale);
          }
          const q = eigenQuality(a, n, top, full.values.subarray(0, count));
          expect(q.residual).toBeLessThan(20);
          expect(q.orthogonality).toBeLessThan(20);
        },
      ),
      { seed: 7, numRuns: 40 },
    );
  });

  it('count on a repeated eigenvalue gives orthonormal vectors of its eigenspace', () => {
    const n = 64;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) a[i * n + i] = i < 40 ? 2 : 1;
    const result = symmetricEigen(a, n, { count: 10 });
    expect(Array.from(result.values)).toEqual(new Array(10).fill(2));
    const q = eigenQuality(a, n, result);
    expect(q.residual).toBeLessThan(20);
    expect(q.orthogonality).toBeLessThan(20);
  });

  it.each([1e-300, 1e300])(
    'scales: the eigenvalues of %d·A are that multiple of those of A',
    (s) => {
      const n = 40;
      const a = symmetrize(
        Array.from({ length: n * n }, (_, i) => Math.sin(i * 1.7)),
        n,
      );
      const base = symmetricEigen(a, n);
      const scaled = symmetricEigen(
        a.map((v) => v * s),
        n,
      );
      const q = eigenQuality(
        a,
        n,
        { values: scaled.values.map((v) => v / s), vectors: scaled.vectors },
        base.values,
      );
      expect(q.values).toBeLessThan(20);
      expect(q.orthogonality).toBeLessThan(20);
    },
  );

  it('reads only the upper triangle (n = 60, past the QL leaf size) and leaves its input unchanged', () => {
    const n = 60;
    const a = symmetrize(
      Array.from({ length: n * n }, (_, i) => Math.cos(i * 0.37)),
      n,
    );
    const garbage = a.slice();
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) garbage[i * n + j] = Number.NaN;
    const copy = garbage.slice();
    const result = symmetricEigen(garbage, n);
    expect(garbage).toEqual(copy);
    const q = eigenQuality(a, n, result, symmetricEigen(a, n).values);
    expect(q.values).toBeLessThan(1);
    expect(q.residual).toBeLessThan(20);
  });

  it.each([undefined, 5])(
    'an iteration cap that is too small raises ConvergenceError (n = 100, count %s)',
    (count) => {
      const n = 100;
      const a = symmetrize(
        Array.from({ length: n * n }, (_, i) => Math.sin(i)),
        n,
      );
      const e = catchError(() =>
        symmetricEigen(
          a,
          n,
          count === undefined ? { maxIterations: 0 } : { maxIterations: 0, count },
        ),
      );
      expect(ConvergenceError.is(e)).toBe(true);
      expect((e as Error).message).toContain('did not converge');
    },
  );
});

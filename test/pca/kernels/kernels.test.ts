import { describe, expect, it } from 'vitest';
import { ConvergenceError } from '../../../src/errors/index.js';
import { columnStats } from '../../../src/pca/column-stats.js';
import {
  materialize,
  multiplyRight,
  multiplyTransposed,
  sparsePattern,
} from '../../../src/pca/kernels/affine-products.js';
import { gramMatrix } from '../../../src/pca/kernels/gram.js';
import { formThinQ, householderQr } from '../../../src/pca/kernels/householder-qr.js';
import { oneSidedJacobi } from '../../../src/pca/kernels/one-sided-jacobi.js';
import {
  completeOrthonormalRows,
  orthonormalizeColumnsFast,
} from '../../../src/pca/kernels/orthonormalize.js';
import { SeededRandom } from '../../../src/pca/kernels/prng.js';
import { symmetricEigen } from '../../../src/pca/kernels/symmetric-eigen.js';
import { exactSvd } from '../../../src/pca/solvers/exact.js';
import { illConditioned, randomMatrix } from '../helpers/linalg.js';

const flat = (rows: number[][]): Float64Array => Float64Array.from(rows.flat());

function symmetric(n: number, seed: number): Float64Array {
  const r = randomMatrix(n, n, seed);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = r[i][j] + r[j][i];
  return a;
}

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('symmetricEigen (tridiagonalization, divide and conquer, back-transform)', () => {
  it('finds the eigenvalues of a known matrix, descending', () => {
    const { values } = symmetricEigen(
      flat([
        [2, 1, 0],
        [1, 2, 1],
        [0, 1, 2],
      ]),
      3,
    );
    expect(values[0]).toBeCloseTo(2 + Math.SQRT2, 14);
    expect(values[1]).toBeCloseTo(2, 14);
    expect(values[2]).toBeCloseTo(2 - Math.SQRT2, 14);
  });

  it('A·v = λ·v and the vectors are orthonormal to 1e-13 (n = 60)', () => {
    const n = 60;
    const a = symmetric(n, 3);
    const { values, vectors } = symmetricEigen(a, n);
    let worstResidual = 0;
    let worstOrtho = 0;
    for (let k = 0; k < n; k++) {
      for (let i = 0; i < n; i++) {
        let av = 0;
        for (let j = 0; j < n; j++) av += a[i * n + j] * vectors[k * n + j];
        worstResidual = Math.max(worstResidual, Math.abs(av - values[k] * vectors[k * n + i]));
      }
      for (let l = k; l < n; l++) {
        let dot = 0;
        for (let j = 0; j < n; j++) dot += vectors[k * n + j] * vectors[l * n + j];
        worstOrtho = Math.max(worstOrtho, Math.abs(dot - (k === l ? 1 : 0)));
      }
    }
    expect(worstResidual).toBeLessThan(1e-12 * Math.abs(values[0]));
    expect(worstOrtho).toBeLessThan(1e-13);
  });

  it('reads only the upper triangle and leaves its input unchanged', () => {
    const a = flat([
      [4, 1],
      [999, 3],
    ]);
    const { values } = symmetricEigen(a, 2);
    expect(values[0] + values[1]).toBeCloseTo(7, 13);
    expect(values[0] * values[1]).toBeCloseTo(11, 12);
    expect(Array.from(a)).toEqual([4, 1, 999, 3]);
  });

  it('handles 1×1, zero and diagonal matrices', () => {
    expect(Array.from(symmetricEigen(Float64Array.of(-3), 1).values)).toEqual([-3]);
    expect(Array.from(symmetricEigen(new Float64Array(9), 3).values)).toEqual([0, 0, 0]);
    expect(
      Array.from(
        symmetricEigen(
          flat([
            [1, 0, 0],
            [0, 5, 0],
            [0, 0, 3],
          ]),
          3,
        ).values,
      ),
    ).toEqual([5, 3, 1]);
  });

  it('an iteration cap that is too small raises ConvergenceError instead of hanging', () => {
    const e = catchError(() => symmetricEigen(symmetric(20, 4), 20, { maxIterations: 0 }));
    expect(ConvergenceError.is(e)).toBe(true);
    expect((e as Error).message).toContain('did not converge');
  });
});

describe('oneSidedJacobi', () => {
  it('orthogonalises the columns and accumulates the rotations', () => {
    // Columns are stored as rows. Starting from V = I, V must end as the product of the
    // rotations: every output column is the input columns combined by V's row, W_out = V·W_in.
    const input = flat(randomMatrix(6, 6, 5));
    const w = input.slice();
    const v = new Float64Array(36);
    for (let i = 0; i < 6; i++) v[i * 7] = 1;
    const sweeps = oneSidedJacobi(w, 6, 6, v, 6);
    expect(sweeps).toBeGreaterThan(0);
    let worstDot = 0;
    let worstProduct = 0;
    let worstOrtho = 0;
    for (let p = 0; p < 6; p++) {
      for (let q = p + 1; q < 6; q++) {
        let dot = 0;
        for (let k = 0; k < 6; k++) dot += w[p * 6 + k] * w[q * 6 + k];
        worstDot = Math.max(worstDot, Math.abs(dot));
      }
      for (let r = 0; r < 6; r++) {
        let acc = 0;
        for (let k = 0; k < 6; k++) acc += v[p * 6 + k] * input[k * 6 + r];
        worstProduct = Math.max(worstProduct, Math.abs(acc - w[p * 6 + r]));
      }
      for (let q = p; q < 6; q++) {
        let dot = 0;
        for (let k = 0; k < 6; k++) dot += v[p * 6 + k] * v[q * 6 + k];
        worstOrtho = Math.max(worstOrtho, Math.abs(dot - (p === q ? 1 : 0)));
      }
    }
    expect(worstDot).toBeLessThan(1e-13);
    expect(worstProduct).toBeLessThan(1e-13);
    expect(worstOrtho).toBeLessThan(1e-14);
  });

  it('a sweep cap of 0 or 1 on a matrix that needs more raises ConvergenceError', () => {
    for (const maxSweeps of [0, 1]) {
      const w = flat(randomMatrix(12, 12, 6));
      const v = new Float64Array(144);
      const e = catchError(() => oneSidedJacobi(w, 12, 12, v, 12, { maxSweeps }));
      expect(ConvergenceError.is(e)).toBe(true);
      expect((e as Error).message).toContain(`${maxSweeps} sweeps`);
    }
  });

  it('exactSvd passes its caps through: maxSweeps 0 fails, the default succeeds', () => {
    // κ = 1e8: the Gram preconditioner is only accurate to eps·κ², so Jacobi has work left.
    const x = { data: flat(illConditioned(15, 8, 1e8, 7)), rows: 15, columns: 8 };
    expect(ConvergenceError.is(catchError(() => exactSvd(x, { maxSweeps: 0 })))).toBe(true);
    expect(ConvergenceError.is(catchError(() => exactSvd(x, { maxEigenIterations: 0 })))).toBe(
      true,
    );
    expect(exactSvd(x).s.length).toBe(8);
  });
});

describe('householderQr', () => {
  it('Q·R = A with orthonormal Q (column-major, tall)', () => {
    const N = 9;
    const m = 4;
    const rows = randomMatrix(N, m, 8);
    const c = new Float64Array(N * m);
    for (let i = 0; i < N; i++) for (let j = 0; j < m; j++) c[j * N + i] = rows[i][j];
    const tau = householderQr(c, N, m);
    const q = formThinQ(c, tau, N, m);
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < m; j++) {
        let acc = 0;
        for (let k = 0; k <= j; k++) acc += q[k * N + i] * c[j * N + k];
        expect(acc).toBeCloseTo(rows[i][j], 14);
      }
    }
    for (let p = 0; p < m; p++) {
      for (let r = p; r < m; r++) {
        let dot = 0;
        for (let i = 0; i < N; i++) dot += q[p * N + i] * q[r * N + i];
        expect(Math.abs(dot - (p === r ? 1 : 0))).toBeLessThan(1e-15);
      }
    }
  });
});

describe('completeOrthonormalRows', () => {
  it('fills missing rows with unit vectors orthogonal to the rest, leaving the given row untouched', () => {
    const rows = new Float64Array(16);
    rows.set([Math.SQRT1_2, Math.SQRT1_2, 0, 0], 0);
    completeOrthonormalRows(rows, 4, 4, [false, true, true, true]);
    expect(Array.from(rows.subarray(0, 4))).toEqual([Math.SQRT1_2, Math.SQRT1_2, 0, 0]);
    for (let p = 0; p < 4; p++) {
      for (let q = p; q < 4; q++) {
        let dot = 0;
        for (let k = 0; k < 4; k++) dot += rows[p * 4 + k] * rows[q * 4 + k];
        expect(Math.abs(dot - (p === q ? 1 : 0))).toBeLessThan(1e-15);
      }
    }
  });
});

describe('orthonormalizeColumnsFast (CholeskyQR2 with a Householder fallback)', () => {
  function columnOrthoError(q: Float64Array, n: number, l: number): number {
    let worst = 0;
    for (let p = 0; p < l; p++) {
      for (let r = p; r < l; r++) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += q[i * l + p] * q[i * l + r];
        worst = Math.max(worst, Math.abs(dot - (p === r ? 1 : 0)));
      }
    }
    return worst;
  }

  /** max |Y − Q·QᵀY| / max |Y|: zero exactly when Q's columns span Y's. */
  function spanError(q: Float64Array, y: Float64Array, n: number, l: number): number {
    const qty = new Float64Array(l * l);
    for (let p = 0; p < l; p++)
      for (let t = 0; t < l; t++)
        for (let i = 0; i < n; i++) qty[p * l + t] += q[i * l + p] * y[i * l + t];
    let worst = 0;
    let big = 0;
    for (let i = 0; i < n; i++) {
      for (let t = 0; t < l; t++) {
        let acc = 0;
        for (let p = 0; p < l; p++) acc += q[i * l + p] * qty[p * l + t];
        worst = Math.max(worst, Math.abs(y[i * l + t] - acc));
        big = Math.max(big, Math.abs(y[i * l + t]));
      }
    }
    return worst / big;
  }

  it('gives orthonormal columns spanning Y for well-conditioned Y', () => {
    const y = flat(illConditioned(200, 8, 1e3, 12));
    const q = orthonormalizeColumnsFast(y, 200, 8);
    expect(columnOrthoError(q, 200, 8)).toBeLessThan(1e-14);
    expect(spanError(q, y, 200, 8)).toBeLessThan(1e-13);
  });

  it('falls back to Householder QR for rank-deficient Y (still orthonormal, still spanning Y)', () => {
    const rows = randomMatrix(50, 4, 13).map((r) => [...r, r[0] + r[1], 0]);
    const y = flat(rows);
    const q = orthonormalizeColumnsFast(y, 50, 6);
    expect(columnOrthoError(q, 50, 6)).toBeLessThan(1e-14);
    expect(spanError(q, y, 50, 6)).toBeLessThan(1e-13);
  });
});

describe('affine products and the Gram matrix equal their dense versions', () => {
  const rows = randomMatrix(7, 5, 9).map((r) => r.map((v) => (v > 0.3 ? 0 : v)));
  const x = { data: flat(rows), rows: 7, columns: 5 };
  const mean = Float64Array.of(0.1, -0.2, 0.3, 0, 0.5);
  const scale = Float64Array.of(1, 2, 0.5, 4, 1);
  const dense = materialize({ x, mean, scale });

  it('X̃·B and X̃ᵀ·Y skip zeros yet equal the dense products', () => {
    const b = flat(randomMatrix(5, 3, 10));
    const y = multiplyRight({ x, mean, scale }, b, 3);
    const yt = flat(randomMatrix(7, 3, 11));
    const z = multiplyTransposed({ x, mean, scale }, yt, 3);
    for (let i = 0; i < 7; i++) {
      for (let t = 0; t < 3; t++) {
        let acc = 0;
        for (let j = 0; j < 5; j++) acc += dense.data[i * 5 + j] * b[j * 3 + t];
        expect(y[i * 3 + t]).toBeCloseTo(acc, 13);
      }
    }
    for (let j = 0; j < 5; j++) {
      for (let t = 0; t < 3; t++) {
        let acc = 0;
        for (let i = 0; i < 7; i++) acc += dense.data[i * 5 + j] * yt[i * 3 + t];
        expect(z[j * 3 + t]).toBeCloseTo(acc, 13);
      }
    }
  });

  it('gramMatrix equals X̃ᵀX̃ on both of its paths (sparse minus rank one, and dense centred)', () => {
    const check = (g: Float64Array, m: { data: Float64Array }): void => {
      for (let p = 0; p < 5; p++) {
        for (let q = 0; q < 5; q++) {
          let acc = 0;
          for (let i = 0; i < 7; i++) acc += m.data[i * 5 + p] * m.data[i * 5 + q];
          expect(g[p * 5 + q]).toBeCloseTo(acc, 12);
        }
      }
    };
    check(gramMatrix({ x, scale }), materialize({ x, scale }));
    check(gramMatrix({ x, mean, scale }), dense); // no variances given: dense centred path
    const trueMean = new Float64Array(5);
    for (let j = 0; j < 5; j++) for (let i = 0; i < 7; i++) trueMean[j] += rows[i][j] / 7;
    const ss = new Float64Array(5);
    for (let j = 0; j < 5; j++)
      for (let i = 0; i < 7; i++) ss[j] += (rows[i][j] - trueMean[j]) ** 2;
    check(gramMatrix({ x, mean: trueMean }, ss), materialize({ x, mean: trueMean }));
  });
});

describe('columnStats', () => {
  it('gives the same means and sums of squares from the non-zero pattern as densely', () => {
    // Columns: sparse varying, all zero, one repeated non-zero value, sparse varying, 4 zeros.
    const rows = randomMatrix(40, 4, 15).map((r) => [
      r[0] > 0.4 ? r[0] : 0,
      0,
      2.5,
      r[3] > 0.5 ? r[3] : 0,
      0,
      0,
      0,
      0,
    ]);
    rows[3][0] = 0.9;
    const x = { data: flat(rows), rows: 40, columns: 8 };
    const pattern = sparsePattern(x);
    expect(pattern).not.toBeNull();
    const sparse = columnStats(x, pattern ?? undefined);
    const dense = columnStats(x);
    for (let j = 0; j < 8; j++) {
      expect(sparse.mean[j]).toBeCloseTo(dense.mean[j], 14);
      expect(sparse.sumSquares[j]).toBeCloseTo(dense.sumSquares[j], 12);
    }
    expect(sparse.sumSquares[0]).toBeGreaterThan(0);
    expect([sparse.mean[1], sparse.sumSquares[1], sparse.mean[2], sparse.sumSquares[2]]).toEqual([
      0, 0, 2.5, 0,
    ]);
    expect([dense.mean[2], dense.sumSquares[2]]).toEqual([2.5, 0]);
  });

  it('sparsePattern declines data that is mostly non-zero', () => {
    expect(sparsePattern({ data: Float64Array.of(1, 2, 0, 4), rows: 2, columns: 2 })).toBeNull();
  });
});

describe('SeededRandom', () => {
  it('the same seed gives the same stream; another seed another one', () => {
    const a = new SeededRandom(42).fillGaussian(new Float64Array(100));
    const b = new SeededRandom(42).fillGaussian(new Float64Array(100));
    const c = new SeededRandom(43).fillGaussian(new Float64Array(100));
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });

  it('draws standard normals (mean ≈ 0, variance ≈ 1 over 100,000 draws)', () => {
    const g = new SeededRandom(1).fillGaussian(new Float64Array(100_000));
    const mean = g.reduce((s, v) => s + v, 0) / g.length;
    const variance = g.reduce((s, v) => s + (v - mean) ** 2, 0) / g.length;
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.abs(variance - 1)).toBeLessThan(0.02);
    expect(g.every(Number.isFinite)).toBe(true);
  });
});

import { mse, principalAngles, projectData, recoverData, standardize, svd } from 'autoencoders/pca';
import { describe, expect, it } from 'vitest';
import { randomMatrix } from './helpers/linalg.js';

describe('standardize', () => {
  it('ddof 0 (default) divides by n, as np.std', () => {
    const { data, mean, std } = standardize([
      [1, 10],
      [3, 30],
    ]);
    expect(Array.from(mean)).toEqual([2, 20]);
    expect(Array.from(std)).toEqual([1, 10]);
    expect(data.to2DArray()).toEqual([
      [-1, -1],
      [1, 1],
    ]);
  });

  it('ddof 1 divides by n − 1', () => {
    const { std } = standardize([[1], [3]], { ddof: 1 });
    expect(std[0]).toBeCloseTo(Math.SQRT2, 15);
  });

  it('the columns of the result have mean 0 and standard deviation 1', () => {
    const { data } = standardize(randomMatrix(40, 3, 1));
    for (let j = 0; j < 3; j++) {
      const col = data.getColumn(j);
      const m = col.reduce((a, v) => a + v, 0) / col.length;
      const v = col.reduce((a, x) => a + (x - m) ** 2, 0) / col.length;
      expect(Math.abs(m)).toBeLessThan(1e-15);
      expect(v).toBeCloseTo(1, 14);
    }
  });

  it('refuses ddof 1 with a single row, and an invalid ddof', () => {
    expect(() => standardize([[1, 2]], { ddof: 1 })).toThrowError(/at least 2 rows/);
    expect(() => standardize([[1, 2]], { ddof: 2 as 1 })).toThrowError(/ddof must be 0 or 1/);
  });
});

describe('projectData, recoverData and mse (the notebook functions)', () => {
  const X = randomMatrix(20, 4, 2);
  const { Vt } = svd(X);

  it('projectData(Vt, X, k) = X·Vt[0:k]ᵀ', () => {
    const Z = projectData(Vt, X, 2);
    expect([Z.rows, Z.columns]).toEqual([20, 2]);
    const expected = X[3].reduce((a, v, j) => a + v * Vt.get(1, j), 0);
    expect(Z.get(3, 1)).toBeCloseTo(expected, 14);
  });

  it('recovering from all components gives X back, and the mse is 0', () => {
    const back = recoverData(Vt, projectData(Vt, X, 4));
    expect(mse(X, back)).toBeLessThan(1e-28);
  });

  it('the mse of a k-component reconstruction is the sum of the discarded s² over n', () => {
    const { s } = svd(X);
    const back = recoverData(Vt, projectData(Vt, X, 2));
    expect(mse(X, back)).toBeCloseTo((s[2] ** 2 + s[3] ** 2) / 20, 13);
  });

  it('mse is the mean over rows of each row’s summed squared error', () => {
    expect(
      mse(
        [
          [1, 2],
          [3, 4],
        ],
        [
          [1, 1],
          [3, 2],
        ],
      ),
    ).toBe(2.5);
  });
});

describe('principalAngles', () => {
  it('returns min(rank A, rank B) angles ascending, in radians', () => {
    const a = principalAngles(
      [
        [1, 0, 0],
        [0, 1, 0],
      ],
      [
        [0, 1, 0],
        [0, 0, 1],
      ],
    );
    expect(a.length).toBe(2);
    expect(a[0]).toBeCloseTo(0, 15);
    expect(a[1]).toBeCloseTo(Math.PI / 2, 15);
  });

  it('ignores the row order and scaling, and rank-deficient rows', () => {
    const a = principalAngles(
      [
        [2, 0, 0],
        [0, 3, 0],
        [2, 3, 0],
      ],
      [
        [0, 0, 1],
        [1, 1, 0],
      ],
    );
    expect(a.length).toBe(2);
    expect(a[0]).toBeCloseTo(0, 15);
    expect(a[1]).toBeCloseTo(Math.PI / 2, 15);
  });

  it('resolves angles of 1e-8 rad (where acos alone cannot)', () => {
    for (const theta of [1e-8, 1e-12, 0.3, 1.2]) {
      const a = principalAngles([[1, 0, 0]], [[Math.cos(theta), Math.sin(theta), 0]]);
      expect(Math.abs(a[0] - theta)).toBeLessThan(1e-15 + theta * 1e-10);
    }
  });

  it('compares subspaces of different dimensions: one angle for a line against a plane', () => {
    const a = principalAngles(
      [[1, 1, 0]],
      [
        [1, 0, 0],
        [0, 1, 0],
        [2, 2, 0],
      ],
    );
    expect(a.length).toBe(1);
    expect(a[0]).toBeLessThan(1e-15);
    const b = principalAngles(
      [
        [1, 0, 0],
        [0, 1, 0],
      ],
      [[0, 0, 1]],
    );
    expect(Array.from(b)).toEqual([Math.PI / 2]);
  });

  it('is empty when either matrix is zero', () => {
    expect(principalAngles([[0, 0]], [[1, 0]]).length).toBe(0);
  });
});

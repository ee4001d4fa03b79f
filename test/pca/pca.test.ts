import {
  ConfigurationError,
  PCA,
  type PcaOptions,
  type PcaSolver,
  principalAngles,
  svd,
} from 'autoencoders/pca';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { illConditioned, multiply, randomMatrix } from './helpers/linalg.js';

function centred(X: number[][]): number[][] {
  const d = X[0].length;
  const mean = Array.from({ length: d }, (_, j) => X.reduce((a, r) => a + r[j], 0) / X.length);
  return X.map((r) => r.map((v, j) => v - mean[j]));
}

function maxRelDiff(a: number[][], b: number[][]): number {
  let scale = 0;
  let diff = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < a[0].length; j++) {
      scale = Math.max(scale, Math.abs(a[i][j]));
      diff = Math.max(diff, Math.abs(a[i][j] - b[i][j]));
    }
  }
  return diff / (scale || 1);
}

const SOLVERS: PcaSolver[] = ['exact', 'covariance', 'randomized'];

describe('PCA invariants', () => {
  it('inverseTransform(transform(X)) ≈ X with all components (rtol 1e-13; 2e-15 achieved), for every solver and option', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 25 }),
        fc.integer({ min: 1, max: 8 }),
        fc.constantFrom(...SOLVERS),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.integer(),
        (n, d, solver, center, scale, whiten, seed) => {
          const X = randomMatrix(n, d, seed).map((r) => r.map((v, j) => 10 * v + j));
          // Centred data have rank ≤ n − 1: whitening a zero-variance component is refused.
          const nComponents = whiten ? Math.min(center ? n - 1 : n, d) : undefined;
          const pca = new PCA({
            solver,
            center,
            scale,
            whiten,
            ...(nComponents ? { nComponents } : {}),
          }).fit(X);
          const back = pca.inverseTransform(pca.transform(X)).to2DArray();
          expect(maxRelDiff(X, back)).toBeLessThan(1e-13);
        },
      ),
      { seed: 42, numRuns: 120 },
    );
  });

  it('whitened training scores have unit variance (ddof 1) and zero mean', () => {
    const X = randomMatrix(60, 5, 1).map((r) => r.map((v, j) => v * (j + 1) + 3));
    const Z = new PCA({ whiten: true }).fitTransform(X).to2DArray();
    for (let c = 0; c < 5; c++) {
      const col = Z.map((r) => r[c]);
      const mean = col.reduce((a, v) => a + v, 0) / col.length;
      const variance = col.reduce((a, v) => a + (v - mean) ** 2, 0) / (col.length - 1);
      // Achieved: 1.5e-15 for both.
      expect(Math.abs(mean)).toBeLessThan(1e-13);
      expect(Math.abs(variance - 1)).toBeLessThan(1e-13);
    }
  });

  it('transform of the whole set equals the transform row by row', () => {
    const X = randomMatrix(30, 6, 2);
    const pca = new PCA({ nComponents: 3, scale: true }).fit(X);
    const all = pca.transform(X).to2DArray();
    X.forEach((row, i) => {
      expect(pca.transform([row]).to2DArray()[0]).toEqual(all[i]);
    });
  });

  it('fitting twice is idempotent', () => {
    const X = randomMatrix(40, 7, 3);
    for (const solver of SOLVERS) {
      const pca = new PCA({ solver, nComponents: 4 });
      const first = pca.fit(X).components.to2DArray();
      const second = pca.fit(X).components.to2DArray();
      expect(second).toEqual(first);
    }
  });

  it('explainedVariance is s²/(n − 1) and the ratio is over the total variance', () => {
    const X = randomMatrix(50, 6, 4);
    const pca = new PCA({ nComponents: 2 }).fit(X);
    const { s } = svd(centred(X));
    const total = Array.from(s).reduce((a, v) => a + v * v, 0);
    for (let i = 0; i < 2; i++) {
      expect(pca.singularValues[i]).toBeCloseTo(s[i], 12);
      expect(pca.explainedVariance[i]).toBeCloseTo(s[i] ** 2 / 49, 12);
      expect(pca.explainedVarianceRatio[i]).toBeCloseTo(s[i] ** 2 / total, 12);
    }
    const full = new PCA().fit(X).explainedVarianceRatio.reduce((a, v) => a + v, 0);
    expect(full).toBeCloseTo(1, 12);
  });

  it('varianceToKeep picks the smallest k whose ratios reach it', () => {
    const X = randomMatrix(80, 6, 5).map((r) => r.map((v, j) => v * 2 ** -j));
    const ratios = new PCA().fit(X).explainedVarianceRatio;
    for (const target of [0.5, 0.8, 0.95, 0.999, 1]) {
      const pca = new PCA({ varianceToKeep: target }).fit(X);
      let cumulative = 0;
      let expected = 0;
      while (expected < ratios.length && cumulative < target * (1 - 1e-12))
        cumulative += ratios[expected++];
      expect(pca.nComponents).toBe(expected);
    }
  });

  it('components are orthonormal, descending, with the largest |loading| positive', () => {
    const pca = new PCA().fit(randomMatrix(30, 5, 6));
    const C = pca.components.to2DArray();
    C.forEach((row, i) => {
      const big = row.reduce((b, v) => (Math.abs(v) > Math.abs(b) ? v : b), 0);
      expect(big).toBeGreaterThan(0);
      C.forEach((other, j) => {
        const dot = row.reduce((a, v, t) => a + v * other[t], 0);
        expect(Math.abs(dot - (i === j ? 1 : 0))).toBeLessThan(1e-14); // 1.1e-15 achieved
      });
    });
    const s = pca.singularValues;
    for (let i = 1; i < s.length; i++) expect(s[i]).toBeLessThanOrEqual(s[i - 1]);
  });

  it('the three solvers agree on a slowly decaying spectrum (400×150, σ from 1 to 1e-3)', () => {
    // Achieved: covariance 7.8e-15 (s) and 6.6e-15 rad; randomized at its defaults 2.0e-6 and
    // 1.7e-3 rad, where 0 power iterations give 0.12 and 1.4 rad.
    const X = illConditioned(400, 150, 1000, 7).map((r) => r.map((v, j) => v + j));
    const exact = new PCA({ solver: 'exact', nComponents: 4 }).fit(X);
    const errors = (options: PcaOptions) => {
      const other = new PCA({ nComponents: 4, ...options }).fit(X);
      const s = Math.max(
        ...Array.from(other.singularValues).map((v, i) =>
          Math.abs(v / exact.singularValues[i] - 1),
        ),
      );
      return { s, angle: Math.max(...principalAngles(exact.components, other.components)) };
    };
    const cov = errors({ solver: 'covariance' });
    expect(cov.s).toBeLessThan(1e-12);
    expect(cov.angle).toBeLessThan(1e-12);
    const rnd = errors({ solver: 'randomized' });
    expect(rnd.s).toBeLessThan(1e-4);
    expect(rnd.angle).toBeLessThan(5e-2);
    const crude = errors({ solver: 'randomized', powerIterations: 0 });
    expect(crude.s).toBeGreaterThan(1e-4);
    expect(crude.angle).toBeGreaterThan(5e-2);
  });

  it('the covariance solver stays accurate when the data sit far from the origin (1e6 offset)', () => {
    const X = randomMatrix(300, 6, 14).map((r) => r.map((v, j) => 1e6 + v * (j + 1)));
    const exact = new PCA({ solver: 'exact' }).fit(X);
    const cov = new PCA({ solver: 'covariance' }).fit(X);
    for (let i = 0; i < 6; i++) {
      // Achieved: 4.4e-15 (s) and 6.3e-16 rad.
      expect(Math.abs(cov.singularValues[i] / exact.singularValues[i] - 1)).toBeLessThan(1e-13);
    }
    for (const a of principalAngles(exact.components, cov.components))
      expect(a).toBeLessThan(1e-13);
  });

  it('the randomized solver on sparse data (87 % zeros, slowly decaying) matches the exact one', () => {
    // 20 live columns with σ from 1 to 1e-3, 130 zero ones: a 13-column sketch is not exact.
    // Achieved: 4.4e-16 (s), 4.6e-15 rad; at 0 power iterations 3.6e-4 and 1.5e-3 rad.
    const live = illConditioned(300, 20, 1000, 16);
    const X = live.map((r) => [...r.map((v) => v + 1), ...new Array<number>(130).fill(0)]);
    const exact = new PCA({ solver: 'exact', nComponents: 3 }).fit(X);
    const fitted = (powerIterations: number | 'auto') =>
      new PCA({ solver: 'randomized', nComponents: 3, seed: 5, powerIterations }).fit(X);
    const sError = (p: PCA) =>
      Math.max(
        ...Array.from(p.singularValues).map((v, i) => Math.abs(v / exact.singularValues[i] - 1)),
      );
    const angle = (p: PCA) => Math.max(...principalAngles(exact.components, p.components));
    const randomized = fitted('auto');
    expect(sError(randomized)).toBeLessThan(1e-13);
    expect(angle(randomized)).toBeLessThan(1e-12);
    expect(sError(fitted(0))).toBeGreaterThan(1e-13);
    expect(angle(fitted(0))).toBeGreaterThan(1e-12);
    expect(Array.from(randomized.mean)).toEqual(Array.from(exact.mean));
  });

  it('the getters return copies: changing them does not change the model', () => {
    const pca = new PCA().fit(randomMatrix(10, 3, 9));
    const mean = pca.mean;
    mean[0] = 1e9;
    pca.components.set(0, 0, 1e9);
    expect(pca.mean[0]).not.toBe(1e9);
    expect(pca.components.get(0, 0)).not.toBe(1e9);
  });

  it('does not change its input and accepts Float32Array rows', () => {
    const X = randomMatrix(12, 4, 10);
    const copy = X.map((r) => r.slice());
    const rows32 = X.map((r) => Float32Array.from(r));
    new PCA().fit(X);
    expect(X).toEqual(copy);
    const a = new PCA().fit(rows32).transform(rows32).to2DArray();
    expect(a.length).toBe(12);
  });

  it('center: false fits the uncentred data (the notebook svd on raw X)', () => {
    const X = randomMatrix(20, 3, 11).map((r) => r.map((v) => v + 5));
    const pca = new PCA({ center: false }).fit(X);
    const { s } = svd(X);
    expect(pca.singularValues[0]).toBeCloseTo(s[0], 11);
    expect(Array.from(pca.mean)).toEqual([0, 0, 0]);
  });

  it('a single sample is refused: variance needs at least 2', () => {
    expect(() => new PCA().fit([[1, 2, 3]])).toThrowError(/at least 2 samples/);
  });

  it('varianceToKeep with the randomized solver is refused (it needs the whole spectrum)', () => {
    const e = (() => {
      try {
        new PCA({ varianceToKeep: 0.9, solver: 'randomized' }).fit(randomMatrix(10, 3, 1));
      } catch (error) {
        return error;
      }
    })();
    expect(ConfigurationError.is(e)).toBe(true);
  });

  it("'auto' uses the randomized solver for few components of a large wide matrix", () => {
    const X = multiply(randomMatrix(300, 5, 12), randomMatrix(5, 1200, 13));
    const auto = new PCA({ nComponents: 3 }).fit(X);
    const randomized = new PCA({ nComponents: 3, solver: 'randomized' }).fit(X);
    expect(Array.from(auto.singularValues)).toEqual(Array.from(randomized.singularValues));
  });

  it("'auto' uses the covariance solver for a large tall matrix, whatever nComponents", () => {
    const X = multiply(randomMatrix(3000, 5, 14), randomMatrix(5, 150, 15));
    const auto = new PCA({ nComponents: 3 }).fit(X);
    const covariance = new PCA({ nComponents: 3, solver: 'covariance' }).fit(X);
    expect(Array.from(auto.singularValues)).toEqual(Array.from(covariance.singularValues));
  });
});

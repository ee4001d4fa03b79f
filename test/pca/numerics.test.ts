import {
  ConfigurationError,
  InvalidInputError,
  ModelFileError,
  PCA,
  type PcaSolver,
  principalAngles,
  svd,
} from 'autoencoders/pca';
import { describe, expect, it } from 'vitest';
import { chooseSolver } from '../../src/pca/solvers/choose.js';
import { illConditioned, multiply, randomMatrix } from './helpers/linalg.js';
import { thrown } from './helpers/thrown.js';

function maxRel(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] / b[i] - 1));
  return worst;
}

describe("'auto' is scikit-learn 1.5's rule", () => {
  it.each([
    [10000, 1000, 5, 'covariance'],
    [9999, 1000, 5, 'randomized'],
    [20000, 1001, 5, 'randomized'],
    [20000, 1001, undefined, 'exact'],
    [600, 100, 79, 'randomized'],
    [600, 100, 80, 'exact'],
    [500, 400, 5, 'exact'],
    [300, 120, 5, 'exact'],
  ] as const)('PCA on %i×%i with %s components uses %s', (n, d, k, solver) => {
    expect(chooseSolver(n, d, k, true)).toBe(solver);
  });

  it('svd has no covariance branch: a tall matrix with a small rank is randomized', () => {
    expect(chooseSolver(10000, 100, 5, false)).toBe('randomized');
    expect(chooseSolver(10000, 100, undefined, false)).toBe('exact');
  });

  it('svd(X, { rank: 5 }) of a 300×120 flat spectrum stays exact (was 5.2 % off)', () => {
    const X = randomMatrix(300, 120, 1);
    const auto = svd(X, { rank: 5 });
    const exact = svd(X, { rank: 5, solver: 'exact' });
    expect(Array.from(auto.s)).toEqual(Array.from(exact.s));
  });

  it("svd 'auto' takes the randomized path, with its accurate defaults, for rank 5 of 120×600", () => {
    const X = illConditioned(120, 600, 1000, 3);
    const auto = svd(X, { rank: 5 });
    expect(Array.from(auto.s)).toEqual(Array.from(svd(X, { rank: 5, solver: 'randomized' }).s));
  });
});

/** 300×120, singular values 1 down to 1e-3 geometrically: a slowly decaying spectrum. */
const slow = illConditioned(300, 120, 1000, 3);

describe('randomized solver defaults (7 power iterations here, 10 oversamples)', () => {
  const exact = svd(slow, { rank: 5, solver: 'exact' });
  // Achieved at the defaults: s 1.4e-8, angles 1.1e-4 rad. At 0 power iterations: 0.13 and
  // 0.63 rad; at the old default of 2: 2.1e-3 and 0.084 rad; each bound fails there.
  const S_BOUND = 1e-6;
  const ANGLE_BOUND = 1e-2;
  const errors = (powerIterations?: number) => {
    const r = svd(slow, {
      rank: 5,
      solver: 'randomized',
      seed: 1,
      ...(powerIterations === undefined ? {} : { powerIterations }),
    });
    return { s: maxRel(r.s, exact.s), angle: Math.max(...principalAngles(r.Vt, exact.Vt)) };
  };

  it('svd: singular values within 1e-6 and right vectors within 1e-2 rad of the exact solver', () => {
    const e = errors();
    expect(e.s).toBeLessThan(S_BOUND);
    expect(e.angle).toBeLessThan(ANGLE_BOUND);
  });

  it.each([0, 2])('the same bounds fail at %i power iterations (the test can fail)', (q) => {
    const e = errors(q);
    expect(e.s).toBeGreaterThan(S_BOUND);
    expect(e.angle).toBeGreaterThan(ANGLE_BOUND);
  });

  it('PCA takes powerIterations and oversamples, and defaults to the same accurate sketch', () => {
    const X = slow.map((r) => r.map((v, j) => v + j)); // PCA centres the offsets away
    const ref = new PCA({ solver: 'exact', nComponents: 5 }).fit(X);
    const fitWith = (options: object) =>
      new PCA({ solver: 'randomized', nComponents: 5, seed: 1, ...options }).fit(X);
    const angle = (p: PCA) => Math.max(...principalAngles(p.components, ref.components));
    const byDefault = fitWith({});
    expect(maxRel(byDefault.singularValues, ref.singularValues)).toBeLessThan(S_BOUND);
    expect(angle(byDefault)).toBeLessThan(ANGLE_BOUND);
    expect(angle(fitWith({ powerIterations: 0 }))).toBeGreaterThan(ANGLE_BOUND);
    expect(angle(fitWith({ powerIterations: 0, oversamples: 100 }))).toBeLessThan(
      angle(fitWith({ powerIterations: 0 })),
    );
    expect(Array.from(fitWith({ powerIterations: 'auto' }).singularValues)).toEqual(
      Array.from(byDefault.singularValues),
    );
    expect(Array.from(fitWith({ powerIterations: 7, oversamples: 10 }).singularValues)).toEqual(
      Array.from(byDefault.singularValues),
    );
  });

  it.each([{ powerIterations: -1 }, { powerIterations: 'many' }, { oversamples: 1.5 }])(
    'PCA refuses %j with ConfigurationError',
    (options) => {
      expect(ConfigurationError.is(thrown(() => new PCA(options as never)))).toBe(true);
    },
  );
});

describe('whitening keeps the same components whichever solver found them', () => {
  // Rank 5 in 50 features, far from the origin: the covariance solver's null components come
  // out near 2.5e-8·σ₁ (the exact solver's near 2e-13·σ₁).
  const X = multiply(randomMatrix(2000, 5, 1), randomMatrix(5, 50, 2)).map((r) =>
    r.map((v, j) => v + 3 * j),
  );
  const fresh = randomMatrix(5, 50, 9);

  it.each(['exact', 'covariance'] as PcaSolver[])(
    '%s: without nComponents the 45 null components are dropped, scores stay O(1)',
    (solver) => {
      const pca = new PCA({ solver, whiten: true }).fit(X);
      expect(pca.nComponents).toBe(5);
      // Whitened scores of unrelated data: |z| ≤ |x|·‖component‖/σ ≈ 60 here (4e9 before).
      const z = pca.transform(fresh).to2DArray().flat();
      expect(Math.max(...z.map(Math.abs))).toBeLessThan(100);
    },
  );

  it.each(['exact', 'covariance'] as PcaSolver[])(
    '%s: an explicit nComponents that reaches a null component is refused',
    (solver) => {
      const e = thrown(() => new PCA({ solver, whiten: true, nComponents: 6 }).fit(X));
      expect(InvalidInputError.is(e)).toBe(true);
      expect(e.message).toContain('nComponents ≤ 5');
    },
  );

  it('a saved model that whitens a null component is refused when loaded', () => {
    const json = new PCA({ whiten: false, nComponents: 6, solver: 'covariance' }).fit(X).toJSON();
    const edited = { ...json, options: { ...json.options, whiten: true } };
    expect(ModelFileError.is(thrown(() => PCA.fromJSON(edited)))).toBe(true);
  });
});

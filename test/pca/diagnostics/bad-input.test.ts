import {
  ConfigurationError,
  InvalidInputError,
  NotFittedError,
  PCA,
  ShapeError,
} from 'autoencoders/pca';
import { describe, expect, it } from 'vitest';
import { fixture, thrown } from './fixture.js';

const fitted = () => new PCA({ nComponents: 3, solver: 'exact' }).fit(fixture.train);
type Call = [string, (pca: PCA, X: number[][]) => unknown];
const PER_SAMPLE: Call[] = [
  ['scoreSamples', (p, X) => p.scoreSamples(X)],
  ['score', (p, X) => p.score(X)],
  ['hotellingT2', (p, X) => p.hotellingT2(X)],
  ['spe', (p, X) => p.spe(X)],
  ['outliers', (p, X) => p.outliers(X)],
];

describe('diagnostics refuse bad input with typed errors', () => {
  for (const [name, call] of PER_SAMPLE) {
    it(`${name} before fit is a NotFittedError`, () => {
      expect(() => call(new PCA(), fixture.new)).toThrow(NotFittedError);
    });
    it(`${name} with another feature count is a ShapeError naming both counts`, () => {
      const e = thrown(() => call(fitted(), [[1, 2, 3]]));
      expect(ShapeError.is(e)).toBe(true);
      expect(e.message).toMatch(/X has 3 features, this model expects 8/);
    });
    it(`${name} with NaN is an InvalidInputError naming the entry`, () => {
      const X = fixture.new.map((row) => row.slice());
      X[2]![5] = Number.NaN;
      const e = thrown(() => call(fitted(), X));
      expect(InvalidInputError.is(e)).toBe(true);
      expect(e.message).toMatch(/X\[2\]\[5\] is NaN/);
    });
  }

  it('controlLimits before fit is a NotFittedError', () => {
    expect(() => new PCA().controlLimits()).toThrow(NotFittedError);
  });

  const badOptions: [string, unknown, RegExp][] = [
    ['alpha 0', { alpha: 0 }, /alpha must be a number in \(0, 1\)/],
    ['alpha 1', { alpha: 1 }, /alpha must be a number in \(0, 1\)/],
    ['alpha NaN', { alpha: Number.NaN }, /alpha must be a number in \(0, 1\).*got NaN/],
    ['alpha as text', { alpha: '0.05' }, /alpha must be a number/],
    [
      'an unknown method',
      { method: 'hotelling' },
      /method must be one of 'jackson-mudholkar', 'box'/,
    ],
    ['an unknown key', { alfa: 0.01 }, /Unknown option 'alfa' \(did you mean 'alpha'\?\)/],
    ['null options', null, /must be an object/],
  ];
  for (const [what, options, message] of badOptions) {
    it(`controlLimits and outliers refuse ${what} with a ConfigurationError`, () => {
      const pca = fitted();
      for (const call of [
        () => pca.controlLimits(options as object),
        () => pca.outliers(fixture.new, options as object),
      ]) {
        const e = thrown(call);
        expect(ConfigurationError.is(e)).toBe(true);
        expect(e.message).toMatch(message);
      }
    });
  }

  it('scoreSamples refuses a singular covariance (every component of n ≤ d data kept)', () => {
    const pca = new PCA().fit(fixture.train.slice(0, 5));
    const e = thrown(() => pca.scoreSamples(fixture.new));
    expect(InvalidInputError.is(e)).toBe(true);
    expect(e.message).toMatch(/singular.*keep fewer components/s);
  });

  it('T² refuses a kept component of zero variance instead of dividing by it', () => {
    const X = [
      [1, 2, 0],
      [2, 4, 0],
      [3, 6, 0],
      [5, 10, 0],
    ];
    const pca = new PCA({ nComponents: 2, solver: 'exact' }).fit(X);
    const e = thrown(() => pca.hotellingT2(X));
    expect(InvalidInputError.is(e)).toBe(true);
    expect(e.message).toMatch(/Component 1 has zero variance.*nComponents ≤ 1/);
  });

  it('the T² limit needs more samples than components', () => {
    const pca = new PCA({ solver: 'exact' }).fit(fixture.train.slice(0, 3));
    expect(thrown(() => pca.controlLimits()).message).toMatch(/n = 3, k = 3/);
  });

  it("Jackson–Mudholkar's limit is refused where its normal approximation breaks down, pointing to 'box'", () => {
    const json = fitted().toJSON();
    // θ1 = 1, θ2 = 0.25, h0 = −0.5: the base of the power is negative beyond z ≈ 3.36.
    const pca = PCA.fromJSON({ ...json, residualTheta: [1, 0.25, 0.140625] });
    expect(pca.controlLimits({ alpha: 0.05 }).spe).toBeGreaterThan(1);
    const e = thrown(() => pca.controlLimits({ alpha: 1e-4 }));
    expect(InvalidInputError.is(e)).toBe(true);
    expect(e.message).toMatch(/h0 = -0\.500.*method: 'box'/);
    expect(pca.controlLimits({ alpha: 1e-4, method: 'box' }).spe).toBeGreaterThan(1);
  });

  it('a version-2 file with a bad noiseVariance or residualTheta is a ModelFileError', () => {
    const json = fitted().toJSON();
    for (const bad of [
      { ...json, noiseVariance: -1 },
      { ...json, residualTheta: [1, 2] },
      { ...json, residualTheta: [1, Number.NaN, 3] },
      { ...json, noiseVariance: undefined },
    ]) {
      expect(() => PCA.fromJSON(bad)).toThrow(/noiseVariance|residualTheta/);
    }
  });
});

import { readFileSync } from 'node:fs';
import {
  ConfigurationError,
  ModelFileError,
  NotFittedError,
  PCA,
  type SklearnPcaJson,
} from 'autoencoders/pca';
import { describe, expect, it } from 'vitest';

interface Variant {
  attributes: SklearnPcaJson;
  transform: number[][];
}
/** numpy by scikit-learn's documented rules (test/fixtures/make-sklearn-pca.py): 50×7, k = 3. */
const fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/sklearn-pca.json', import.meta.url), 'utf8'),
) as { X: number[][]; X_new: number[][]; plain: Variant; whitened: Variant };

/** max |a − e| / max |e|. */
function matrixErr(actual: number[][], expected: number[][]): number {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  let scale = 0;
  actual.forEach((row, i) => {
    expect(row.length).toBe(expected[i]!.length);
    row.forEach((v, j) => {
      expect(Number.isFinite(v)).toBe(true);
      worst = Math.max(worst, Math.abs(v - expected[i]![j]!));
      scale = Math.max(scale, Math.abs(expected[i]![j]!));
    });
  });
  return worst / scale;
}

function fileError(input: unknown): ModelFileError {
  try {
    PCA.fromSklearn(input as SklearnPcaJson);
  } catch (error) {
    if (ModelFileError.is(error)) return error;
    throw error;
  }
  throw new Error('expected a ModelFileError');
}

function edited(edit: (json: Record<string, unknown>) => void): Record<string, unknown> {
  const json = JSON.parse(JSON.stringify(fixture.plain.attributes)) as Record<string, unknown>;
  edit(json);
  return json;
}

describe('PCA.fromSklearn', () => {
  for (const name of ['plain', 'whitened'] as const) {
    it(`${name}: transforms new data as scikit-learn's definitions do, to 1e-12`, () => {
      const variant = fixture[name];
      const pca = PCA.fromSklearn(JSON.stringify(variant.attributes));
      // Achieved ~1e-16.
      expect(matrixErr(pca.transform(fixture.X_new).to2DArray(), variant.transform)).toBeLessThan(
        1e-12,
      );
      expect([pca.nComponents, pca.nFeatures, pca.nSamples]).toEqual([3, 7, 50]);
    });
  }

  it('gives the same log-likelihood as a model fitted here on the same data', () => {
    const imported = PCA.fromSklearn(fixture.plain.attributes);
    const fitted = new PCA({ nComponents: 3, solver: 'exact' }).fit(fixture.X);
    const a = imported.scoreSamples(fixture.X_new);
    const b = fitted.scoreSamples(fixture.X_new);
    a.forEach((v, i) => {
      expect(Math.abs(v / b[i]! - 1)).toBeLessThan(1e-10);
    });
  });

  it('ignores the other attributes a user may dump (n_components_, svd_solver, ...)', () => {
    const json = edited((j) => {
      j.n_components_ = 3;
      j.svd_solver = 'full';
    });
    expect(PCA.fromSklearn(json).nComponents).toBe(3);
  });

  it('a hostile n_features_in_ over three numbers is refused before anything is allocated', () => {
    const start = performance.now();
    const e = fileError(
      edited((j) => {
        j.n_features_in_ = 1e9;
        j.n_samples_ = 1e9;
      }),
    );
    expect(e.message).toMatch(/components_\[0\] has 7 entries but should have 1000000000/);
    expect(performance.now() - start).toBeLessThan(50);
  });

  it('refuses malformed attributes with a ModelFileError naming the problem', () => {
    const cases: [(j: Record<string, unknown>) => void, RegExp][] = [
      [(j) => delete j.mean_, /mean_ must be an array/],
      [(j) => (j.mean_ as number[]).pop(), /mean_ has 6 entries but should have 7/],
      [
        (j) => (j.explained_variance_ as unknown[]).splice(0, 1, 'x'),
        /explained_variance_\[0\] is "x"/,
      ],
      [
        (j) => (j.explained_variance_ as number[]).splice(1, 1, -1),
        /explained_variance_\[1\] is -1/,
      ],
      [(j) => ((j.components_ as number[][])[0]![0] = 5), /components_\[0\] has length .* not 1/],
      [(j) => (j.noise_variance_ = null), /noise_variance_ must be a finite number/],
      [(j) => (j.whiten = 'yes'), /whiten must be true or false/],
      [(j) => (j.n_samples_ = 2), /more than min\(n_samples_, n_features_in_\) = 2/],
      [(j) => (j.n_samples_ = 2.5), /n_samples_ must be an integer/],
      [(j) => (j.components_ = []), /components_ must be a non-empty array/],
    ];
    for (const [edit, message] of cases) expect(fileError(edited(edit)).message).toMatch(message);
    expect(fileError('{"components_": [NaN]}').message).toMatch(/not valid JSON.*NaN/);
    expect(fileError('{"__proto__": {}, "whiten": false}').message).toMatch(/__proto__/);
    expect(fileError([1, 2]).message).toMatch(/expected an object/);
    const zero = edited((j) => {
      j.whiten = true;
      (j.explained_variance_ as number[])[2] = 0;
    });
    expect(fileError(zero).message).toMatch(/explained_variance_\[2\] is 0 but whiten is true/);
  });
});

describe('pca.toSklearn', () => {
  for (const name of ['plain', 'whitened'] as const) {
    it(`${name}: writes scikit-learn's attributes of the same fit`, () => {
      const truth = fixture[name].attributes;
      const pca = new PCA({ nComponents: 3, whiten: name === 'whitened' }).fit(fixture.X);
      const out = pca.toSklearn();
      expect(matrixErr(out.components_, truth.components_)).toBeLessThan(1e-10);
      for (const key of [
        'mean_',
        'explained_variance_',
        'explained_variance_ratio_',
        'singular_values_',
      ] as const) {
        expect(matrixErr([out[key]], [truth[key]]), key).toBeLessThan(1e-10);
      }
      expect(Math.abs(out.noise_variance_ / truth.noise_variance_ - 1)).toBeLessThan(1e-10);
      expect([out.n_samples_, out.n_features_in_, out.whiten]).toEqual([50, 7, truth.whiten]);
      const back = PCA.fromSklearn(JSON.parse(JSON.stringify(out)));
      expect(back.transform(fixture.X_new).to2DArray()).toEqual(
        pca.transform(fixture.X_new).to2DArray(),
      );
    });
  }

  it('refuses a model fitted with scale (scikit-learn has no such PCA) and an unfitted one', () => {
    const scaled = new PCA({ nComponents: 2, scale: true }).fit(fixture.X);
    expect(() => scaled.toSklearn()).toThrow(ConfigurationError);
    expect(() => new PCA().toSklearn()).toThrow(NotFittedError);
  });
});

import { ModelFileError, PCA, type PcaJson } from 'autoencoders/pca';
import { describe, expect, it } from 'vitest';
import { randomMatrix } from './helpers/linalg.js';

function fitted(): PCA {
  return new PCA({ nComponents: 2, scale: true, whiten: true }).fit(randomMatrix(20, 4, 1));
}

function modelFileError(input: unknown): ModelFileError {
  try {
    PCA.fromJSON(input as string);
  } catch (error) {
    if (ModelFileError.is(error)) return error;
    throw error;
  }
  throw new Error('expected a ModelFileError');
}

function edited(edit: (json: Record<string, unknown>) => void): Record<string, unknown> {
  const json = JSON.parse(JSON.stringify(fitted())) as Record<string, unknown>;
  edit(json);
  return json;
}

describe('PCA toJSON / fromJSON', () => {
  it('round-trips through JSON text with identical transforms and inverse transforms', () => {
    const pca = fitted();
    const X = randomMatrix(5, 4, 2);
    const copy = PCA.fromJSON(JSON.stringify(pca));
    expect(copy.transform(X).to2DArray()).toEqual(pca.transform(X).to2DArray());
    const Z = pca.transform(X);
    expect(copy.inverseTransform(Z).to2DArray()).toEqual(pca.inverseTransform(Z).to2DArray());
    expect(Array.from(copy.explainedVarianceRatio)).toEqual(Array.from(pca.explainedVarianceRatio));
    expect([copy.nComponents, copy.nFeatures, copy.nSamples]).toEqual([2, 4, 20]);
  });

  it('round-trips from the plain object, which is tagged kind "pca", version 2', () => {
    const json = fitted().toJSON();
    expect(json.kind).toBe('pca');
    expect(json.version).toBe(2);
    expect(json.components.length).toBe(2);
    const copy = PCA.fromJSON(json);
    expect(copy.components.to2DArray()).toEqual(json.components);
  });

  it('invalid JSON text is a ModelFileError', () => {
    expect(modelFileError('{not json').message).toContain('not valid JSON');
  });

  it('another kind of file is refused', () => {
    expect(
      modelFileError(
        edited((j) => {
          j.kind = 'autoencoder';
        }),
      ).message,
    ).toContain('not "pca"');
  });

  it('a format version from the future is refused, naming both versions', () => {
    const e = modelFileError(
      edited((j) => {
        j.version = 3;
      }),
    );
    expect(e.message).toContain('version 3');
    expect(e.message).toContain('version 2');
  });

  it('components that disagree with nFeatures or mean are refused', () => {
    expect(
      modelFileError(
        edited((j) => {
          (j.components as number[][])[1].pop();
        }),
      ).message,
    ).toContain('components[1] has 3 entries but should have 4');
    expect(
      modelFileError(
        edited((j) => {
          (j.mean as number[]).push(0);
        }),
      ).message,
    ).toContain('mean has 5 entries');
    expect(
      modelFileError(
        edited((j) => {
          (j.singularValues as number[]).pop();
        }),
      ).message,
    ).toContain('singularValues');
  });

  it('NaN, Infinity or a string among the numbers is refused', () => {
    const withNaN = edited((j) => {
      (j.components as unknown[][])[0][0] = Number.NaN;
    });
    expect(modelFileError(withNaN).message).toContain('components[0][0]');
    expect(modelFileError(JSON.stringify(withNaN)).message).toContain('components[0][0]'); // NaN → null
    const withString = edited((j) => {
      (j.std as unknown[])[2] = '1';
    });
    expect(modelFileError(withString).message).toContain('std[2]');
  });

  it('a __proto__ or constructor key is refused (no prototype pollution)', () => {
    const text = JSON.stringify(fitted().toJSON()).replace(
      '"kind":"pca"',
      '"kind":"pca","__proto__":{"polluted":true}',
    );
    expect(modelFileError(text).message).toContain('__proto__');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const nested = JSON.stringify(fitted().toJSON()).replace(
      '"center":',
      '"constructor":{"prototype":{}},"center":',
    );
    expect(modelFileError(nested).message).toContain('constructor');
  });

  it('missing options, a bad solver or a non-object is refused', () => {
    expect(
      modelFileError(
        edited((j) => {
          delete j.options;
        }),
      ).message,
    ).toContain('options');
    expect(
      modelFileError(
        edited((j) => {
          (j.options as Record<string, unknown>).solver = 'magic';
        }),
      ).message,
    ).toContain('solver');
    expect(modelFileError('[1, 2]').message).toContain('object');
    expect(modelFileError(42).message).toContain('object');
  });

  it('more components than min(nSamples, nFeatures) is refused', () => {
    expect(
      modelFileError(
        edited((j) => {
          j.nSamples = 2;
          j.components = (j.components as number[][]).concat([[1, 0, 0, 0]]);
        }),
      ).message,
    ).toContain('more than min');
  });

  it.each([1e10, 5e7])(
    'a file claiming %d features over short arrays is refused before anything big is allocated',
    (nFeatures) => {
      const hostile = edited((json) => {
        json.nFeatures = nFeatures;
        json.nSamples = 1e12;
      });
      // Record every typed array the parser allocates (the code reads the global at call time).
      const original = globalThis.Float64Array;
      let largest = 0;
      globalThis.Float64Array = new Proxy(original, {
        construct(target, args: unknown[]) {
          if (typeof args[0] === 'number') largest = Math.max(largest, args[0]);
          return Reflect.construct(target, args) as object;
        },
      });
      const started = performance.now();
      let error: unknown;
      try {
        PCA.fromJSON(hostile);
      } catch (e) {
        error = e;
      } finally {
        globalThis.Float64Array = original;
      }
      expect(ModelFileError.is(error)).toBe(true);
      expect((error as Error).message).toContain(`should have ${nFeatures}`);
      expect(largest).toBeLessThan(1000);
      expect(performance.now() - started).toBeLessThan(100);
    },
  );

  it('the randomized settings round-trip, and files without them read as the defaults', () => {
    const pca = new PCA({
      nComponents: 2,
      powerIterations: 3,
      oversamples: 4,
      solver: 'randomized',
    });
    const json = pca.fit(randomMatrix(20, 4, 1)).toJSON();
    expect([json.options.powerIterations, json.options.oversamples]).toEqual([3, 4]);
    const { powerIterations: _p, oversamples: _o, ...older } = json.options;
    const restored = PCA.fromJSON({ ...json, options: older }).toJSON().options;
    expect([restored.powerIterations, restored.oversamples]).toEqual(['auto', 10]);
  });

  it('toJSON before fit is a NotFittedError', () => {
    expect(() => new PCA().toJSON()).toThrowError(/not fitted/);
  });

  it('the JSON type is exported', () => {
    const json: PcaJson = fitted().toJSON();
    expect(json.std?.length).toBe(4);
  });
});

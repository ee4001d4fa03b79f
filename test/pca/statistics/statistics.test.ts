import {
  ConfigurationError,
  InvalidInputError,
  ModelFileError,
  PCA,
  PcaStatistics,
  principalAngles,
  ShapeError,
} from 'autoencoders/pca';
import { Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { maxRelative, spectrumRows, topRows } from './helpers.js';

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('PcaStatistics: moments', () => {
  it('holds count, mean and the packed centred co-moments (closed form)', () => {
    // Rows [1, 2], [3, 6]: μ = [2, 4], deviations ±[1, 2], M = 2·[[1, 2], [2, 4]].
    const stats = new PcaStatistics().add([[1, 2]]).add([Float32Array.of(3, 6)]);
    expect(stats.count).toBe(2);
    expect(stats.nFeatures).toBe(2);
    expect(Array.from(stats.mean)).toEqual([2, 4]);
    expect(Array.from(stats.comoments)).toEqual([2, 4, 8]);
    expect(stats.toJSON()).toEqual({
      kind: 'pca-statistics',
      version: 1,
      count: 2,
      mean: [2, 4],
      comoments: [2, 4, 8],
    });
  });

  it('SPARK-26158: 100,000 rows of mean 1e5 and sd 9e-6 keep their variance of 8.1e-11', () => {
    // x = 1e5 ± δ with δ = fl(1e5 + 9e-6) − 1e5 (exact by Sterbenz; the two roundings are
    // symmetric because the float spacing is the same on both sides of 1e5), so the mean is 1e5
    // and Σ(x − μ)² = n·δ² exactly; the raw XᵀX − nμμᵀ loses all of it (1e10·n against 8e-6).
    const n = 100_000;
    const high = 1e5 + 9e-6;
    const low = 1e5 - 9e-6;
    const delta = high - 1e5;
    expect(1e5 - low).toBe(delta);
    const stats = new PcaStatistics();
    // Uneven chunks, first all the high rows then all the low ones, so the chunk means differ.
    for (let start = 0; start < n; ) {
      const size = Math.min(777, n - start);
      stats.add(Array.from({ length: size }, (_, i) => [start + i < n / 2 ? high : low]));
      start += size;
    }
    const expected = delta * delta * n;
    // Measured 2e-16; the raw XᵀX − nμμᵀ over these rows gives 1310 for M = 8.1e-6.
    expect(Math.abs(stats.comoments[0] / expected - 1)).toBeLessThan(1e-14);
    const variance = PCA.fromStatistics(stats).explainedVariance[0];
    expect(variance).toBeCloseTo(8.1e-11, 13);
    expect(Math.abs(variance / (expected / (n - 1)) - 1)).toBeLessThan(1e-14);
  });

  it('merge is exact for statistics of the same rows split anywhere (closed form)', () => {
    const stats = new PcaStatistics().add([[0, 0]]).merge(new PcaStatistics().add([[2, 4]]));
    expect(Array.from(stats.mean)).toEqual([1, 2]);
    expect(Array.from(stats.comoments)).toEqual([2, 4, 8]);
    const self = new PcaStatistics().add([
      [0, 0],
      [2, 4],
    ]);
    self.merge(self); // the same rows twice: n = 4, M doubles
    expect(self.count).toBe(4);
    expect(Array.from(self.comoments)).toEqual([4, 8, 16]);
  });
});

describe('PCA.fromStatistics equals a single fit', () => {
  const rows = spectrumRows(300, [5, 2, 1, 0.4], 50, 7);
  const parts = [rows.slice(0, 17), rows.slice(17, 150), rows.slice(150)];
  const stats = parts
    .map((p) => new PcaStatistics().add(new Matrix(p)))
    .reduce((a, b) => a.merge(b));
  it.each([
    [{}],
    [{ nComponents: 2 }],
    [{ varianceToKeep: 0.9 }],
    [{ center: false }],
    [{ scale: true }],
    [{ scale: true, center: false }],
    [{ whiten: true, nComponents: 3 }],
  ] as const)('with %o', (options) => {
    const a = PCA.fromStatistics(stats, options);
    const b = new PCA({ ...options, solver: 'exact' }).fit(rows);
    expect(a.nComponents).toBe(b.nComponents);
    expect(maxRelative(a.explainedVariance, b.explainedVariance)).toBeLessThan(1e-10);
    expect(maxRelative(a.singularValues, b.singularValues)).toBeLessThan(1e-10);
    expect(maxRelative(a.explainedVarianceRatio, b.explainedVarianceRatio)).toBeLessThan(1e-10);
    expect(
      maxRelative(
        a.mean.map((v) => v + 1),
        b.mean.map((v) => v + 1),
      ),
    ).toBeLessThan(1e-12);
    expect(a.std === null).toBe(b.std === null);
    const k = a.nComponents;
    const angles = principalAngles(topRows(a.components, k), topRows(b.components, k));
    expect(Math.max(...angles)).toBeLessThan(1e-8);
    const za = a.transform(rows.slice(0, 5)).to2DArray().flat();
    const zb = b.transform(rows.slice(0, 5)).to2DArray().flat();
    const scaleZ = Math.max(...zb.map(Math.abs));
    for (let i = 0; i < za.length; i++) expect(Math.abs(za[i] - zb[i])).toBeLessThan(1e-9 * scaleZ);
    expect(JSON.parse(JSON.stringify(a)).kind).toBe('pca');
  });

  it("knows the discarded eigenvalues, so its control limits and likelihoods are the fit's", () => {
    const a = PCA.fromStatistics(stats, { nComponents: 2 });
    const b = new PCA({ nComponents: 2, solver: 'exact' }).fit(rows);
    for (const method of ['jackson-mudholkar', 'box'] as const) {
      const la = a.controlLimits({ alpha: 0.01, method });
      const lb = b.controlLimits({ alpha: 0.01, method });
      expect(Math.abs(la.spe / lb.spe - 1)).toBeLessThan(1e-10);
      expect(Math.abs(la.t2 / lb.t2 - 1)).toBeLessThan(1e-12);
    }
    expect(
      maxRelative(a.scoreSamples(rows.slice(0, 5)), b.scoreSamples(rows.slice(0, 5))),
    ).toBeLessThan(1e-10);
  });
});

describe('bad input', () => {
  it('refuses NaN and infinite entries, naming the entry, and stays unchanged', () => {
    const stats = new PcaStatistics().add([
      [1, 2],
      [3, 4],
    ]);
    const before = JSON.stringify(stats);
    const e = thrown(() =>
      stats.add([
        [1, 2],
        [3, Number.NaN],
      ]),
    );
    expect(e).toBeInstanceOf(InvalidInputError);
    expect(e.message).toContain('rows[1][1] is NaN');
    expect(() => stats.add([[Number.POSITIVE_INFINITY, 1]])).toThrow(InvalidInputError);
    expect(JSON.stringify(stats)).toBe(before);
  });

  it('refuses ragged rows, 1-D and 3-D input, non-numeric entries and empty input', () => {
    expect(() => new PcaStatistics().add([[1, 2], [3]])).toThrow(ShapeError);
    expect(() => new PcaStatistics().add([[[1], [2]]] as never)).toThrow(ShapeError);
    for (const bad of ['1', null, undefined, true, {}]) {
      expect(() => new PcaStatistics().add([[1, bad]] as never)).toThrow(InvalidInputError);
    }
    expect(() => new PcaStatistics().add([[]])).toThrow(InvalidInputError);
    expect(() => new PcaStatistics().add([1, 2] as never)).toThrow(ShapeError);
    expect(() => new PcaStatistics().add([])).toThrow(InvalidInputError);
  });

  it('refuses a different number of features in add and merge', () => {
    const a = new PcaStatistics().add([[1, 2]]);
    expect(() => a.add([[1, 2, 3]])).toThrow(ShapeError);
    const e = thrown(() => a.merge(new PcaStatistics().add([[1, 2, 3]])));
    expect(e).toBeInstanceOf(ShapeError);
    expect(e.message).toContain('same columns');
    expect(() => a.merge({} as PcaStatistics)).toThrow(InvalidInputError);
  });

  it('refuses overflowing co-moments without changing the statistics', () => {
    const a = new PcaStatistics().add([[1], [2]]);
    expect(() => a.add([[1e200], [-1e200]])).toThrow(InvalidInputError);
    expect(a.count).toBe(2);
  });

  it('refuses more than 4,096 features, pointing to rank', () => {
    const wide = [new Float64Array(4097), new Float64Array(4097)];
    const e = thrown(() => new PcaStatistics().add(wide));
    expect(e).toBeInstanceOf(ShapeError);
    expect(e.message).toContain('rank');
  });

  it('refuses null options, unknown keys and solver', () => {
    expect(() => new PcaStatistics(null as never)).toThrow(ConfigurationError);
    expect(() => new PcaStatistics({ rnak: 3 } as never)).toThrow(ConfigurationError);
    const stats = new PcaStatistics().add([
      [1, 2],
      [3, 5],
      [0, 1],
    ]);
    expect(() => PCA.fromStatistics(stats, null as never)).toThrow(ConfigurationError);
    const unknown = thrown(() => PCA.fromStatistics(stats, { nComponent: 1 } as never));
    expect(unknown).toBeInstanceOf(ConfigurationError);
    expect(unknown.message).toContain("did you mean 'nComponents'");
    const solver = thrown(() => PCA.fromStatistics(stats, { solver: 'exact' } as never));
    expect(solver).toBeInstanceOf(ConfigurationError);
    expect(solver.message).toContain('solver');
    expect(() => PCA.fromStatistics(stats, { nComponents: 3 })).toThrow(ConfigurationError);
    expect(() => PCA.fromStatistics(stats, { nComponents: 1, varianceToKeep: 0.5 })).toThrow(
      ConfigurationError,
    );
  });

  it('refuses empty or one-row statistics and what is not statistics', () => {
    expect(() => PCA.fromStatistics(new PcaStatistics())).toThrow(InvalidInputError);
    expect(() => PCA.fromStatistics(new PcaStatistics().add([[1, 2]]))).toThrow(InvalidInputError);
    expect(() => PCA.fromStatistics({ count: 3 } as never)).toThrow(InvalidInputError);
    const constant = new PcaStatistics().add([
      [1, 2],
      [1, 3],
    ]);
    expect(() => PCA.fromStatistics(constant, { scale: true })).toThrow(InvalidInputError);
  });
});

describe('PcaStatistics.fromJSON', () => {
  const good = { kind: 'pca-statistics', version: 1, count: 3, mean: [1, 2], comoments: [2, 1, 3] };

  it('round-trips exactly, from the object or the text', () => {
    const stats = new PcaStatistics().add(spectrumRows(40, [3, 1, 0.5], 10, 3));
    const copy = PcaStatistics.fromJSON(JSON.stringify(stats));
    expect(copy.toJSON()).toEqual(stats.toJSON());
    expect(PcaStatistics.fromJSON(good).toJSON()).toEqual(good);
    expect(PcaStatistics.fromJSON(new PcaStatistics().toJSON()).count).toBe(0);
  });

  it.each([
    ['not JSON', '{', 'not valid JSON'],
    ['not an object', '[1]', 'expected an object'],
    ['another kind', { ...good, kind: 'pca' }, 'kind'],
    ['a newer version', { ...good, version: 2 }, 'newer'],
    ['a bad count', { ...good, count: -1 }, 'count'],
    ['a fractional count', { ...good, count: 2.5 }, 'count'],
    ['count 0 with a mean', { ...good, count: 0 }, 'only together'],
    ['a short comoments', { ...good, comoments: [1, 2] }, 'd(d+1)/2'],
    ['a non-finite entry', { ...good, mean: [1, 'NaN'] }, 'mean[1]'],
    ['a null entry', { ...good, comoments: [2, null, 3] }, 'comoments[1]'],
    ['a negative diagonal', { ...good, comoments: [2, 1, -3] }, 'negative'],
    ['a __proto__ key', JSON.parse('{"__proto__": {}, "kind": "pca-statistics"}'), '__proto__'],
  ])('refuses %s with ModelFileError', (_, json, words) => {
    const e = thrown(() => PcaStatistics.fromJSON(json as never));
    expect(e).toBeInstanceOf(ModelFileError);
    expect(e.message).toContain(words);
  });

  it('refuses hostile sizes at once, before allocating', () => {
    // A mean claiming 1e7 features (sparse array: no memory behind it) and a comoments array
    // whose length would need a 1e13-entry matrix are refused on their lengths alone.
    const huge = { ...good, mean: new Array(1e7), comoments: [] };
    const long = { ...good, comoments: new Array(5e6) };
    const wide = { ...good, rank: 2, mean: new Array(1e9) };
    const t0 = performance.now();
    const e = thrown(() => PcaStatistics.fromJSON(huge));
    expect(e).toBeInstanceOf(ModelFileError);
    expect(e.message).toContain('rank');
    expect(() => PcaStatistics.fromJSON(long)).toThrow(ModelFileError);
    expect(() => PcaStatistics.fromJSON(wide)).toThrow(ModelFileError);
    // Measured well under 1 ms; allocating 1e7 entries alone would take tens of ms.
    expect(performance.now() - t0).toBeLessThan(20);
  });
});

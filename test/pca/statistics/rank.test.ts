import {
  ConfigurationError,
  InvalidInputError,
  PCA,
  PcaStatistics,
  principalAngles,
} from 'autoencoders/pca';
import { describe, expect, it } from 'vitest';
import { maxRelative, seededNormal, spectrumRows, topRows } from './helpers.js';

function inChunks(rows: number[][], size: number, options?: { rank: number }): PcaStatistics[] {
  const parts: PcaStatistics[] = [];
  for (let i = 0; i < rows.length; i += size) {
    parts.push(new PcaStatistics(options).add(rows.slice(i, i + size)));
  }
  return parts;
}

/** n rows of d features: k strong directions (variances 400 down to 100) over unit noise. */
function lowRankPlusNoise(n: number, d: number, k: number, seed: number): number[][] {
  const g = seededNormal(seed);
  const directions = Array.from({ length: k }, () =>
    Array.from({ length: d }, () => g() / Math.sqrt(d)),
  );
  return Array.from({ length: n }, () => {
    const f = directions.map((_, c) => (20 - (10 * c) / k) * g());
    return Array.from(
      { length: d },
      (_, j) => 3 + 0.1 * g() + f.reduce((a, fc, c) => a + fc * directions[c][j], 0),
    );
  });
}

describe('PcaStatistics({ rank })', () => {
  it('is exact when the rank holds every component: any chunks and merge tree give the single fit', () => {
    const rows = spectrumRows(200, [6, 3, 2, 1, 0.5], 40, 5);
    const parts = inChunks(rows, 23, { rank: 5 });
    const tree = parts.slice(0, 4).reduce((a, b) => b.merge(a));
    const rest = parts.slice(4).reduce((a, b) => a.merge(b));
    const merged = PcaStatistics.fromJSON(JSON.stringify(tree.merge(rest)));
    expect(merged.rank).toBe(5);
    for (const options of [{}, { nComponents: 2 }, { center: false }, { whiten: true }] as const) {
      const a = PCA.fromStatistics(merged, options);
      const b = new PCA({ ...options, solver: 'exact' }).fit(rows);
      // Measured 3e-15; the stacked SVDs are exact up to rounding when nothing is truncated.
      expect(maxRelative(a.explainedVariance, b.explainedVariance)).toBeLessThan(1e-12);
      expect(maxRelative(a.explainedVarianceRatio, b.explainedVarianceRatio)).toBeLessThan(1e-12);
      const k = a.nComponents;
      expect(
        Math.max(...principalAngles(topRows(a.components, k), topRows(b.components, k))),
      ).toBeLessThan(1e-10);
    }
  });

  it('approximates the top components of wide data, with exact variance ratios below 1', () => {
    const k = 8;
    const rows = lowRankPlusNoise(1200, 300, k, 1);
    const stats = inChunks(rows, 100, { rank: 2 * k }).reduce((a, b) => a.merge(b));
    const approx = PCA.fromStatistics(stats, { nComponents: k });
    const exact = new PCA({ nComponents: k, solver: 'exact' }).fit(rows);
    const variance = maxRelative(approx.explainedVariance, exact.explainedVariance);
    const angle = Math.max(...principalAngles(approx.components, exact.components));
    console.log(
      `rank ${2 * k}, top ${k}: variances ${variance.toExponential(1)}, angle ${angle.toExponential(1)} rad`,
    );
    // Measured 1.7e-8 and 5.7e-7 rad: the noise each chunk's truncation drops (docs/pca-at-scale.md).
    expect(variance).toBeLessThan(1e-6);
    expect(angle).toBeLessThan(5e-5);
    const ratios = approx.explainedVarianceRatio;
    expect(ratios.reduce((a, b) => a + b, 0)).toBeLessThan(1);
    expect(maxRelative(ratios, exact.explainedVarianceRatio)).toBeLessThan(1e-6);
  });

  it('fitStream with a rank streams wide data', async () => {
    const rows = spectrumRows(120, [5, 3, 1, 0.5], 10, 8);
    const chunks = [rows.slice(0, 50), rows.slice(50)];
    const pca = await new PCA({ nComponents: 2 }).fitStream(chunks, { rank: 4 });
    const exact = new PCA({ nComponents: 2, solver: 'exact' }).fit(rows);
    // rank = d: nothing is truncated, so the fit is exact (measured 1e-15).
    expect(maxRelative(pca.explainedVariance, exact.explainedVariance)).toBeLessThan(1e-12);
  });

  it('takes more than 4,096 features', () => {
    const g = seededNormal(3);
    const rows = Array.from({ length: 30 }, () => Float64Array.from({ length: 5000 }, g));
    const stats = new PcaStatistics({ rank: 4 }).add(rows.slice(0, 10)).add(rows.slice(10));
    expect(PCA.fromStatistics(stats).nComponents).toBe(4);
  });

  it('refuses a bad rank, mixing with exact statistics, scale, too many components and comoments', () => {
    expect(() => new PcaStatistics({ rank: 0 })).toThrow(ConfigurationError);
    expect(() => new PcaStatistics({ rank: 1.5 })).toThrow(ConfigurationError);
    const ranked = new PcaStatistics({ rank: 2 }).add([
      [1, 2, 3],
      [2, 2, 1],
      [0, 1, 1],
    ]);
    expect(() => ranked.merge(new PcaStatistics().add([[1, 2, 3]]))).toThrow(InvalidInputError);
    expect(() => PCA.fromStatistics(ranked, { scale: true })).toThrow(ConfigurationError);
    expect(() => PCA.fromStatistics(ranked, { nComponents: 3 })).toThrow(ConfigurationError);
    expect(() => ranked.comoments).toThrow(ConfigurationError);
    const json = ranked.toJSON();
    expect(() => PcaStatistics.fromJSON({ ...json, singularValues: [1] })).toThrow(/same length/);
  });
});

import { PCA } from 'autoencoders/pca';
import { describe, expect, it } from 'vitest';
import { fixture } from './fixture.js';

describe('outliers', () => {
  it('flags the rows beyond either limit: the planted T², SPE and both-way outliers', () => {
    const truth = fixture.cases[0]!;
    const pca = new PCA({ nComponents: 3, solver: 'exact' }).fit(fixture.train);
    const report = pca.outliers(fixture.new, { alpha: 0.01 });
    const limit = truth.limits[1]!;
    const expected = truth.t2.map(
      (t2, i) => t2 > limit.t2 || truth.spe[i]! > limit.jacksonMudholkar!,
    );
    expect(report.flagged).toEqual(expected);
    expect(report.flagged.slice(7)).toEqual([true, true, true]);
    expect(Array.from(report.t2)).toEqual(Array.from(pca.hotellingT2(fixture.new)));
    expect(Array.from(report.spe)).toEqual(Array.from(pca.spe(fixture.new)));
    expect(report.limits).toEqual(pca.controlLimits({ alpha: 0.01 }));
  });

  it("uses Box's limit when asked", () => {
    const pca = new PCA({ nComponents: 3, solver: 'exact' }).fit(fixture.train);
    expect(pca.outliers(fixture.new, { method: 'box' }).limits).toEqual(
      pca.controlLimits({ method: 'box' }),
    );
  });
});

import { PCA, type PcaSolver } from 'autoencoders/pca';
import { describe, expect, it } from 'vitest';
import { fixture, relErr } from './fixture.js';

const SOLVERS: PcaSolver[] = ['exact', 'covariance', 'randomized'];

describe('hotellingT2 and spe against numpy', () => {
  for (const truth of fixture.cases.filter((c) => c.nComponents < 8)) {
    for (const solver of SOLVERS) {
      it(`k = ${truth.nComponents}, scale ${truth.scale}, ${solver}: T² and SPE of new rows to 1e-10`, () => {
        const pca = new PCA({ nComponents: truth.nComponents, scale: truth.scale, solver });
        pca.fit(fixture.train);
        // Achieved ~1e-13; the randomized solver's subspace is exact here (rank k + 10 sketch ≥ d).
        expect(relErr(pca.hotellingT2(fixture.new), truth.t2)).toBeLessThan(1e-10);
        expect(relErr(pca.spe(fixture.new), truth.spe)).toBeLessThan(1e-10);
      });
    }
  }

  it('whitening does not change T² or SPE (they use the unwhitened scores)', () => {
    const truth = fixture.cases[0]!;
    const pca = new PCA({ nComponents: 3, whiten: true }).fit(fixture.train);
    expect(relErr(pca.hotellingT2(fixture.new), truth.t2)).toBeLessThan(1e-10);
    expect(relErr(pca.spe(fixture.new), truth.spe)).toBeLessThan(1e-10);
  });

  it('the T² of the training rows averages k(n − 1)/n, as Σ t²/λ must', () => {
    const pca = new PCA({ nComponents: 3 }).fit(fixture.train);
    const t2 = pca.hotellingT2(fixture.train);
    const mean = t2.reduce((a, b) => a + b, 0) / t2.length;
    expect(Math.abs(mean - (3 * 59) / 60)).toBeLessThan(1e-12);
  });

  it('a sample on the model has an SPE of rounding size, not cancellation noise', () => {
    const pca = new PCA({ nComponents: 3 }).fit(fixture.train);
    const onModel = pca.inverseTransform(pca.transform([fixture.new[0]!]));
    // Offset 1e3 from the mean: |x̃|² − |t|² would leave ~1e-10, the explicit residual ~1e-26.
    const far = pca.inverseTransform([[1e3, 0, 0]]);
    expect(pca.spe(onModel)[0]).toBeLessThan(1e-24);
    expect(pca.spe(far)[0]).toBeLessThan(1e-20);
  });
});

describe('hotellingT2 and spe at the edges of float64', () => {
  it('data near 1e153, which fit accepts, give T² unchanged and SPE scaled by 1e306', () => {
    const truth = fixture.cases[0]!;
    const big = (rows: number[][]) => rows.map((r) => r.map((v) => v * 1e153));
    const pca = new PCA({ nComponents: 3, solver: 'exact' }).fit(big(fixture.train));
    expect(relErr(pca.hotellingT2(big(fixture.new)), truth.t2)).toBeLessThan(1e-10);
    expect(
      relErr(
        pca.spe(big(fixture.new)),
        truth.spe.map((q) => q * 1e306),
      ),
    ).toBeLessThan(1e-10);
  });

  it('a row whose T² or SPE overflows float64 is refused, not answered with Infinity', () => {
    const pca = new PCA({ nComponents: 3, solver: 'exact' }).fit(fixture.train);
    const far = [fixture.new[0]!, fixture.new[1]!.map((v, j) => (j === 4 ? 1e300 : v))];
    expect(() => pca.spe(far)).toThrow(/X\[1\]'s (T²|SPE) overflows float64/);
  });
});

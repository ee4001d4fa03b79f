import { InvalidInputError, PCA } from 'autoencoders/pca';
import { describe, expect, it } from 'vitest';
import { fixture, relErr, thrown } from './fixture.js';

describe("controlLimits against scipy's f.ppf, chi2.ppf and norm.ppf", () => {
  for (const truth of fixture.cases) {
    for (const solver of ['exact', 'covariance'] as const) {
      it(`k = ${truth.nComponents}, scale ${truth.scale}, ${solver}: T² and both SPE limits at four α to 1e-8`, () => {
        const pca = new PCA({ nComponents: truth.nComponents, scale: truth.scale, solver });
        pca.fit(fixture.train);
        for (const limit of truth.limits) {
          const { alpha } = limit;
          if (limit.box === undefined || limit.jacksonMudholkar === undefined) {
            expect(thrown(() => pca.controlLimits({ alpha })).message).toMatch(/no variance/);
            continue;
          }
          const jm = pca.controlLimits({ alpha });
          const box = pca.controlLimits({ alpha, method: 'box' });
          // Achieved ~1e-13 (θ from the solver's eigenvalues, quantiles from @stdlib).
          expect(relErr([jm.t2, box.t2], [limit.t2, limit.t2])).toBeLessThan(1e-8);
          expect(relErr([jm.spe], [limit.jacksonMudholkar])).toBeLessThan(1e-8);
          expect(relErr([box.spe], [limit.box])).toBeLessThan(1e-8);
        }
      });
    }
  }

  for (const truth of fixture.spectra) {
    it(`h0 = ${truth.h0.toFixed(3)} < 0: both SPE limits equal scipy's to 1e-8, Jackson–Mudholkar's above the true quantile`, () => {
      const json = new PCA({ nComponents: 3, solver: 'exact' }).fit(fixture.train).toJSON();
      const pca = PCA.fromJSON({ ...json, residualTheta: truth.theta });
      for (const limit of truth.limits) {
        const { alpha } = limit;
        const jm = pca.controlLimits({ alpha }).spe;
        expect(relErr([jm], [limit.jacksonMudholkar])).toBeLessThan(1e-8);
        expect(relErr([pca.controlLimits({ alpha, method: 'box' }).spe], [limit.box])).toBeLessThan(
          1e-8,
        );
        // With h0's sign carried the limit errs high (fewer false alarms than α), never below the
        // mean as the textbook's √(h0²) form does there; the Monte Carlo quantile is good to ~0.5%.
        expect(jm).toBeGreaterThan(limit.monteCarlo * 0.99);
      }
    });
  }

  it("defaults to alpha 0.05 and 'jackson-mudholkar'", () => {
    const pca = new PCA({ nComponents: 3, solver: 'exact' }).fit(fixture.train);
    const truth = fixture.cases[0]!.limits[0]!;
    expect(pca.controlLimits()).toEqual(
      pca.controlLimits({ alpha: 0.05, method: 'jackson-mudholkar' }),
    );
    expect(relErr([pca.controlLimits().spe], [truth.jacksonMudholkar!])).toBeLessThan(1e-8);
  });

  it('about α of in-control samples exceed each limit (simulation, 20,000 Gaussian rows)', () => {
    // Independent of the formulas: the share beyond each limit is a binomial count around α.
    let seed = 5;
    const normal = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const u = (seed + 1) / (2 ** 31 + 1);
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const v = (seed + 1) / (2 ** 31 + 1);
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    };
    const sd = [6, 4, 3, 1, 0.9, 0.7, 0.5, 0.4];
    const rows = (m: number) => Array.from({ length: m }, () => sd.map((s) => s * normal()));
    const pca = new PCA({ nComponents: 3, solver: 'exact' }).fit(rows(2000));
    const report = pca.outliers(rows(20000), { alpha: 0.05 });
    const share = (xs: Float64Array, limit: number) =>
      xs.filter((x) => x > limit).length / xs.length;
    // 0.05 ± 4 binomial standard deviations (0.0015) plus the limits' approximation error.
    expect(Math.abs(share(report.t2, report.limits.t2) - 0.05)).toBeLessThan(0.008);
    expect(Math.abs(share(report.spe, report.limits.spe) - 0.05)).toBeLessThan(0.008);
  });

  it('the SPE limit of a randomized fit, a version-1 file or a scikit-learn import is refused, saying why', () => {
    const randomized = new PCA({ nComponents: 3, solver: 'randomized' }).fit(fixture.train);
    const v1 = JSON.parse(
      JSON.stringify(new PCA({ nComponents: 3, solver: 'exact' }).fit(fixture.train)),
    );
    v1.version = 1;
    delete v1.noiseVariance;
    delete v1.residualTheta;
    const imported = PCA.fromSklearn(randomized.toSklearn());
    for (const pca of [randomized, PCA.fromJSON(v1), imported]) {
      const e = thrown(() => pca.controlLimits());
      expect(InvalidInputError.is(e)).toBe(true);
      expect(e.message).toMatch(/discarded eigenvalues.*randomized.*version-1.*scikit-learn/s);
      expect(e.message).toMatch(/solver: 'exact'/);
    }
  });

  it('θ survives the version-2 JSON round trip', () => {
    const pca = new PCA({ nComponents: 3, solver: 'covariance' }).fit(fixture.train);
    const json = pca.toJSON();
    expect(json.version).toBe(2);
    expect(relErr(json.residualTheta!, fixture.cases[0]!.theta)).toBeLessThan(1e-10);
    expect(PCA.fromJSON(JSON.stringify(json)).controlLimits()).toEqual(pca.controlLimits());
  });
});

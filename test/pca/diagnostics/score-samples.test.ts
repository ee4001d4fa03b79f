import { PCA } from 'autoencoders/pca';
import { describe, expect, it } from 'vitest';
import { fixture, relErr } from './fixture.js';

describe("scoreSamples and score: scikit-learn's probabilistic PCA log-likelihood", () => {
  for (const truth of fixture.cases) {
    for (const solver of ['exact', 'covariance'] as const) {
      it(`k = ${truth.nComponents}, scale ${truth.scale}, ${solver}: equals numpy's Woodbury-form score_samples to 1e-10`, () => {
        const pca = new PCA({ nComponents: truth.nComponents, scale: truth.scale, solver });
        pca.fit(fixture.train);
        // Achieved ~1e-14 relative.
        expect(relErr(pca.scoreSamples(fixture.new), truth.scoreSamples)).toBeLessThan(1e-10);
        expect(relErr([pca.score(fixture.new)], [truth.score])).toBeLessThan(1e-10);
        expect(
          relErr([pca.toJSON().noiseVariance ?? Number.NaN], [truth.noiseVariance]),
        ).toBeLessThan(1e-10);
      });
    }
  }

  it('the randomized solver derives the noise variance from the total variance, as scikit-learn does', () => {
    const truth = fixture.cases[0]!;
    const pca = new PCA({ nComponents: 3, solver: 'randomized' }).fit(fixture.train);
    expect(relErr(pca.scoreSamples(fixture.new), truth.scoreSamples)).toBeLessThan(1e-10);
  });

  it('whitening does not change the density of the data', () => {
    const truth = fixture.cases[0]!;
    const pca = new PCA({ nComponents: 3, whiten: true }).fit(fixture.train);
    expect(relErr(pca.scoreSamples(fixture.new), truth.scoreSamples)).toBeLessThan(1e-10);
  });

  it('survives a version-1 file and a JSON round trip unchanged', () => {
    const pca = new PCA({ nComponents: 3 }).fit(fixture.train);
    const copy = PCA.fromJSON(JSON.stringify(pca));
    expect(Array.from(copy.scoreSamples(fixture.new))).toEqual(
      Array.from(pca.scoreSamples(fixture.new)),
    );
    const v1 = JSON.parse(JSON.stringify(pca));
    v1.version = 1;
    delete v1.noiseVariance;
    delete v1.residualTheta;
    expect(
      relErr(PCA.fromJSON(v1).scoreSamples(fixture.new), fixture.cases[0]!.scoreSamples),
    ).toBeLessThan(1e-10);
  });
});

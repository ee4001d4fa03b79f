import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PCA, PcaStatistics, principalAngles } from 'autoencoders/pca';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../../fixtures/make-shard-statistics.py', import.meta.url));
const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;
if (!hasNumpy && !process.env.CI) {
  console.warn('numpy-shards.test.ts skipped: python3 with numpy is not available.');
}

interface Fixture {
  shards: object[];
  eigenvalues: number[];
  components: number[][];
  k: number;
}

// Under CI a missing numpy fails this test instead of skipping it.
describe.runIf(hasNumpy || process.env.CI)('statistics computed per shard by numpy', () => {
  it("merge to numpy's eigh of the full covariance", () => {
    const fixture = JSON.parse(
      execFileSync('python3', [script], { encoding: 'utf8', maxBuffer: 1 << 26 }),
    ) as Fixture;
    const { k, eigenvalues } = fixture;
    const merged = fixture.shards
      .map((json) => PcaStatistics.fromJSON(json))
      .reduceRight((a, b) => a.merge(b));
    expect(merged.count).toBe(4000);
    const pca = PCA.fromStatistics(merged);
    const largest = eigenvalues[0];
    let worst = 0;
    pca.explainedVariance.forEach((v, i) => {
      worst = Math.max(worst, Math.abs(v - eigenvalues[i]) / largest);
    });
    // Measured 1.1e-15 and 6e-15 rad (both eigensolvers of the same matrix, good to about
    // d·eps·λ₁); the issue asks for 1e-10 and 1e-8 rad, these bounds are 100× the measured.
    expect(worst).toBeLessThan(1e-13);
    const top = PCA.fromStatistics(merged, { nComponents: k });
    const angles = principalAngles(top.components, fixture.components);
    console.log(
      `numpy shards: variances ${worst.toExponential(1)} of λ₁, angle ${Math.max(...angles).toExponential(1)} rad`,
    );
    expect(Math.max(...angles)).toBeLessThan(1e-12);
  });
});

import { PCA, PcaStatistics, principalAngles } from 'autoencoders/pca';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maxRelative, spectrumRows, topRows } from './helpers.js';

// Population spectrum 100, 9, 1, 0.25, 0.0625 (κ² = 1600): a clear gap after 2 components, and
// the smallest variance still far above the eigensolvers' absolute error (about eps·λ₁).
const SCALES = [10, 3, 1, 0.5, 0.25];

/** Merges a list of statistics pairwise in the order `picks` draws, a random binary tree. */
function mergeTree(parts: PcaStatistics[], picks: number[], roundTrip: boolean[]): PcaStatistics {
  const pool = [...parts];
  let t = 0;
  while (pool.length > 1) {
    const i = (picks[t % picks.length] ?? 0) % pool.length;
    const [a] = pool.splice(i, 1);
    const j = (picks[(t + 1) % picks.length] ?? 0) % pool.length;
    const b = pool[j];
    // Sometimes through JSON, as statistics from another process would arrive.
    const left = roundTrip[t % roundTrip.length] ? PcaStatistics.fromJSON(JSON.stringify(a)) : a;
    pool[j] = left.merge(b);
    t++;
  }
  return pool[0];
}

describe('PcaStatistics: chunk sizes and merge order do not matter', () => {
  it('any split into chunks of 1 to n rows, merged in any tree, gives the single-fit model', () => {
    let worstVariance = 0;
    let worstAngle = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 6, max: 60 }),
        fc.integer({ min: 2, max: 5 }),
        fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: 60 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 20 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 0, max: 1000 }),
        (n, d, sizes, picks, roundTrip, seed) => {
          const rows = spectrumRows(n, SCALES.slice(0, d), 1000, seed);
          const parts: PcaStatistics[] = [];
          for (let start = 0, c = 0; start < n; c++) {
            const size = Math.min(sizes[c % sizes.length], n - start);
            parts.push(new PcaStatistics().add(rows.slice(start, start + size)));
            start += size;
          }
          const merged = mergeTree(parts, picks, roundTrip);
          const k = Math.min(2, d);
          const fromStats = PCA.fromStatistics(merged, { nComponents: k });
          const single = new PCA({ nComponents: k, solver: 'exact' }).fit(rows);
          const all = PCA.fromStatistics(merged).explainedVariance;
          const allSingle = new PCA({ solver: 'exact' }).fit(rows).explainedVariance;
          const rel = Math.max(
            maxRelative(fromStats.explainedVariance, single.explainedVariance),
            maxRelative(all, allSingle),
          );
          const angles = principalAngles(
            topRows(fromStats.components, k),
            topRows(single.components, k),
          );
          const angle = Math.max(...angles);
          worstVariance = Math.max(worstVariance, rel);
          worstAngle = Math.max(worstAngle, angle);
          expect(merged.count).toBe(n);
          // Measured 2e-12 and 2e-14 rad over these runs (the bounds: 1e-10, 1e-8 rad).
          expect(rel).toBeLessThan(1e-10);
          expect(angle).toBeLessThan(1e-12);
        },
      ),
      { seed: 20261203, numRuns: 150 },
    );
    console.log(
      `merge property: worst variance ${worstVariance.toExponential(1)}, worst angle ${worstAngle.toExponential(1)} rad`,
    );
  });
});

import { readFileSync } from 'node:fs';
import { InvalidInputError, rocAuc, rocCurve, ShapeError } from 'autoencoders/pca';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

interface AucCase {
  scores: number[];
  labels: number[];
  auc: number;
}
// scipy.stats.mannwhitneyu(pos, neg).statistic / (n_pos · n_neg) (make-anomaly-thresholds.py).
const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/anomaly-thresholds.json', import.meta.url), 'utf8'),
) as { aucs: AucCase[] };

/** The definition itself: the share of (outlier, normal) pairs ranked right, ties half. O(n²). */
function pairwiseAuc(scores: number[], labels: boolean[]): number {
  let wins = 0;
  let pairs = 0;
  scores.forEach((p, i) => {
    if (!labels[i]) return;
    scores.forEach((q, j) => {
      if (labels[j]) return;
      pairs++;
      wins += p > q ? 1 : p === q ? 0.5 : 0;
    });
  });
  return wins / pairs;
}

describe('rocAuc(scores, labels)', () => {
  it('matches scipy.stats.mannwhitneyu U / (n₊·n₋) to 1e-12, ties included', () => {
    for (const { scores, labels, auc } of fixture.aucs) {
      expect(Math.abs(rocAuc(scores, labels) - auc)).toBeLessThanOrEqual(1e-12);
    }
  });

  it('closed-form cases: perfect, reversed, all tied, one pair wrong', () => {
    expect(rocAuc([1, 2, 3, 4], [0, 0, 1, 1])).toBe(1);
    expect(rocAuc([4, 3, 2, 1], [false, false, true, true])).toBe(0);
    expect(rocAuc([7, 7, 7], [1, 0, 0])).toBe(0.5);
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBe(0.75);
    expect(rocAuc(new Float32Array([1, 1, 2]), [1, 0, 1])).toBe(0.75);
  });

  it('equals the pairwise definition on random tied scores', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.boolean()), {
          minLength: 2,
          maxLength: 80,
        }),
        (rows) => {
          const labels = rows.map((r) => r[1]);
          fc.pre(labels.includes(true) && labels.includes(false));
          const scores = rows.map((r) => r[0]);
          expect(rocAuc(scores, labels)).toBeCloseTo(pairwiseAuc(scores, labels), 12);
        },
      ),
      { seed: 7, numRuns: 300 },
    );
  });

  it('refuses one-class labels, bad labels and mismatched lengths with typed errors', () => {
    expect(() => rocAuc([1, 2], [0, 0])).toThrow(InvalidInputError);
    expect(() => rocAuc([1, 2], [1, 1])).toThrow(/at least one of each/);
    expect(() => rocAuc([1, 2], [0, 2])).toThrow(/labels\[1\] is 2/);
    expect(() => rocAuc([1, 2], null as never)).toThrow(InvalidInputError);
    expect(() => rocAuc([1, 2, 3], [0, 1])).toThrow(ShapeError);
    expect(() => rocAuc([1, Number.NaN], [0, 1])).toThrow(/scores\[1\] is NaN/);
  });
});

describe('rocCurve(scores, labels)', () => {
  it('steps through each distinct score from (0, 0) to (1, 1), as sklearn roc_curve', () => {
    // sklearn.metrics.roc_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], drop_intermediate=False)
    const c = rocCurve([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]);
    expect([...c.fpr]).toEqual([0, 0, 0.5, 0.5, 1]);
    expect([...c.tpr]).toEqual([0, 0.5, 0.5, 1, 1]);
    expect([...c.thresholds]).toEqual([Number.POSITIVE_INFINITY, 0.8, 0.4, 0.35, 0.1]);
  });

  it('merges tied scores into one point, and its trapezoid area is the pairwise AUC', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.boolean()), {
          minLength: 2,
          maxLength: 50,
        }),
        (rows) => {
          const labels = rows.map((r) => r[1]);
          fc.pre(labels.includes(true) && labels.includes(false));
          const scores = rows.map((r) => r[0]);
          const { fpr, tpr, thresholds } = rocCurve(scores, labels);
          expect(thresholds.length).toBe(new Set(scores).size + 1);
          let area = 0;
          for (let i = 1; i < fpr.length; i++)
            area += ((fpr[i] - fpr[i - 1]) * (tpr[i] + tpr[i - 1])) / 2;
          expect(area).toBeCloseTo(pairwiseAuc(scores, labels), 12);
          expect(fpr[fpr.length - 1]).toBe(1);
          expect(tpr[tpr.length - 1]).toBe(1);
        },
      ),
      { seed: 8, numRuns: 200 },
    );
  });
});

import { readFileSync } from 'node:fs';
import {
  ConfigurationError,
  contaminationThreshold,
  falsePositiveThreshold,
  InvalidInputError,
} from 'autoencoders/pca';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

interface PercentileCase {
  scores: number[];
  contaminations: number[];
  thresholds: number[];
}
// numpy.percentile(scores, 100 * (1 - c)), as PyOD sets threshold_ (make-anomaly-thresholds.py).
const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/anomaly-thresholds.json', import.meta.url), 'utf8'),
) as { percentiles: PercentileCase[] };

describe('contaminationThreshold(scores, c)', () => {
  it("matches numpy.percentile(scores, 100·(1 − c)) to 1e-12 (PyOD's threshold_)", () => {
    let checked = 0;
    for (const { scores, contaminations, thresholds } of fixture.percentiles) {
      contaminations.forEach((c, i) => {
        const expected = thresholds[i];
        const got = contaminationThreshold(scores, c);
        expect(Math.abs(got - expected)).toBeLessThanOrEqual(
          1e-12 * Math.max(1, Math.abs(expected)),
        );
        checked++;
      });
    }
    expect(checked).toBe(8 * 3 * 7);
  });

  it('interpolates linearly between order statistics (closed form)', () => {
    // (n − 1)·0.9 = 8.1 → 9 + 0.1·(10 − 9); the order of the scores does not matter.
    expect(contaminationThreshold([10, 1, 9, 2, 8, 3, 7, 4, 6, 5], 0.1)).toBeCloseTo(9.1, 14);
    expect(contaminationThreshold([0, 4], 0.5)).toBe(2);
    expect(contaminationThreshold([3], 0.2)).toBe(3);
    expect(contaminationThreshold(new Float32Array([1, 2, 3, 4, 5]), 0.25)).toBe(4);
  });

  it('leaves about a share c of the scores strictly above it', () => {
    const scores = Array.from({ length: 1000 }, (_, i) => i);
    const t = contaminationThreshold(scores, 0.05);
    expect(scores.filter((s) => s > t).length).toBe(50);
  });

  it.each([0, -0.1, 0.51, 1, Number.NaN, '0.1', null])(
    'refuses contamination %s with a ConfigurationError',
    (c) => {
      expect(() => contaminationThreshold([1, 2, 3], c as number)).toThrow(ConfigurationError);
      expect(() => contaminationThreshold([1, 2, 3], c as number)).toThrow(/\(0, 0\.5\]/);
    },
  );

  it.each([
    [[], /empty/],
    [[1, Number.NaN, 3], /scores\[1\] is NaN/],
    [[1, Number.POSITIVE_INFINITY], /scores\[1\] is Infinity/],
    [[1, '2'], /scores\[1\] is "2"/],
    [null, /scores is null/],
    [{ length: 2 }, /array or typed array/],
  ])('refuses bad scores %j with an InvalidInputError', (scores, message) => {
    expect(() => contaminationThreshold(scores as never, 0.1)).toThrow(InvalidInputError);
    expect(() => contaminationThreshold(scores as never, 0.1)).toThrow(message);
  });
});

describe('falsePositiveThreshold(scores, rate)', () => {
  it('is the smallest threshold with at most floor(rate·n) scores strictly above it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 1, maxLength: 60 }),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        (scores, rate) => {
          const t = falsePositiveThreshold(scores, rate);
          const allowed = Math.floor(rate * scores.length + 1e-9);
          const above = (x: number) => scores.filter((s) => s > x).length;
          expect(scores).toContain(t);
          expect(above(t)).toBeLessThanOrEqual(allowed);
          // Any smaller threshold (the next lower score) lets too many through.
          const lower = scores.filter((s) => s < t);
          if (lower.length > 0) expect(above(Math.max(...lower))).toBeGreaterThan(allowed);
        },
      ),
      { seed: 12, numRuns: 300 },
    );
  });

  it('handles rates whose product with n rounds below an integer (0.29 · 100)', () => {
    const scores = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(falsePositiveThreshold(scores, 0.29)).toBe(71);
    expect(falsePositiveThreshold(scores, 0.07)).toBe(93);
  });

  it('closed-form cases: rate 0 is the maximum, ties are never flagged', () => {
    expect(falsePositiveThreshold([5, 1, 4, 2, 3, 9, 8, 7, 6, 10], 0.2)).toBe(8);
    expect(falsePositiveThreshold([3, 1, 2], 0)).toBe(3);
    expect(falsePositiveThreshold([1, 2, 2, 2], 0.5)).toBe(2);
    expect(falsePositiveThreshold(new Float64Array([4]), 0.9)).toBe(4);
  });

  it.each([-0.01, 1, 2, Number.NaN, undefined])(
    'refuses rate %s with a ConfigurationError',
    (r) => {
      expect(() => falsePositiveThreshold([1, 2], r as number)).toThrow(ConfigurationError);
      expect(() => falsePositiveThreshold([1, 2], r as number)).toThrow(/\[0, 1\)/);
    },
  );

  it('refuses empty or non-finite scores with an InvalidInputError', () => {
    expect(() => falsePositiveThreshold([], 0.1)).toThrow(InvalidInputError);
    expect(() => falsePositiveThreshold([0, Number.NaN], 0.1)).toThrow(/scores\[1\] is NaN/);
  });

  it('is exported from the main entry too', async () => {
    const main = await import('autoencoders');
    expect(main.falsePositiveThreshold).toBe(falsePositiveThreshold);
    expect(main.contaminationThreshold).toBe(contaminationThreshold);
  });
});

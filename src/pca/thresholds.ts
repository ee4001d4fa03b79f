import { ConfigurationError } from '../errors/configuration-error.js';
import { InvalidInputError } from '../errors/invalid-input-error.js';
import { describeValue } from './validate.js';

/**
 * Outlier scores as a detector returns them: a plain array or a typed array, one finite number
 * per sample, higher meaning more anomalous.
 *
 * @example
 * ```ts
 * import type { Scores } from 'autoencoders/pca';
 * const scores: Scores = new Float64Array([0.1, 0.4, 3.2]);
 * ```
 */
export type Scores = ArrayLike<number>;

/**
 * Checks scores once and copies them into a Float64Array: non-empty, every entry a finite number
 * (a NaN would sort anywhere and silently move a threshold).
 * @throws {@link InvalidInputError} naming the first bad entry. @internal
 */
export function readScores(scores: unknown, call: string): Float64Array {
  const arrayLike =
    Array.isArray(scores) ||
    (ArrayBuffer.isView(scores) && !(scores instanceof DataView) && 'length' in scores);
  if (!arrayLike) {
    throw new InvalidInputError(
      `${call}: scores is ${describeValue(scores)}; pass an array or typed array of numbers.`,
    );
  }
  const list = scores as ArrayLike<unknown>;
  if (list.length === 0) {
    throw new InvalidInputError(`${call}: scores is empty; pass at least one score.`);
  }
  const out = new Float64Array(list.length);
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    if (typeof v !== 'number' && typeof v !== 'bigint') {
      throw new InvalidInputError(
        `${call}: scores[${i}] is ${describeValue(v)}; every score must be a finite number.`,
      );
    }
    const n = Number(v);
    if (!Number.isFinite(n)) {
      throw new InvalidInputError(
        `${call}: scores[${i}] is ${n}; every score must be finite (remove or recompute it).`,
      );
    }
    out[i] = n;
  }
  return out;
}

function sortedScores(scores: unknown, call: string): Float64Array {
  return readScores(scores, call).sort();
}

/**
 * The threshold that flags a fraction `contamination` of the scores as outliers, as PyOD sets
 * `threshold_`: the 100·(1 − contamination) percentile of the scores with numpy's default
 * (linear) interpolation, `numpy.percentile(scores, 100 * (1 - c))`. A sample is an outlier when
 * its score is strictly above the threshold (PyOD's `labels_ = scores > threshold_`).
 *
 * @param scores - the training (or reference) scores, any order; finite numbers.
 * @param contamination - the expected share of outliers, in (0, 0.5] as PyOD allows.
 * @returns the threshold, in the scores' units.
 * @throws {@link InvalidInputError} for empty scores or a NaN / ±Infinity / non-number score;
 *   {@link ConfigurationError} for a contamination outside (0, 0.5].
 *
 * @example
 * ```ts
 * import { contaminationThreshold } from 'autoencoders/pca';
 * const t = contaminationThreshold([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.1); // 9.1, numpy's value
 * ```
 */
export function contaminationThreshold(scores: Scores, contamination: number): number {
  if (
    typeof contamination !== 'number' ||
    !(contamination > 0 && contamination <= 0.5) // NaN fails both comparisons
  ) {
    throw new ConfigurationError(
      `contaminationThreshold: contamination is ${describeValue(contamination)}; pass the expected share of outliers, a number in (0, 0.5].`,
    );
  }
  const sorted = sortedScores(scores, 'contaminationThreshold');
  return numpyPercentile(sorted, 100 * (1 - contamination));
}

/**
 * numpy's `percentile(a, q)` with `method='linear'` on sorted data, step for step as numpy 2
 * computes it (q/100, virtual index (n − 1)·q, and its two-sided lerp), so the result matches
 * numpy's to the last bit rather than to a rounding error.
 */
function numpyPercentile(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  const index = (n - 1) * (q / 100);
  const below = Math.floor(index);
  const above = Math.min(below + 1, n - 1);
  const gamma = index - below;
  const a = sorted[below];
  const b = sorted[above];
  const diff = b - a;
  return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
}

/**
 * The threshold for a chosen false-positive rate on validation scores of normal samples: the
 * smallest threshold `t` such that at most a fraction `rate` of the scores are strictly above
 * it, `#{s > t} ≤ floor(rate · n)`. That is the (n − m)-th smallest score with
 * m = floor(rate · n), so on these scores the share flagged (score > t) never exceeds `rate`
 * (ties at `t` are never flagged, so it may be lower). `rate = 0` gives the largest score.
 *
 * @param scores - validation scores of samples known to be normal; finite numbers.
 * @param rate - the largest acceptable false-positive rate, in [0, 1).
 * @returns the threshold, one of the scores.
 * @throws {@link InvalidInputError} for empty scores or a NaN / ±Infinity / non-number score;
 *   {@link ConfigurationError} for a rate outside [0, 1).
 *
 * @example
 * ```ts
 * import { falsePositiveThreshold } from 'autoencoders/pca';
 * const t = falsePositiveThreshold([5, 1, 4, 2, 3, 9, 8, 7, 6, 10], 0.2); // 8: only 9 and 10 exceed it
 * ```
 */
export function falsePositiveThreshold(scores: Scores, rate: number): number {
  if (typeof rate !== 'number' || !(rate >= 0 && rate < 1)) {
    throw new ConfigurationError(
      `falsePositiveThreshold: rate is ${describeValue(rate)}; pass the acceptable false-positive rate, a number in [0, 1).`,
    );
  }
  const sorted = sortedScores(scores, 'falsePositiveThreshold');
  const n = sorted.length;
  let allowed = Math.floor(rate * n);
  // rate·n can land just below an integer (0.29 · 100 = 28.999…): count that integer in.
  if ((allowed + 1) / n <= rate) allowed += 1;
  return sorted[n - 1 - allowed];
}

import { InvalidInputError } from '../errors/invalid-input-error.js';
import { ShapeError } from '../errors/shape-error.js';
import { readScores, type Scores } from './thresholds.js';
import { describeValue } from './validate.js';

/**
 * Which samples are the positives (outliers) for {@link rocAuc} and {@link rocCurve}: `true` or
 * `1` for an outlier, `false` or `0` for a normal sample.
 *
 * @example
 * ```ts
 * import type { OutlierLabels } from 'autoencoders/pca';
 * const labels: OutlierLabels = [false, false, true];
 * ```
 */
export type OutlierLabels = ArrayLike<boolean | number>;

/**
 * The points of a ROC curve, from (0, 0) to (1, 1): `thresholds[i]` flags every score ≥ it, and
 * gives false-positive rate `fpr[i]` and true-positive rate `tpr[i]`.
 *
 * @example
 * ```ts
 * import { rocCurve, type RocCurve } from 'autoencoders/pca';
 * const curve: RocCurve = rocCurve([0.1, 0.9], [0, 1]);
 * ```
 */
export interface RocCurve {
  /** False-positive rates, non-decreasing, from 0 to 1. */
  readonly fpr: Float64Array;
  /** True-positive rates, non-decreasing, from 0 to 1. */
  readonly tpr: Float64Array;
  /** The distinct scores in decreasing order, `+Infinity` first (nothing flagged). */
  readonly thresholds: Float64Array;
}

interface Labelled {
  readonly scores: Float64Array;
  readonly positive: Uint8Array;
  readonly positives: number;
}

function readLabelled(scores: Scores, labels: OutlierLabels, call: string): Labelled {
  const s = readScores(scores, call);
  if (labels === null || typeof labels !== 'object' || typeof labels.length !== 'number') {
    throw new InvalidInputError(
      `${call}: labels is ${describeValue(labels)}; pass an array of booleans or 0/1, one per score.`,
    );
  }
  if (labels.length !== s.length) {
    throw new ShapeError(
      `${call}: ${s.length} scores but ${labels.length} labels; pass one label per score.`,
    );
  }
  const positive = new Uint8Array(s.length);
  let positives = 0;
  for (let i = 0; i < s.length; i++) {
    const l = labels[i];
    if (l !== true && l !== false && l !== 0 && l !== 1) {
      throw new InvalidInputError(
        `${call}: labels[${i}] is ${describeValue(l)}; use true/1 for an outlier, false/0 for a normal sample.`,
      );
    }
    positive[i] = l === true || l === 1 ? 1 : 0;
    positives += positive[i];
  }
  if (positives === 0 || positives === s.length) {
    throw new InvalidInputError(
      `${call}: the labels are all ${positives === 0 ? 'normal' : 'outliers'}; a ROC needs at least one of each.`,
    );
  }
  return { scores: s, positive, positives };
}

function orderDescending(scores: Float64Array): Uint32Array {
  const order = new Uint32Array(scores.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => scores[b] - scores[a]);
}

/**
 * The area under the ROC curve: the probability that a random outlier scores higher than a
 * random normal sample, ties counted half, i.e. the Mann–Whitney U of the outliers' scores
 * divided by (outliers × normals), computed from mid-ranks (O(n log n)). Equals scikit-learn's
 * `roc_auc_score(labels, scores)`.
 *
 * @param scores - one finite score per sample, higher meaning more anomalous.
 * @param labels - `true`/`1` for an outlier, `false`/`0` for a normal sample.
 * @returns the AUC in [0, 1]; 0.5 is chance.
 * @throws {@link InvalidInputError} for bad scores or labels, or labels of one class only;
 *   {@link ShapeError} when the lengths differ.
 *
 * @example
 * ```ts
 * import { rocAuc } from 'autoencoders/pca';
 * const auc = rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]); // 0.75
 * ```
 */
export function rocAuc(scores: Scores, labels: OutlierLabels): number {
  const { scores: s, positive, positives } = readLabelled(scores, labels, 'rocAuc');
  const n = s.length;
  const order = orderDescending(s);
  // Ranks ascending (1 = lowest); a run of ties shares its mid-rank.
  let rankSum = 0;
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && s[order[end]] === s[order[start]]) end++;
    const midRank = n - (start + end - 1) / 2;
    for (let k = start; k < end; k++) if (positive[order[k]] === 1) rankSum += midRank;
    start = end;
  }
  const negatives = n - positives;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * The ROC curve of a detector: one point per distinct score, thresholds from high to low, as
 * scikit-learn's `roc_curve(labels, scores, drop_intermediate=False)` (with its leading
 * `(0, 0)` point at threshold `+Infinity`).
 *
 * @param scores - one finite score per sample, higher meaning more anomalous.
 * @param labels - `true`/`1` for an outlier, `false`/`0` for a normal sample.
 * @returns the curve's false- and true-positive rates and thresholds.
 * @throws as {@link rocAuc}.
 *
 * @example
 * ```ts
 * import { rocCurve } from 'autoencoders/pca';
 * const { fpr, tpr } = rocCurve([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]);
 * ```
 */
export function rocCurve(scores: Scores, labels: OutlierLabels): RocCurve {
  const { scores: s, positive, positives } = readLabelled(scores, labels, 'rocCurve');
  const n = s.length;
  const negatives = n - positives;
  const order = orderDescending(s);
  const fpr = [0];
  const tpr = [0];
  const thresholds = [Number.POSITIVE_INFINITY];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < n; k++) {
    if (positive[order[k]] === 1) tp++;
    else fp++;
    if (k + 1 < n && s[order[k + 1]] === s[order[k]]) continue;
    fpr.push(fp / negatives);
    tpr.push(tp / positives);
    thresholds.push(s[order[k]]);
  }
  return {
    fpr: Float64Array.from(fpr),
    tpr: Float64Array.from(tpr),
    thresholds: Float64Array.from(thresholds),
  };
}

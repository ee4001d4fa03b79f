import * as tf from '@tensorflow/tfjs-core';
import { ConfigurationError } from '../../errors/configuration-error.js';
import { InvalidInputError } from '../../errors/invalid-input-error.js';
import { readOptions } from '../../pca/options.js';
import { describeValue } from '../../pca/validate.js';
import { LOG_VARIANCE_RANGE, VariationalStrategy } from '../strategies/variational.js';
import type { Model } from './inference.js';
import { withInput } from './input.js';
import {
  type AutoencoderOutliers,
  type OutlierOptions,
  readScoreOptions,
  SCORE_KEYS,
  type ScoreOptions,
  type ScoreSettings,
} from './score-options.js';
import { checkBernoulliTargets } from './unit-range.js';

// Per-row anomaly scores: each row's share of the model's reconstruction loss (summed over
// features, as the loss sums before it averages over rows), and for a VAE the negative ELBO or
// the IWAE estimate of −log p(x). Every pass is batched and tidied; the sampled estimators keep
// only the codes' mean and spread on the device between draws.

/** σ² added inside the log for the raw-σ head, as VariationalStrategy's KL does. */
const SIGMA_EPSILON = 1e-10;

/** −log p(x|z) per row, up to a constant: the model's reconstruction loss, one entry per row. */
function reconstructionPerRow(m: Model, x: tf.Tensor2D, code: tf.Tensor2D): tf.Tensor1D {
  if (m.config.reconstructionLoss === 'bernoulli') {
    const l = m.network.decode(code, false, true);
    const perEntry = tf.add(tf.sub(tf.relu(l), tf.mul(l, x)), tf.log1p(tf.exp(tf.neg(tf.abs(l)))));
    return tf.sum(perEntry, 1) as tf.Tensor1D;
  }
  return tf.sum(tf.square(tf.sub(m.network.decode(code, false), x)), 1) as tf.Tensor1D;
}

// A type alias, not an interface, so that tf.tidy and tf.dispose take it as a tensor container.
type Posterior = {
  readonly mean: tf.Tensor2D;
  readonly sigma: tf.Tensor2D;
  readonly logSigma: tf.Tensor2D;
  /** KL(q(z|x) ‖ N(0, I)) per row, at β = 1. */
  readonly kl: tf.Tensor1D;
};

function posterior(
  strategy: VariationalStrategy,
  mean: tf.Tensor2D,
  spread: tf.Tensor2D,
): Posterior {
  let variance: tf.Tensor2D;
  let logVariance: tf.Tensor2D;
  if (strategy.parametrization === 'logVariance') {
    logVariance = tf.clipByValue(spread, LOG_VARIANCE_RANGE[0], LOG_VARIANCE_RANGE[1]);
    variance = tf.exp(logVariance);
  } else {
    variance = tf.square(spread);
    logVariance = tf.log(tf.add(SIGMA_EPSILON, variance)) as tf.Tensor2D;
  }
  const perEntry = tf.sub(tf.add(variance, tf.square(mean)), tf.add(1, logVariance));
  return {
    mean,
    sigma: strategy.sigma(spread),
    logSigma: tf.mul(0.5, logVariance) as tf.Tensor2D,
    kl: tf.mul(0.5, tf.sum(perEntry, 1)) as tf.Tensor1D,
  };
}

function variationalStrategyOf(m: Model): VariationalStrategy {
  const strategy = m.config.strategies.find((s) => s instanceof VariationalStrategy);
  if (!strategy) {
    throw new ConfigurationError(
      "scoreSamples: this model's variational head comes from a custom strategy, whose posterior the scores cannot read; score it with VariationalStrategy, or compute the score from encode() and decode().",
    );
  }
  return strategy as VariationalStrategy;
}

/** [start, rows] of each pass. */
function batchesOf(n: number, size: number): [number, number][] {
  const out: [number, number][] = [];
  for (let start = 0; start < n; start += size) out.push([start, Math.min(size, n - start)]);
  return out;
}

function rowsOf<T extends tf.Tensor>(t: T, start: number, rows: number): T {
  return start === 0 && rows === t.shape[0] ? t : (tf.slice(t, [start, 0], [rows, -1]) as T);
}

/** Reads a per-row tensor into `out` at `start`, disposing it. */
function readInto(out: Float64Array, start: number, values: tf.Tensor1D): void {
  out.set(values.dataSync(), start);
  values.dispose();
}

/** One deterministic pass per batch: the error at the code (a VAE's mean) plus, for a VAE, its KL. */
function deterministicScores(m: Model, x: tf.Tensor2D, batchSize: number): Float64Array {
  const strategy =
    m.config.architecture.latentHead === 'variational' ? variationalStrategyOf(m) : undefined;
  const out = new Float64Array(x.shape[0]);
  for (const [start, rows] of batchesOf(x.shape[0], batchSize)) {
    const scores = tf.tidy(() => {
      const batch = rowsOf(x, start, rows);
      const pass = m.network.encode(batch, false);
      if (!strategy) return reconstructionPerRow(m, batch, pass.code!);
      const q = posterior(strategy, pass.mean!, pass.spread!);
      return tf.add(reconstructionPerRow(m, batch, q.mean), q.kl) as tf.Tensor1D;
    });
    readInto(out, start, scores);
  }
  return out;
}

/**
 * One draw for every row: the reconstruction error at z = μ + σε (ELBO) or the log importance
 * weight log p(x|z) + log p(z) − log q(z|x) (IWAE), read into `out`.
 */
function drawOnce(
  m: Model,
  x: tf.Tensor2D,
  posteriors: readonly Posterior[],
  batches: readonly [number, number][],
  eps: tf.Tensor2D,
  iwae: boolean,
  out: Float64Array,
): void {
  batches.forEach(([start, rows], b) => {
    const q = posteriors[b];
    const values = tf.tidy(() => {
      const e = rowsOf(eps, start, rows);
      const z = tf.add(q.mean, tf.mul(q.sigma, e)) as tf.Tensor2D;
      const error = reconstructionPerRow(m, rowsOf(x, start, rows), z);
      if (!iwae) return error;
      // log p(z) − log q(z|x) = Σ (−z²/2 + ε²/2 + log σ): the 2π terms cancel.
      const prior = tf.add(tf.mul(-0.5, tf.square(z)), tf.mul(0.5, tf.square(e)));
      return tf.sub(tf.sum(tf.add(prior, q.logSigma), 1), error) as tf.Tensor1D;
    });
    readInto(out, start, values);
  });
}

/**
 * The Monte Carlo ELBO (mean reconstruction error over the draws plus the analytic KL) or the
 * IWAE estimate −log((1/K)·Σₖ p(x|zₖ)p(zₖ)/q(zₖ|x)), accumulated on the host in float64 as a
 * running log-sum-exp so no draw's weight underflows. Draw k is drawn for all rows at once from
 * `seed + k`, so the scores do not depend on the batch size.
 */
function sampledScores(m: Model, x: tf.Tensor2D, s: ScoreSettings, seed: number): Float64Array {
  const strategy = variationalStrategyOf(m);
  const n = x.shape[0];
  const samples = s.samples ?? 1;
  const batches = batchesOf(n, s.batchSize);
  const posteriors = batches.map(([start, rows]) =>
    tf.tidy(() => {
      const pass = m.network.encode(rowsOf(x, start, rows), false);
      return posterior(strategy, pass.mean!, pass.spread!);
    }),
  );
  const iwae = s.estimator === 'iwae';
  const total = new Float64Array(n); // ELBO: Σₖ error; IWAE: Σₖ exp(log wₖ − max)
  const max = new Float64Array(n).fill(Number.NEGATIVE_INFINITY);
  const draw = new Float64Array(n);
  try {
    for (let k = 0; k < samples; k++) {
      const eps = tf.randomNormal([n, m.config.latentDim], 0, 1, 'float32', seed + k);
      try {
        drawOnce(m, x, posteriors, batches, eps as tf.Tensor2D, iwae, draw);
      } finally {
        eps.dispose();
      }
      for (let i = 0; i < n; i++) {
        if (!iwae) total[i] += draw[i];
        else if (draw[i] > max[i]) {
          total[i] = total[i] * Math.exp(max[i] - draw[i]) + 1;
          max[i] = draw[i];
        } else total[i] += Math.exp(draw[i] - max[i]);
      }
    }
    const out = new Float64Array(n);
    if (iwae) {
      for (let i = 0; i < n; i++) out[i] = -(max[i] + Math.log(total[i] / samples));
      return out;
    }
    batches.forEach(([start], b) => {
      out.set(posteriors[b].kl.dataSync(), start);
    });
    for (let i = 0; i < n; i++) out[i] += total[i] / samples;
    return out;
  } finally {
    for (const q of posteriors) tf.dispose(q);
  }
}

function checkFiniteScores(scores: Float64Array, call: string): Float64Array {
  const bad = scores.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) {
    throw new InvalidInputError(
      `${call}: the score of row ${bad} is ${scores[bad]}: float32 overflowed inside the network (or its weights are not finite); rescale the data, e.g. standardize it.`,
    );
  }
  return scores;
}

/** Each row's score. @internal */
export function scoreRows(
  m: Model,
  x: unknown,
  options: ScoreOptions | undefined,
  nextSeed: () => number,
  call = 'scoreSamples',
): Float64Array {
  const variational = m.config.architecture.latentHead === 'variational';
  const s = readScoreOptions(options, variational, call);
  return withInput(x, 'x', m.config.inputDim, (t) => {
    if (m.config.reconstructionLoss === 'bernoulli') checkBernoulliTargets(t, 'x');
    const scores =
      s.samples === undefined
        ? deterministicScores(m, t, s.batchSize)
        : sampledScores(m, t, s, s.seed ?? nextSeed());
    return checkFiniteScores(scores, call);
  });
}

/** Scores, the threshold and a flag per row. @internal */
export function outlierRows(
  m: Model,
  x: unknown,
  options: OutlierOptions,
  nextSeed: () => number,
): AutoencoderOutliers {
  const { threshold, ...scoreOptions } = readOptions(
    options,
    [...SCORE_KEYS, 'threshold'],
    'outliers options',
  );
  if (typeof threshold !== 'number' || Number.isNaN(threshold)) {
    throw new ConfigurationError(
      `outliers: threshold is ${describeValue(threshold)}; pass { threshold } as a number, e.g. contaminationThreshold(ae.scoreSamples(training), 0.05).`,
    );
  }
  const scores = scoreRows(m, x, scoreOptions, nextSeed, 'outliers');
  return { scores, threshold, flagged: Array.from(scores, (v) => v > threshold) };
}

import { ConfigurationError } from '../../errors/configuration-error.js';
import { readOptions } from '../../pca/options.js';
import { describeValue } from '../../pca/validate.js';

/**
 * How a variational model's score estimates −log p(x): `'elbo'`, the negative evidence lower
 * bound (deterministic at the mean code unless `samples` is set); `'iwae'`, the importance-
 * weighted bound of Burda et al. (2016) with `samples` draws, tighter as `samples` grows. Both
 * take the KL at β = 1 whatever β the model trained with (only then is the ELBO a bound on
 * −log p(x)); with a squared-error output −log p(x|z) is Σ(x − x̂)², a Gaussian of variance ½ up
 * to the constant (d/2)·log π, which is left out (the same for every row).
 *
 * @example
 * ```ts
 * import type { ScoreEstimator } from 'autoencoders';
 * const estimator: ScoreEstimator = 'iwae';
 * ```
 */
export type ScoreEstimator = 'elbo' | 'iwae';

/**
 * Options of {@link Autoencoder.scoreSamples}. `estimator`, `samples` and `seed` apply to
 * variational models only (a deterministic model's score has nothing to sample).
 *
 * @example
 * ```ts
 * import type { ScoreOptions } from 'autoencoders';
 * const options: ScoreOptions = { estimator: 'iwae', samples: 100, seed: 1 };
 * ```
 */
export interface ScoreOptions {
  /**
   * The variational estimator.
   * @defaultValue 'elbo'
   */
  estimator?: ScoreEstimator;
  /**
   * Monte Carlo draws of the code per row: with `'elbo'` the reconstruction term is averaged over
   * them (left out: one deterministic pass at the mean code); with `'iwae'` they are the
   * importance samples.
   * @defaultValue none for `'elbo'` (deterministic), 64 for `'iwae'`
   */
  samples?: number;
  /**
   * Seed of the draws: draw k (0-based) is `tf.randomNormal([rows, latentDim], 0, 1,
   * 'float32', seed + k)`, whatever the batch size.
   * @defaultValue the next value of the model's seeded generator (as `sample()`)
   */
  seed?: number;
  /**
   * Rows per forward pass (bounds memory; the scores do not depend on it).
   * @defaultValue 1024
   */
  batchSize?: number;
}

/** The keys of {@link ScoreOptions}. @internal */
export const SCORE_KEYS: readonly (keyof ScoreOptions)[] = [
  'estimator',
  'samples',
  'seed',
  'batchSize',
];

/**
 * Options of {@link Autoencoder.outliers}: the threshold, and how to score.
 *
 * @example
 * ```ts
 * import type { OutlierOptions } from 'autoencoders';
 * const options: OutlierOptions = { threshold: 42.5, batchSize: 512 };
 * ```
 */
export interface OutlierOptions extends ScoreOptions {
  /** Rows scoring strictly above it are flagged (e.g. from {@link contaminationThreshold}). */
  threshold: number;
}

/**
 * What {@link Autoencoder.outliers} returns: the score of each row, the threshold and a flag per
 * row (the same `flagged` as PCA's outlier report).
 *
 * @example
 * ```ts
 * import type { AutoencoderOutliers } from 'autoencoders';
 * const count = (o: AutoencoderOutliers) => o.flagged.filter(Boolean).length;
 * ```
 */
export interface AutoencoderOutliers {
  /** Each row's score, as {@link Autoencoder.scoreSamples} returns it. */
  readonly scores: Float64Array;
  /** The threshold the scores were compared with. */
  readonly threshold: number;
  /** True for a row whose score is strictly above the threshold. */
  readonly flagged: boolean[];
}

/** Validated score options. @internal */
export interface ScoreSettings {
  readonly estimator: ScoreEstimator;
  /** Undefined: the deterministic pass. */
  readonly samples: number | undefined;
  readonly seed: number | undefined;
  readonly batchSize: number;
}

function positiveInteger(value: unknown, name: string, call: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new ConfigurationError(
      `${call}: ${name} is ${describeValue(value)}; pass a positive integer.`,
    );
  }
  return value;
}

/** Reads and checks score options; sampling options on a deterministic model are refused. @internal */
export function readScoreOptions(
  options: ScoreOptions | undefined,
  variational: boolean,
  call: string,
): ScoreSettings {
  const o = readOptions(options, SCORE_KEYS, `${call} options`);
  const estimator = o.estimator ?? 'elbo';
  if (estimator !== 'elbo' && estimator !== 'iwae') {
    throw new ConfigurationError(
      `${call}: estimator is ${describeValue(estimator)}; pass 'elbo' or 'iwae'.`,
    );
  }
  if (!variational) {
    const given = (['estimator', 'samples', 'seed'] as const).filter((k) => o[k] !== undefined);
    if (given.length > 0) {
      throw new ConfigurationError(
        `${call}: ${given.join(', ')} apply to variational models only; this model's score is its deterministic reconstruction error, so leave them out.`,
      );
    }
  }
  if (o.seed !== undefined && (typeof o.seed !== 'number' || !Number.isFinite(o.seed))) {
    throw new ConfigurationError(
      `${call}: seed is ${describeValue(o.seed)}; pass a finite number.`,
    );
  }
  const samples = positiveInteger(o.samples, 'samples', call);
  return {
    estimator,
    samples: samples ?? (estimator === 'iwae' ? 64 : undefined),
    seed: o.seed,
    batchSize: positiveInteger(o.batchSize, 'batchSize', call) ?? 1024,
  };
}

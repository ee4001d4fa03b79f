import * as tf from '@tensorflow/tfjs-core';
import type { JsonObject } from '../model/json.js';
import { classNameOf, strategyOptions, throwIfProblems } from './check.js';
import type {
  Architecture,
  LossContext,
  ReconstructionLoss,
  StepContext,
  Strategy,
} from './strategy.js';

/**
 * How the variational encoder's second head is read: `'logVariance'` (log σ², the usual and
 * numerically safer choice) or `'sigma'` (σ itself, raw and unconstrained, as the notebook's
 * `hidden3_sigma`).
 *
 * @example
 * ```ts
 * import type { VariationalParametrization } from 'autoencoders';
 * const p: VariationalParametrization = 'sigma';
 * ```
 */
export type VariationalParametrization = 'logVariance' | 'sigma';

/**
 * Options of {@link VariationalStrategy}.
 *
 * @example
 * ```ts
 * import type { VariationalOptions } from 'autoencoders';
 * const options: VariationalOptions = { beta: 4, warmupEpochs: 10 };
 * ```
 */
export interface VariationalOptions {
  /**
   * Weight β of the latent (KL) loss; β > 1 gives a β-VAE.
   * @defaultValue 1
   */
  beta?: number;
  /**
   * KL warm-up: the latent loss's weight rises linearly from 0 (first epoch) to β over this many
   * epochs of the model's history; 0 turns warm-up off.
   * @defaultValue 0
   */
  warmupEpochs?: number;
  /**
   * What the second head outputs.
   * @defaultValue 'logVariance'
   */
  parametrization?: VariationalParametrization;
}

/**
 * The range the log-variance head is clamped into before `exp` (in sampling and in the KL term),
 * so σ² = exp(log σ²) can neither overflow nor vanish in float32.
 *
 * @example
 * ```ts
 * import { LOG_VARIANCE_RANGE } from 'autoencoders';
 * const [lo, hi] = LOG_VARIANCE_RANGE; // [-30, 20]
 * ```
 */
export const LOG_VARIANCE_RANGE: readonly [number, number] = [-30, 20];
const SIGMA_EPSILON = 1e-10;

/**
 * Variational autoencoder (section 7 of the notebook). The encoder ends in two linear heads, the
 * mean μ and the log-variance log σ² (or σ, see `parametrization`); training decodes the
 * reparameterized sample z = μ + σ·ε, ε ~ N(0, I), and adds the latent loss
 * `kl = w · 0.5·Σ(σ² + μ² − 1 − log σ²)`, KL(q(z|x) ‖ N(0, I)) with w = β (after warm-up).
 * With a sigmoid output the reconstruction loss is the Bernoulli cross-entropy, computed from the
 * output layer's logits (stable for any logit); otherwise the squared error. `encode` returns μ
 * and `sample(n)` decodes draws from N(0, I).
 *
 * Reduction: both the reconstruction loss and the KL are summed over features (latent units)
 * and averaged over the batch's rows. That keeps them on the same per-sample scale whatever the
 * batch size: averaging the reconstruction over every element (784 per MNIST row) while summing
 * the KL would weigh the KL ~784× too heavily and collapse the posterior onto the prior (every
 * code the same, blurry reconstructions). The log-variance is clamped into [−30, 20] before
 * `exp` so it cannot overflow.
 *
 * Does not combine with a strategy that forces linear layers (LinearStrategy) or needs a
 * deterministic code activation (SparseStrategy): the builder refuses both.
 *
 * @throws {@link ConfigurationError} when `beta` is negative or not finite, `warmupEpochs` is not
 *   a non-negative integer or `parametrization` is unknown.
 *
 * @example
 * ```ts
 * import { Autoencoder, VariationalStrategy } from 'autoencoders';
 * const vae = Autoencoder.builder().inputDim(784).hiddenLayers([256, 256]).latentDim(32)
 *   .activation('elu').outputActivation('sigmoid')
 *   .strategy(new VariationalStrategy({ beta: 1 })).seed(42).build();
 * ```
 */
export class VariationalStrategy implements Strategy {
  /** The registry name. */
  static readonly className = 'VariationalStrategy';
  /** The registry name, read from the class ({@link VariationalStrategy.className}). */
  get name(): string {
    return classNameOf(this);
  }
  /** Asks for mean and spread heads. */
  readonly latentHead = 'variational' as const;
  /** Weight of the latent loss. */
  readonly beta: number;
  /** Epochs of linear KL warm-up. */
  readonly warmupEpochs: number;
  /** What the second head outputs. */
  readonly parametrization: VariationalParametrization;

  constructor(options: VariationalOptions = {}) {
    const o = strategyOptions('VariationalStrategy', options, [
      'beta',
      'warmupEpochs',
      'parametrization',
    ]);
    const beta = o.beta ?? 1;
    const warmupEpochs = o.warmupEpochs ?? 0;
    const parametrization = o.parametrization ?? 'logVariance';
    const problems: string[] = [];
    if (typeof beta !== 'number' || !Number.isFinite(beta) || beta < 0) {
      problems.push(`beta is ${String(beta)}; pass a finite number ≥ 0 (1 is the plain VAE).`);
    }
    if (typeof warmupEpochs !== 'number' || !Number.isInteger(warmupEpochs) || warmupEpochs < 0) {
      problems.push(`warmupEpochs is ${String(warmupEpochs)}; pass a whole number of epochs ≥ 0.`);
    }
    if (parametrization !== 'logVariance' && parametrization !== 'sigma') {
      problems.push(
        `parametrization is ${String(parametrization)}; pass 'logVariance' or 'sigma'.`,
      );
    }
    throwIfProblems('VariationalStrategy', problems);
    this.beta = beta as number;
    this.warmupEpochs = warmupEpochs as number;
    this.parametrization = parametrization as VariationalParametrization;
  }

  /** The heads' layer names: `z_mean`, and `z_log_variance` or `z_sigma` after the parametrization. */
  get latentHeadNames(): readonly [mean: string, spread: string] {
    return ['z_mean', this.parametrization === 'sigma' ? 'z_sigma' : 'z_log_variance'];
  }

  /** σ from the second head: exp(½·clamp(log σ²)) or the raw σ. */
  sigma(spread: tf.Tensor2D): tf.Tensor2D {
    if (this.parametrization === 'sigma') return spread;
    const [lo, hi] = LOG_VARIANCE_RANGE;
    return tf.exp(tf.mul(0.5, tf.clipByValue(spread, lo, hi))) as tf.Tensor2D;
  }

  /** z = μ + σ·ε with ε ~ N(0, I) drawn from the step's seed. */
  sampleLatent(mean: tf.Tensor2D, spread: tf.Tensor2D, context: StepContext): tf.Tensor2D {
    const eps = tf.randomNormal(mean.shape, 0, 1, 'float32', context.seed);
    return tf.add(mean, tf.mul(this.sigma(spread), eps)) as tf.Tensor2D;
  }

  /** The latent-loss weight at a given epoch: β, ramped linearly during warm-up while training. */
  klWeight(context: StepContext): number {
    if (!context.training || this.warmupEpochs === 0) return this.beta;
    return this.beta * Math.min(1, context.epoch / this.warmupEpochs);
  }

  /** `{ kl: w · 0.5·Σ(σ² + μ² − 1 − log σ²) / rows }`. */
  lossTerms(context: LossContext): Record<string, tf.Scalar> {
    const mu = context.latentMean;
    const spread = context.latentSpread;
    if (!mu || !spread) return {};
    let perEntry: tf.Tensor;
    if (this.parametrization === 'logVariance') {
      const [lo, hi] = LOG_VARIANCE_RANGE;
      const logVar = tf.clipByValue(spread, lo, hi);
      perEntry = tf.sub(tf.add(tf.exp(logVar), tf.square(mu)), tf.add(1, logVar));
    } else {
      const variance = tf.square(spread);
      perEntry = tf.sub(
        tf.add(variance, tf.square(mu)),
        tf.add(1, tf.log(tf.add(SIGMA_EPSILON, variance))),
      );
    }
    const kl = tf.div(tf.mul(0.5, tf.sum(perEntry)), context.batchSize);
    return { kl: tf.mul(this.klWeight(context), kl) as tf.Scalar };
  }

  /** Bernoulli cross-entropy (from logits) when the output is sigmoid, else the default. */
  reconstructionLoss(architecture: Architecture): ReconstructionLoss | undefined {
    return architecture.outputActivation === 'sigmoid' ? 'bernoulli' : undefined;
  }

  /** The settings as plain JSON. */
  getConfig(): JsonObject {
    return {
      beta: this.beta,
      warmupEpochs: this.warmupEpochs,
      parametrization: this.parametrization,
    };
  }

  /** Rebuilds a VariationalStrategy from {@link VariationalStrategy.getConfig}'s output. */
  static fromConfig(config: JsonObject): VariationalStrategy {
    return new VariationalStrategy(config as VariationalOptions);
  }
}

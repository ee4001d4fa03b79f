import * as tf from '@tensorflow/tfjs-core';
import type { JsonObject } from '../model/json.js';
import { classNameOf, strategyOptions, throwIfProblems } from './check.js';
import type { StepContext, Strategy } from './strategy.js';

/**
 * Options of {@link DenoisingStrategy}.
 *
 * @example
 * ```ts
 * import type { DenoisingOptions } from 'autoencoders';
 * const options: DenoisingOptions = { stddev: 0.5 };
 * ```
 */
export interface DenoisingOptions {
  /**
   * Standard deviation of the Gaussian noise added to each input entry while training.
   * @defaultValue 1 (the notebook's `noise_level`)
   */
  stddev?: number;
}

/**
 * Denoising autoencoder (section 6 of the notebook): while training, the encoder sees the batch
 * plus Gaussian noise `stddev·N(0, 1)`; the target stays the clean batch. Evaluation, encoding and
 * reconstruction never add noise. The noise is drawn from the step's seed, so a seeded model
 * trains reproducibly. Combines with every other strategy.
 *
 * @throws {@link ConfigurationError} when `stddev` is negative, NaN or infinite.
 *
 * @example
 * ```ts
 * import { Autoencoder, DenoisingStrategy } from 'autoencoders';
 * const ae = Autoencoder.builder().inputDim(784).hiddenLayers([256, 128]).latentDim(32)
 *   .strategy(new DenoisingStrategy({ stddev: 1 })).build();
 * ```
 */
export class DenoisingStrategy implements Strategy {
  /** The registry name. */
  static readonly className = 'DenoisingStrategy';
  /** The registry name, read from the class ({@link DenoisingStrategy.className}). */
  get name(): string {
    return classNameOf(this);
  }
  /** The noise's standard deviation. */
  readonly stddev: number;

  constructor(options: DenoisingOptions = {}) {
    const o = strategyOptions('DenoisingStrategy', options, ['stddev']);
    const stddev = o.stddev ?? 1;
    const problems: string[] = [];
    if (typeof stddev !== 'number' || !Number.isFinite(stddev) || stddev < 0) {
      problems.push(
        `stddev is ${String(stddev)}; pass a finite number ≥ 0 (e.g. 1 as in the notebook).`,
      );
    }
    throwIfProblems('DenoisingStrategy', problems);
    this.stddev = stddev as number;
  }

  /** Adds `stddev·N(0, 1)` noise, seeded by the step. */
  corruptInput(x: tf.Tensor2D, context: StepContext): tf.Tensor2D {
    if (this.stddev === 0) return x;
    return tf.add(
      x,
      tf.randomNormal(x.shape, 0, this.stddev, 'float32', context.seed),
    ) as tf.Tensor2D;
  }

  /** The settings as plain JSON. */
  getConfig(): JsonObject {
    return { stddev: this.stddev };
  }

  /** Rebuilds a DenoisingStrategy from {@link DenoisingStrategy.getConfig}'s output. */
  static fromConfig(config: JsonObject): DenoisingStrategy {
    return new DenoisingStrategy(config as DenoisingOptions);
  }
}

import * as tf from '@tensorflow/tfjs-core';
import type { JsonObject } from '../model/json.js';
import { classNameOf, strategyOptions, throwIfProblems } from './check.js';
import type { LossContext, Strategy } from './strategy.js';

/**
 * Options of {@link SparseStrategy}.
 *
 * @example
 * ```ts
 * import type { SparseOptions } from 'autoencoders';
 * const options: SparseOptions = { target: 0.032, weight: 0.2 };
 * ```
 */
export interface SparseOptions {
  /**
   * The target mean activation ρ of each code unit, in (0, 1).
   * @defaultValue 0.032 (the notebook's `sparsity_target`)
   */
  target?: number;
  /**
   * The penalty's weight, ≥ 0.
   * @defaultValue 0.2 (the notebook's `sparsity_weight`)
   */
  weight?: number;
  /**
   * The mean activation is clamped into [epsilon, 1 − epsilon] so the logarithms never see 0.
   * @defaultValue 1e-6
   */
  epsilon?: number;
}

/**
 * Sparse autoencoder (section 5 of the notebook): adds the loss term
 * `sparsity = weight · Σⱼ KL(ρ ‖ ρ̂ⱼ)`, where ρ̂ⱼ is code unit j's mean activation over the batch
 * (clamped into [ε, 1 − ε]) and KL(ρ ‖ q) = ρ·log(ρ/q) + (1 − ρ)·log((1 − ρ)/(1 − q)).
 * Needs a sigmoid code layer (the mean activations are probabilities) and may be overcomplete
 * (784-1000-784).
 *
 * @throws {@link ConfigurationError} when `target` is outside (0, 1) or `weight` is negative or not finite.
 *
 * @example
 * ```ts
 * import { Autoencoder, SparseStrategy } from 'autoencoders';
 * const ae = Autoencoder.builder().inputDim(784).latentDim(1000)
 *   .strategy(new SparseStrategy({ target: 0.032, weight: 0.2 })).build();
 * ```
 */
export class SparseStrategy implements Strategy {
  /** The registry name. */
  static readonly className = 'SparseStrategy';
  /** The registry name, read from the class ({@link SparseStrategy.className}). */
  get name(): string {
    return classNameOf(this);
  }
  /** A sparse code may be wider than the input. */
  readonly allowsOvercomplete = true;
  /** The penalty reads the code's activations as probabilities: the code must be sigmoid. */
  readonly requiredCodeActivation = 'sigmoid' as const;
  /** The target mean activation ρ. */
  readonly target: number;
  /** The penalty's weight. */
  readonly weight: number;
  /** The clamp applied to the mean activations. */
  readonly epsilon: number;

  constructor(options: SparseOptions = {}) {
    const o = strategyOptions('SparseStrategy', options, ['target', 'weight', 'epsilon']);
    const target = o.target ?? 0.032;
    const weight = o.weight ?? 0.2;
    const epsilon = o.epsilon ?? 1e-6;
    const problems: string[] = [];
    if (typeof target !== 'number' || !(target > 0 && target < 1)) {
      problems.push(
        `target is ${String(target)}; pass a mean activation strictly between 0 and 1 (e.g. 0.032).`,
      );
    }
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) {
      problems.push(`weight is ${String(weight)}; pass a finite number ≥ 0 (e.g. 0.2).`);
    }
    if (typeof epsilon !== 'number' || !(epsilon > 0 && epsilon < 0.5)) {
      problems.push(`epsilon is ${String(epsilon)}; pass a small positive number (e.g. 1e-6).`);
    }
    throwIfProblems('SparseStrategy', problems);
    this.target = target as number;
    this.weight = weight as number;
    this.epsilon = epsilon as number;
  }

  /** `{ sparsity: weight · Σ KL(target ‖ mean activation) }`. */
  lossTerms(context: LossContext): Record<string, tf.Scalar> {
    const rho = this.target;
    const q = tf.clipByValue(tf.mean(context.code, 0), this.epsilon, 1 - this.epsilon);
    const kl = tf.add(
      tf.mul(rho, tf.log(tf.div(rho, q))),
      tf.mul(1 - rho, tf.log(tf.div(1 - rho, tf.sub(1, q)))),
    );
    return { sparsity: tf.mul(this.weight, tf.sum(kl)) as tf.Scalar };
  }

  /** The settings as plain JSON. */
  getConfig(): JsonObject {
    return { target: this.target, weight: this.weight, epsilon: this.epsilon };
  }

  /** Rebuilds a SparseStrategy from {@link SparseStrategy.getConfig}'s output. */
  static fromConfig(config: JsonObject): SparseStrategy {
    return new SparseStrategy(config as SparseOptions);
  }
}

import type * as tf from '@tensorflow/tfjs-core';
import type { Activation } from './activations.js';
import type { JsonObject } from './json.js';

/**
 * What a latent (code) layer looks like: one deterministic code layer, or a variational pair of
 * heads (mean and log-variance or sigma) from which training samples the code.
 *
 * @example
 * ```ts
 * import type { LatentHead } from 'autoencoders';
 * const head: LatentHead = 'variational';
 * ```
 */
export type LatentHead = 'deterministic' | 'variational';

/**
 * The reconstruction loss: `'squaredError'` is the per-row sum of squared errors averaged over
 * rows (the notebook's `mean(sum((x - x̂)², axis=1))`); `'bernoulli'` is the per-row sum of
 * sigmoid cross-entropies computed from the output layer's logits, averaged over rows (needs a
 * sigmoid output).
 *
 * @example
 * ```ts
 * import type { ReconstructionLoss } from 'autoencoders';
 * const loss: ReconstructionLoss = 'bernoulli';
 * ```
 */
export type ReconstructionLoss = 'squaredError' | 'bernoulli';

/**
 * The network a builder is about to build, as strategies see it in {@link Strategy.validate}.
 * Widths that the user left unset or set wrongly are `undefined` (the builder reports those).
 *
 * @example
 * ```ts
 * import type { Architecture } from 'autoencoders';
 * const check = (a: Architecture): string[] =>
 *   a.codeActivation === 'sigmoid' ? [] : ['needs a sigmoid code layer'];
 * ```
 */
export interface Architecture {
  /** Input (and output) width. */
  readonly inputDim: number | undefined;
  /** Encoder hidden widths, input side first (the code layer not included). */
  readonly encoderLayers: readonly number[];
  /** Code width. */
  readonly latentDim: number | undefined;
  /** Decoder hidden widths, code side first (the output layer not included). */
  readonly decoderLayers: readonly number[];
  /** Activation of the hidden layers (after strategies such as LinearStrategy applied theirs). */
  readonly activation: Activation;
  /** Activation of a deterministic code layer. */
  readonly codeActivation: Activation;
  /** Activation of the output layer. */
  readonly outputActivation: Activation;
  /** The latent head every strategy together asks for. */
  readonly latentHead: LatentHead;
  /** The registry names of all the strategies combined in this model. */
  readonly strategyNames: readonly string[];
}

/**
 * Where a training or evaluation step stands, passed to strategy hooks.
 *
 * @example
 * ```ts
 * import type { StepContext } from 'autoencoders';
 * const describe = (c: StepContext) => `${c.training ? 'train' : 'eval'} epoch ${c.epoch}`;
 * ```
 */
export interface StepContext {
  /** True while fitting; false in `evaluate`, `encode`, validation and every other pass. */
  readonly training: boolean;
  /** The 0-based epoch over the model's whole history (it keeps counting across `fit` calls). */
  readonly epoch: number;
  /** The 0-based step within the epoch. */
  readonly step: number;
  /** A 32-bit seed for this step's randomness, drawn from the model's seeded generator. */
  readonly seed: number;
}

/**
 * The tensors of one forward pass, passed to {@link Strategy.lossTerms}. All are 2-D,
 * one row per sample, and are disposed by the trainer.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import type { LossContext } from 'autoencoders';
 * const l1 = (c: LossContext) => tf.div(tf.sum(tf.abs(c.code)), c.batchSize) as tf.Scalar;
 * ```
 */
export interface LossContext extends StepContext {
  /** The clean input batch (the reconstruction target). */
  readonly input: tf.Tensor2D;
  /** The encoder's input: the input after every `corruptInput` hook (the input itself when not training). */
  readonly encoderInput: tf.Tensor2D;
  /** The encoder's hidden activations, input side first (the code layer not included). */
  readonly hidden: readonly tf.Tensor2D[];
  /** The code the decoder received (for a variational head: the sample while training, the mean otherwise). */
  readonly code: tf.Tensor2D;
  /** A variational head's mean, else undefined. */
  readonly latentMean: tf.Tensor2D | undefined;
  /** A variational head's second output (log-variance or sigma), else undefined. */
  readonly latentSpread: tf.Tensor2D | undefined;
  /** The reconstruction (after the output activation). */
  readonly output: tf.Tensor2D;
  /** Rows in the batch. */
  readonly batchSize: number;
  /** The model's architecture. */
  readonly architecture: Architecture;
}

/**
 * One autoencoder variant's behaviour. Every hook is optional: a strategy may validate the
 * architecture, corrupt the training input, shape the latent head, sample the code, add loss
 * terms and choose the reconstruction loss. A class implementing it plugs into
 * `Autoencoder.builder().strategy(...)` without any change to the library; give the class a
 * static `className` (equal to `name`) and a static `fromConfig`, and call
 * {@link registerStrategy} so a saved model that uses it can be rebuilt.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { registerStrategy, type LossContext, type Strategy } from 'autoencoders';
 *
 * class ActivityL1Strategy implements Strategy {
 *   static readonly className = 'ActivityL1Strategy';
 *   readonly name = ActivityL1Strategy.className;
 *   constructor(readonly weight = 1e-3) {}
 *   getConfig() { return { weight: this.weight }; }
 *   lossTerms(c: LossContext) {
 *     return { l1: tf.mul(this.weight, tf.div(tf.sum(tf.abs(c.code)), c.batchSize)) as tf.Scalar };
 *   }
 *   static fromConfig(config: { weight?: number }) { return new ActivityL1Strategy(config.weight); }
 * }
 * registerStrategy(ActivityL1Strategy);
 * ```
 */
export interface Strategy {
  /** The stable registry name, equal to the class's static `className`. */
  readonly name: string;
  /** The strategy's settings as plain JSON; `fromConfig(getConfig())` must rebuild it. */
  getConfig(): JsonObject;
  /**
   * Checks the architecture (and the other strategies combined with this one).
   * @returns one message per problem, each saying what to change; empty when fine.
   */
  validate?(architecture: Architecture): string[];
  /** True when every layer (code and output too) must be linear. */
  readonly forcesLinear?: boolean;
  /** True when the code may be as wide as or wider than the input (e.g. sparse). */
  readonly allowsOvercomplete?: boolean;
  /** `'variational'` asks the builder for mean and spread heads instead of one code layer. */
  readonly latentHead?: LatentHead;
  /**
   * Training only: returns the encoder's input for a batch (e.g. the batch plus noise). The
   * target stays the clean batch. Called inside `tf.tidy`; do not dispose `x`.
   */
  corruptInput?(x: tf.Tensor2D, context: StepContext): tf.Tensor2D;
  /** Training only, variational heads: draws the code from the heads' outputs. */
  sampleLatent?(mean: tf.Tensor2D, spread: tf.Tensor2D, context: StepContext): tf.Tensor2D;
  /**
   * Extra loss terms, each a scalar added to the loss as it is (apply weights inside). The
   * trainer records each under its key in `History.terms`. Called inside `tf.tidy` and under the
   * gradient tape while training.
   */
  lossTerms?(context: LossContext): Record<string, tf.Scalar>;
  /** The reconstruction loss this strategy needs, or undefined to leave the default. */
  reconstructionLoss?(architecture: Architecture): ReconstructionLoss | undefined;
}

/**
 * A strategy class as the registry holds it: a static `className` and `fromConfig`.
 *
 * @example
 * ```ts
 * import { SparseStrategy, type StrategyClass } from 'autoencoders';
 * const cls: StrategyClass = SparseStrategy;
 * const copy = cls.fromConfig(new SparseStrategy({ target: 0.05, weight: 0.1 }).getConfig());
 * ```
 */
export interface StrategyClass {
  /** The registry name; instances report it as `name`. */
  readonly className: string;
  /** Rebuilds an instance from `getConfig()`'s output. */
  fromConfig(config: JsonObject): Strategy;
}

/**
 * A strategy in serialized form: its registry name and its `getConfig()`.
 *
 * @example
 * ```ts
 * import type { SerializedStrategy } from 'autoencoders';
 * const s: SerializedStrategy = { className: 'DenoisingStrategy', config: { stddev: 1 } };
 * ```
 */
export interface SerializedStrategy {
  /** The registry name (the class's static `className`). */
  readonly className: string;
  /** The strategy's `getConfig()`. */
  readonly config: JsonObject;
}

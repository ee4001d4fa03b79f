import type * as tf from '@tensorflow/tfjs-core';
import type { JsonObject } from '../model/json.js';
import type { Activation } from '../network/activations.js';

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
 *   a.activation === 'sigmoid' ? [] : ['needs a sigmoid code layer'];
 * ```
 */
export interface Architecture {
  /** Input (and output) width. */
  readonly inputDim: number | undefined;
  /** Encoder hidden widths, input side first (the code layer not included), as the builder's `hiddenLayers`. */
  readonly hiddenLayers: readonly number[];
  /**
   * Encoder hidden widths: the same array as {@link Architecture.hiddenLayers}.
   * @deprecated Use `hiddenLayers`, the builder's word; `encoderLayers` goes in the next minor version.
   */
  readonly encoderLayers: readonly number[];
  /** Code width. */
  readonly latentDim: number | undefined;
  /** Decoder hidden widths, code side first (the output layer not included). */
  readonly decoderLayers: readonly number[];
  /**
   * Activation of the hidden layers and of a deterministic code layer (after strategies such as
   * LinearStrategy applied theirs).
   */
  readonly activation: Activation;
  /**
   * Activation of a deterministic code layer: always equal to {@link Architecture.activation}.
   * @deprecated Read `activation`; `codeActivation` goes in the next minor version.
   */
  readonly codeActivation: Activation;
  /** Activation of the output layer. */
  readonly outputActivation: Activation;
  /** The latent head every strategy together asks for. */
  readonly latentHead: LatentHead;
  /** The registry names of all the strategies combined in this model. */
  readonly strategyNames: readonly string[];
}

/**
 * One dense layer's weights as a strategy's loss sees them: read-only tensors (the live weights
 * of the model, so a loss term built from them is differentiated with respect to them while
 * training). Do not dispose or change them.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import type { LayerWeights } from 'autoencoders';
 * const l2 = (w: LayerWeights) => tf.sum(tf.square(w.kernel)) as tf.Scalar;
 * ```
 */
export interface LayerWeights {
  /** The layer's name in its tfjs-layers model (e.g. `'encoder_dense_1'`, `'code'`, `'z_mean'`). */
  readonly name: string;
  /** The kernel, [inputs, units]: the layer computes `activation(x · kernel + bias)`. */
  readonly kernel: tf.Tensor2D;
  /** The bias, [units]. */
  readonly bias: tf.Tensor1D;
  /** The layer's activation. */
  readonly activation: Activation;
}

/**
 * The model's dense layers, in the order the data flows through them.
 *
 * @example
 * ```ts
 * import type { ModelWeights } from 'autoencoders';
 * const codeLayer = (w: ModelWeights) => w.encoder.at(-1);
 * ```
 */
export interface ModelWeights {
  /** The encoder's layers, input side first; the last is the code layer (a variational encoder ends in its mean head, then its spread head). */
  readonly encoder: readonly LayerWeights[];
  /** The decoder's layers, code side first; the last is the output layer. */
  readonly decoder: readonly LayerWeights[];
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
  /** The model's layer weights (read-only), e.g. for a penalty on the encoder's Jacobian. */
  readonly weights: ModelWeights;
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
  /**
   * The stable registry name. It must equal the class's static `className` (the builder refuses
   * a mismatch); derive it from the class, e.g. `readonly name = MyStrategy.className`.
   */
  readonly name: string;
  /** The strategy's settings as plain JSON; `fromConfig(getConfig())` must rebuild it. */
  getConfig(): JsonObject;
  /**
   * Checks the architecture (and the other strategies combined with this one).
   * @returns one message per problem, each saying what to change; empty when fine.
   */
  validate?(architecture: Architecture): string[];
  /**
   * Capability: every layer (code and output too) must be linear. Refused together with a
   * variational head or a {@link Strategy.requiredCodeActivation} other than `'linear'`.
   */
  readonly forcesLinear?: boolean;
  /** Capability: the code may be as wide as or wider than the input (e.g. sparse). */
  readonly allowsOvercomplete?: boolean;
  /**
   * Capability: `'variational'` asks the builder for mean and spread heads instead of one code
   * layer. A variational model needs exactly one strategy with {@link Strategy.sampleLatent}.
   */
  readonly latentHead?: LatentHead;
  /**
   * Capability: the names of the two variational heads' layers, mean first, read from the
   * strategy that asks for the variational head.
   * @defaultValue ['z_mean', 'z_log_variance']
   */
  readonly latentHeadNames?: readonly [mean: string, spread: string];
  /**
   * Capability: the deterministic code activation this strategy's loss needs (e.g. `'sigmoid'`
   * for a penalty on mean activations). The builder refuses a model whose code cannot have it:
   * another activation, a strategy that forces linear layers, or a variational head.
   */
  readonly requiredCodeActivation?: Activation;
  /**
   * Training only: returns the encoder's input for a batch (e.g. the batch plus noise), of the
   * batch's shape. The target stays the clean batch. Called inside `tf.tidy`; do not dispose `x`.
   * Several strategies' corruptions apply in the order the strategies were given.
   */
  corruptInput?(x: tf.Tensor2D, context: StepContext): tf.Tensor2D;
  /**
   * Training only, variational heads: draws the code, of the mean's shape, from the heads'
   * outputs. Exactly one strategy of a variational model has it (checked by `build()`); a
   * deterministic model has none.
   */
  sampleLatent?(mean: tf.Tensor2D, spread: tf.Tensor2D, context: StepContext): tf.Tensor2D;
  /**
   * Extra loss terms, each a float32 scalar added to the loss as it is (apply weights inside).
   * The trainer records each under its key in `History.terms`. Called inside `tf.tidy` and under
   * the gradient tape while training.
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

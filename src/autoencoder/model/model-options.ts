import type * as tf from '@tensorflow/tfjs-core';
import type { History } from './history.js';

/**
 * The saved state {@link Autoencoder.fromConfig} restores besides the config: the encoder's and
 * decoder's weights in `LayersModel.getWeights()` order, and the training history.
 *
 * @example
 * ```ts
 * import { Autoencoder, type AutoencoderState } from 'autoencoders';
 * const ae = Autoencoder.builder().inputDim(3).latentDim(1).seed(1).build();
 * const state: AutoencoderState = {
 *   encoderWeights: ae.encoder.getWeights(), decoderWeights: ae.decoder.getWeights(), history: ae.history,
 * };
 * const copy = Autoencoder.fromConfig(ae.getConfig(), state);
 * ```
 */
export interface AutoencoderState {
  /** Values for `encoder.setWeights` (copied; the caller keeps ownership). */
  encoderWeights?: readonly tf.Tensor[];
  /** Values for `decoder.setWeights` (copied; the caller keeps ownership). */
  decoderWeights?: readonly tf.Tensor[];
  /** The training history so far. */
  history?: History;
}

/** The keys of {@link AutoencoderState}. @internal */
export const STATE_KEYS: readonly (keyof AutoencoderState)[] = [
  'encoderWeights',
  'decoderWeights',
  'history',
];

/**
 * Options of {@link Autoencoder.evaluate}.
 *
 * @example
 * ```ts
 * import type { EvaluateOptions } from 'autoencoders';
 * const options: EvaluateOptions = { batchSize: 1000 };
 * ```
 */
export interface EvaluateOptions {
  /**
   * Rows per forward pass (bounds memory; batch-dependent terms such as sparsity are averaged
   * over the passes).
   * @defaultValue all rows in one pass
   */
  batchSize?: number;
}

/** The keys of {@link EvaluateOptions}. @internal */
export const EVALUATE_KEYS: readonly (keyof EvaluateOptions)[] = ['batchSize'];

/**
 * What {@link Autoencoder.evaluate} returns.
 *
 * @example
 * ```ts
 * import type { Evaluation } from 'autoencoders';
 * const describe = (e: Evaluation) => `loss ${e.loss.toFixed(3)}, mse ${e.mse.toFixed(3)}`;
 * ```
 */
export interface Evaluation {
  /** The model's objective on the data (reconstruction loss plus strategy terms), deterministic. */
  loss: number;
  /** Mean over rows of each row's summed squared error (the notebook's and PCA's mse). */
  mse: number;
}

/**
 * Options of {@link Autoencoder.sample}.
 *
 * @example
 * ```ts
 * import type { SampleOptions } from 'autoencoders';
 * const options: SampleOptions = { seed: 7 };
 * ```
 */
export interface SampleOptions {
  /**
   * Seed of the N(0, I) draws.
   * @defaultValue the next value of the model's seeded generator
   */
  seed?: number;
}

/** The keys of {@link SampleOptions}. @internal */
export const SAMPLE_KEYS: readonly (keyof SampleOptions)[] = ['seed'];

import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { loadModel, saveModel } from '../io/model-io.js';
import type { LoadOptions, LoadSource, SaveDestination } from '../io/store.js';
import type { Strategy } from '../strategies/strategy.js';
import type { FitSource } from '../training/batch-source.js';
import type { FitOptions } from '../training/fit-options.js';
import { AutoencoderBuilder } from './builder.js';
import { type AutoencoderConfig, configToJson } from './config.js';
import { trainOn } from './fit-call.js';
import { restoredState } from './from-config.js';
import { type FromModelsOptions, wrapModels } from './from-models.js';
import { copyHistory, type History } from './history.js';
import * as inference from './inference.js';
import type { AutoencoderInput } from './input.js';
import { loadSaved } from './load-wrapped.js';
import type {
  AutoencoderState,
  EvaluateOptions,
  Evaluation,
  SampleOptions,
} from './model-options.js';
import { ModelState } from './model-state.js';
import type { AutoencoderOutliers, OutlierOptions, ScoreOptions } from './score-options.js';
import { outlierRows, scoreRows } from './scores.js';

/**
 * An autoencoder on TensorFlow.js: a stock tfjs-layers encoder and decoder, trained by the
 * library's own loop so that strategies (linear, sparse, denoising, variational, your own) can
 * shape it. Build one with {@link Autoencoder.builder}.
 *
 * Tensors it returns belong to the caller; inputs are never changed or disposed. Every method
 * validates its input once (bad data: {@link InvalidInputError} or {@link ShapeError}; bad
 * options: {@link ConfigurationError}; after {@link Autoencoder.dispose}: {@link DisposedError})
 * and never returns a non-finite number or tensor silently.
 *
 * @example
 * ```ts
 * import { Autoencoder } from 'autoencoders';
 * const ae = Autoencoder.builder().inputDim(4).hiddenLayers([3]).latentDim(2).seed(42).build();
 * const x = [[0, 1, 0, 1], [1, 0, 1, 0], [1, 1, 0, 0]];
 * const history = await ae.fit(x, { epochs: 10, batchSize: 3 });
 * const codes = ae.encode(x); // tf.Tensor2D, 3 × 2, the caller's to dispose
 * console.log(history.loss, ae.evaluate(x).mse);
 * ```
 */
export class Autoencoder {
  private constructor(private readonly state: ModelState) {}

  /**
   * Starts a builder.
   * @example
   * const ae = Autoencoder.builder().inputDim(2).latentDim(1).build();
   */
  static builder(): AutoencoderBuilder {
    return new AutoencoderBuilder((resolved) => new Autoencoder(new ModelState(resolved)));
  }

  /**
   * Rebuilds a model from {@link Autoencoder.getConfig}'s JSON (strategies through the registry,
   * see {@link registerStrategy}) and, optionally, its weights and history; the same seed, so it
   * also shuffles and draws noise as the original did from its start.
   * @throws {@link ConfigurationError} for an invalid config, an unregistered strategy class or
   *   an unknown key in `state`; {@link ShapeError} when the weights' count or shapes do not
   *   match; {@link InvalidInputError} for a weight that is not a live, finite tensor.
   * @example
   * const twin = Autoencoder.fromConfig(JSON.parse(JSON.stringify(ae.getConfig())), {
   *   encoderWeights: ae.encoder.getWeights(), decoderWeights: ae.decoder.getWeights(),
   * });
   */
  static fromConfig(config: AutoencoderConfig, state?: AutoencoderState): Autoencoder {
    return new Autoencoder(restoredState(config, state));
  }

  /**
   * Wraps an encoder and a decoder trained elsewhere (a Keras pair from {@link loadKerasModel},
   * or any `tf.LayersModel`s tfjs can differentiate) so that every method, `fit` included, works
   * on them. It takes ownership (weights not copied): `ae.dispose()` disposes them; do not dispose
   * them yourself while it is in use. See {@link FromModelsOptions} and docs/training-elsewhere.md.
   * @throws {@link ConfigurationError} for bad options (unknown keys, `null`, not Layers models, a
   *   strategy that shapes the builder's own layers); {@link ShapeError} when the widths do not
   *   fit together or the input is not flat rows (4-D image input is not supported yet).
   * @example
   * ```ts
   * import * as tfl from '@tensorflow/tfjs-layers';
   * const encoder = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [4], units: 2, activation: 'relu' })] });
   * const decoder = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [2], units: 4 })] });
   * const ae = Autoencoder.fromModels({ encoder, decoder, seed: 1 });
   * await ae.fit([[0, 1, 0, 1], [1, 0, 1, 0]], { epochs: 5, batchSize: 2 });
   * ae.dispose(); // disposes encoder and decoder too
   * ```
   */
  static fromModels(options: FromModelsOptions): Autoencoder {
    const { config, network } = wrapModels(options);
    return new Autoencoder(new ModelState(config, network));
  }

  /**
   * Loads a model saved by {@link Autoencoder.save}; it reconstructs bit for bit what the saved
   * model did on the same backend, and can keep training: a checkpoint saved by `fit` also
   * restores the optimizer and the training generator, so the run resumes where it stopped; a
   * plain `save` starts a fresh optimizer.
   * @param source - a folder, URL prefix, IOHandler or bundle ({@link LoadSource}).
   * @param options - `fetch` and `requestInit` for `http(s)://` sources ({@link LoadOptions}).
   * @throws {@link ModelFileError} naming the file and the problem (missing, truncated,
   *   malformed, newer format, unsafe paths, unknown strategy: call `registerStrategy` first);
   *   {@link InvalidInputError} for a source this environment cannot use.
   * @example
   * const ae = await Autoencoder.load('./my-model');
   */
  static async load(source: LoadSource, options: LoadOptions = {}): Promise<Autoencoder> {
    return loadModel(source, options, async (...file) => {
      const { state, resume } = await loadSaved(...file);
      return { model: new Autoencoder(state), ...(resume === undefined ? {} : { resume }) };
    });
  }

  /**
   * The settings as plain JSON (strategies as `{ className, config }`), for
   * {@link Autoencoder.fromConfig} and for saving. @throws {@link DisposedError} after dispose.
   */
  getConfig(): AutoencoderConfig {
    return configToJson(this.state.usable().config);
  }

  /**
   * The encoder, a stock `tf.LayersModel` (a variational one outputs `[mean, logVariance]`, or
   * `[mean, sigma]` with `parametrization: 'sigma'`) holding the model's own weights: dispose the
   * Autoencoder, not it. @throws {@link DisposedError} after {@link dispose}.
   */
  get encoder(): tfl.LayersModel {
    return this.state.usable().network.encoder;
  }

  /** The decoder, codes to reconstructions (own weights). @throws {@link DisposedError} after dispose. */
  get decoder(): tfl.LayersModel {
    return this.state.usable().network.decoder;
  }

  /** A copy of the whole training history, across every `fit` call. */
  get history(): History {
    return copyHistory(this.state.history);
  }

  /** The input width. */
  get inputDim(): number {
    return this.state.config.inputDim;
  }

  /** The code width. */
  get latentDim(): number {
    return this.state.config.latentDim;
  }

  /** The strategies combined in this model. */
  get strategies(): readonly Strategy[] {
    return this.state.config.strategies;
  }

  /** True when the model has a variational latent head (and so can {@link sample}). */
  get isVariational(): boolean {
    return this.state.config.architecture.latentHead === 'variational';
  }

  /** True after {@link dispose}. */
  get disposed(): boolean {
    return this.state.disposed;
  }

  /**
   * Trains the model with the library's own loop (strategy losses, callbacks, early stopping,
   * checkpoints, clipping, a check of every update), yielding to the event loop after every
   * step; the guide is docs/training.md (streams of batches included).
   * @param x - rows in memory, or batches for data bigger than memory ({@link FitSource}).
   * @param options - see {@link FitOptions}.
   * @returns this call's history, one entry per completed epoch; {@link Autoencoder.history}
   *   accumulates across calls.
   * @throws {@link ShapeError} / {@link InvalidInputError} for bad data (wrong width, empty, NaN,
   *   ±Infinity, |x| > 1.8e19, Bernoulli entries outside [0, 1], a `validationData` tensor
   *   disposed during fit), a bad batch (named by index) or an empty pass;
   *   {@link ConfigurationError} for bad options; {@link TrainingDivergedError} for a non-finite
   *   loss or update (last good weights restored); {@link DisposedError} when disposed during
   *   fit; whatever the iterable throws.
   * @example
   * ```ts
   * const history = await ae.fit([[1, 2], [2, 4], [3, 6]], { epochs: 5, batchSize: 3 });
   * // The same rows as a stream, one fresh generator per epoch:
   * function* batches(): Generator<number[][]> {
   *   yield [[1, 2], [2, 4]];
   *   yield [[3, 6]];
   * }
   * await ae.fit(() => batches(), { epochs: 5 });
   * ```
   */
  async fit(x: FitSource, options: FitOptions = {}): Promise<History> {
    return this.state.runFit(this, (host) => trainOn(host, this.state.config, x, options));
  }

  /**
   * Encodes rows into codes (a variational model returns the mean), deterministically.
   * @returns a new [rows, latentDim] tensor that the caller owns.
   * @throws as {@link fit} for bad input; {@link InvalidInputError} for a non-finite result.
   * @example
   * const z = Autoencoder.builder().inputDim(2).latentDim(1).seed(3).build().encode([[1, 2]]);
   */
  encode(x: AutoencoderInput): tf.Tensor2D {
    return inference.encodeRows(this.state.usable(), x);
  }

  /**
   * Decodes codes into reconstructions (after the output activation).
   * @returns a new [rows, inputDim] tensor that the caller owns.
   * @throws {@link ShapeError} when z does not have `latentDim` columns; otherwise as {@link encode}.
   */
  decode(z: AutoencoderInput): tf.Tensor2D {
    return inference.decodeCodes(this.state.usable(), z);
  }

  /**
   * `decode(encode(x))` in one deterministic pass (no noise; a variational model decodes its mean).
   * @returns a new [rows, inputDim] tensor that the caller owns.
   * @throws as {@link encode}.
   */
  reconstruct(x: AutoencoderInput): tf.Tensor2D {
    return inference.reconstructRows(this.state.usable(), x);
  }

  /**
   * The deterministic loss and mse on `x` (no noise; a variational model uses its mean, and its
   * KL term at full β); `mse` is the mean over rows of each row's summed squared error.
   * @param options - see {@link EvaluateOptions}.
   * @throws {@link ConfigurationError} for bad options; as {@link fit} for bad input;
   *   {@link InvalidInputError} when the loss or mse is not finite (float32 overflowed: rescale).
   * @example
   * const { loss, mse } = ae.evaluate([[1, 2], [2, 4]]);
   */
  evaluate(x: AutoencoderInput, options?: EvaluateOptions): Evaluation {
    return inference.evaluateRows(this.state.usable(), x, options, this.state.history.loss.length);
  }

  /**
   * One anomaly score per row, higher meaning more anomalous: the row's summed reconstruction
   * loss; for a variational model an estimate of −log p(x) (the −ELBO at β = 1, or the IWAE
   * bound). See {@link ScoreOptions} and the guide docs/anomaly-detection.md.
   * @returns a Float64Array, one score per row.
   * @throws as {@link evaluate}; {@link ConfigurationError} for bad options (sampling options on
   *   a deterministic model included).
   * @example
   * const threshold = contaminationThreshold(ae.scoreSamples([[1, 2], [2, 4], [9, 0]]), 0.1);
   */
  scoreSamples(x: AutoencoderInput, options?: ScoreOptions): Float64Array {
    return scoreRows(this.state.usable(), x, options, () => this.state.nextSampleSeed());
  }

  /**
   * {@link scoreSamples} and a flag per row whose score is strictly above `threshold`.
   * @throws as {@link scoreSamples}; {@link ConfigurationError} without a numeric `threshold`.
   */
  outliers(x: AutoencoderInput, options: OutlierOptions): AutoencoderOutliers {
    return outlierRows(this.state.usable(), x, options, () => this.state.nextSampleSeed());
  }

  /**
   * Decodes `n` draws from the prior N(0, I) (variational models only).
   * @returns a new [n, inputDim] tensor that the caller owns.
   * @throws {@link ConfigurationError} for a model without a variational head or bad options;
   *   {@link InvalidInputError} when n is not a positive integer.
   * @example
   * const digits = vae.sample(10, { seed: 42 }); // vae built with a VariationalStrategy
   */
  sample(n: number, options?: SampleOptions): tf.Tensor2D {
    return inference.sampleDraws(this.state.usable(), n, options, () =>
      this.state.nextSampleSeed(),
    );
  }

  /**
   * Saves the encoder and decoder as standard tfjs Layers models plus a manifest of the
   * settings, strategies and history (not the optimizer state).
   * @param destination - a folder (written atomically), URL prefix or IOHandler, see
   *   {@link SaveDestination}.
   * @throws {@link ModelFileError} when the destination holds something else or a write fails
   *   (an earlier save there is left intact); {@link InvalidInputError} for a destination this
   *   environment cannot use; {@link DisposedError} after {@link dispose}.
   * @example
   * await ae.save('./my-model');
   */
  async save(destination: SaveDestination): Promise<void> {
    this.state.usable();
    await saveModel(this, destination);
  }

  /**
   * Frees the weights and optimizer state; any later use throws {@link DisposedError}. Calling
   * it twice is harmless, and so is calling it after disposing `ae.encoder` yourself.
   */
  dispose(): void {
    this.state.dispose();
  }
}

import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { loadModel, saveModel } from '../io/model-io.js';
import type { LoadOptions, LoadSource, SaveDestination } from '../io/store.js';
import type { Strategy } from '../strategies/strategy.js';
import type { FitOptions } from '../training/fit-options.js';
import { train } from '../training/train.js';
import { AutoencoderBuilder } from './builder.js';
import { type AutoencoderConfig, configToJson } from './config.js';
import { prepareFit } from './fit-call.js';
import { resolveSavedConfig } from './from-config.js';
import { copyHistory, type History } from './history.js';
import {
  decodeCodes,
  encodeRows,
  evaluateRows,
  reconstructRows,
  sampleDraws,
} from './inference.js';
import type { AutoencoderInput } from './input.js';
import type {
  AutoencoderState,
  EvaluateOptions,
  Evaluation,
  SampleOptions,
} from './model-options.js';
import { ModelState } from './model-state.js';

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
   * ```ts
   * import { Autoencoder } from 'autoencoders';
   * const ae = Autoencoder.builder().inputDim(2).latentDim(1).build();
   * ```
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
   * ```ts
   * import { Autoencoder } from 'autoencoders';
   * const ae = Autoencoder.builder().inputDim(3).latentDim(1).seed(5).build();
   * const twin = Autoencoder.fromConfig(JSON.parse(JSON.stringify(ae.getConfig())), {
   *   encoderWeights: ae.encoder.getWeights(), decoderWeights: ae.decoder.getWeights(),
   * });
   * ```
   */
  static fromConfig(config: AutoencoderConfig, state?: AutoencoderState): Autoencoder {
    const model = new ModelState(resolveSavedConfig(config));
    model.restore(state);
    return new Autoencoder(model);
  }

  /**
   * Loads a model saved by {@link Autoencoder.save}; it reconstructs bit for bit what the saved
   * model did on the same backend, and can keep training: a checkpoint saved by `fit` also restores the optimizer and the training generator, so the run resumes where it stopped; a plain `save` starts a fresh optimizer.
   * @param source - a folder path (Node), a tfjs URL prefix (`indexeddb://name`,
   *   `localstorage://name`, `http(s)://host/prefix`), a `tf.io.IOHandler`, or a downloaded
   *   bundle (`Blob`/`File` or its parsed JSON).
   * @param options - `fetch` and `requestInit` for `http(s)://` sources.
   * @throws {@link ModelFileError} naming the file and the problem (missing, truncated,
   *   malformed, newer format, unsafe paths, unknown strategy: call `registerStrategy` first);
   *   {@link InvalidInputError} for a source this environment cannot use.
   * @example
   * ```ts
   * import { Autoencoder } from 'autoencoders';
   * const ae = await Autoencoder.load('./my-model');
   * ```
   */
  static async load(source: LoadSource, options: LoadOptions = {}): Promise<Autoencoder> {
    return loadModel(source, options, (config, history) => {
      const state = new ModelState(resolveSavedConfig(config));
      state.restore({ history });
      return {
        model: new Autoencoder(state),
        resume: (training, file) => state.resumeTraining(training, file),
      };
    });
  }

  /**
   * The settings as plain JSON (strategies as `{ className, config }`), for
   * {@link Autoencoder.fromConfig} and for saving. @throws {@link DisposedError} after dispose.
   * @example
   * ```ts
   * import { Autoencoder } from 'autoencoders';
   * const config = Autoencoder.builder().inputDim(3).latentDim(1).seed(1).build().getConfig();
   * ```
   */
  getConfig(): AutoencoderConfig {
    return configToJson(this.state.usable().config);
  }

  /**
   * The encoder, a stock `tf.LayersModel` (a variational one outputs `[mean, logVariance]`, or
   * `[mean, sigma]` with `parametrization: 'sigma'`). It holds the model's own weights: dispose
   * the Autoencoder, not it. @throws {@link DisposedError} after {@link dispose}.
   */
  get encoder(): tfl.LayersModel {
    return this.state.usable().network.encoder;
  }

  /**
   * The decoder, a stock `tf.LayersModel` from codes to reconstructions (the model's own
   * weights). @throws {@link DisposedError} after {@link dispose}.
   */
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
   * Trains the model with the library's own loop (strategy loss terms, callbacks, early stopping,
   * checkpoints, gradient clipping, a check of every update), yielding to the event loop after
   * every step.
   * @param x - training rows, `inputDim` features each.
   * @param options - see {@link FitOptions}.
   * @returns this call's history, one entry per completed epoch; {@link Autoencoder.history}
   *   accumulates across calls.
   * @throws {@link ShapeError} / {@link InvalidInputError} for bad data (wrong width, empty, NaN,
   *   ±Infinity, |x| > 1.8e19 whose square overflows float32, or, for a Bernoulli model, entries
   *   outside [0, 1], or a `validationData` tensor disposed during fit); {@link ConfigurationError}
   *   for bad options (`null`, an unknown key, a bad value); {@link TrainingDivergedError} for a
   *   NaN or infinite loss, or an update that leaves non-finite weights or loss (1-based epoch and
   *   step named, last good weights restored); {@link DisposedError} when the model is disposed
   *   during fit (from a callback).
   * @example
   * ```ts
   * import { Autoencoder } from 'autoencoders';
   * const ae = Autoencoder.builder().inputDim(2).latentDim(1).seed(3).build();
   * const history = await ae.fit([[1, 2], [2, 4], [3, 6]], { epochs: 5, batchSize: 3 });
   * ```
   */
  async fit(x: AutoencoderInput, options: FitOptions = {}): Promise<History> {
    return this.state.runFit(this, (host) =>
      train(host, x, prepareFit(this.state.config, x, options)),
    );
  }

  /**
   * Encodes rows into codes (a variational model returns the mean), deterministically.
   * @returns a new [rows, latentDim] tensor that the caller owns.
   * @throws as {@link fit} for bad input; {@link InvalidInputError} for a non-finite result.
   * @example
   * ```ts
   * import { Autoencoder } from 'autoencoders';
   * const z = Autoencoder.builder().inputDim(2).latentDim(1).seed(3).build().encode([[1, 2]]);
   * ```
   */
  encode(x: AutoencoderInput): tf.Tensor2D {
    return encodeRows(this.state.usable(), x);
  }

  /**
   * Decodes codes into reconstructions (after the output activation).
   * @returns a new [rows, inputDim] tensor that the caller owns.
   * @throws {@link ShapeError} when z does not have `latentDim` columns; otherwise as {@link encode}.
   * @example
   * ```ts
   * import { Autoencoder } from 'autoencoders';
   * const x = Autoencoder.builder().inputDim(2).latentDim(1).seed(3).build().decode([[0.5]]);
   * ```
   */
  decode(z: AutoencoderInput): tf.Tensor2D {
    return decodeCodes(this.state.usable(), z);
  }

  /**
   * `decode(encode(x))` in one deterministic pass (no noise; a variational model decodes its mean).
   * @returns a new [rows, inputDim] tensor that the caller owns.
   * @throws as {@link encode}.
   * @example
   * ```ts
   * import { Autoencoder } from 'autoencoders';
   * const r = Autoencoder.builder().inputDim(2).latentDim(1).seed(3).build().reconstruct([[1, 2]]);
   * ```
   */
  reconstruct(x: AutoencoderInput): tf.Tensor2D {
    return reconstructRows(this.state.usable(), x);
  }

  /**
   * The deterministic loss and mse on `x` (no noise; a variational model uses its mean, and its
   * KL term at full β); `mse` is the mean over rows of each row's summed squared error.
   * @throws {@link ConfigurationError} for `null` options, an unknown key or a bad `batchSize`;
   *   as {@link fit} for bad input; {@link InvalidInputError} when the loss or mse is not finite
   *   (float32 overflowed: rescale the data).
   * @example
   * ```ts
   * import { Autoencoder } from 'autoencoders';
   * const ae = Autoencoder.builder().inputDim(2).latentDim(1).seed(3).build();
   * const { loss, mse } = ae.evaluate([[1, 2], [2, 4]]);
   * ```
   */
  evaluate(x: AutoencoderInput, options?: EvaluateOptions): Evaluation {
    return evaluateRows(this.state.usable(), x, options, this.state.history.loss.length);
  }

  /**
   * Decodes `n` draws from the prior N(0, I) (variational models only).
   * @returns a new [n, inputDim] tensor that the caller owns.
   * @throws {@link ConfigurationError} for a model without a variational head or bad options;
   *   {@link InvalidInputError} when n is not a positive integer.
   * @example
   * ```ts
   * import { Autoencoder, VariationalStrategy } from 'autoencoders';
   * const vae = Autoencoder.builder().inputDim(4).latentDim(2).outputActivation('sigmoid')
   *   .strategy(new VariationalStrategy()).seed(1).build();
   * const digits = vae.sample(10, { seed: 42 });
   * ```
   */
  sample(n: number, options?: SampleOptions): tf.Tensor2D {
    return sampleDraws(this.state.usable(), n, options, () => this.state.nextSampleSeed());
  }

  /**
   * Saves the encoder and decoder as standard tfjs Layers models plus a manifest of the
   * settings, strategies and history (not the optimizer state).
   * @param destination - a folder path (Node; written atomically), a tfjs URL prefix
   *   (`indexeddb://name`, `localstorage://name`, `downloads://name`) or a `tf.io.IOHandler`.
   * @throws {@link ModelFileError} when the destination holds something else or a write fails
   *   (an earlier save there is left intact); {@link InvalidInputError} for a destination this
   *   environment cannot use; {@link DisposedError} after {@link dispose}.
   * @example
   * ```ts
   * import { Autoencoder } from 'autoencoders';
   * await Autoencoder.builder().inputDim(4).latentDim(2).seed(1).build().save('./my-model');
   * ```
   */
  async save(destination: SaveDestination): Promise<void> {
    this.state.usable();
    await saveModel(this, destination);
  }

  /**
   * Frees the weights and optimizer state; any later use throws {@link DisposedError}. Calling
   * it twice is harmless, and so is calling it after disposing `ae.encoder` yourself.
   * @example
   * ```ts
   * import { Autoencoder } from 'autoencoders';
   * Autoencoder.builder().inputDim(2).latentDim(1).build().dispose();
   * ```
   */
  dispose(): void {
    this.state.dispose();
  }
}

import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { ConfigurationError } from '../errors/configuration-error.js';
import { InvalidInputError } from '../errors/invalid-input-error.js';
import { ModelFileError } from '../errors/model-file-error.js';
import { NotFittedError } from '../errors/not-fitted-error.js';
import { AutoencoderBuilder } from './builder.js';
import {
  type AutoencoderConfig,
  configToJson,
  type ResolvedConfig,
  resolveConfig,
} from './config.js';
import { appendHistory, copyHistory, emptyHistory, type History } from './history.js';
import { type AutoencoderInput, withInput } from './input.js';
import { loadModel, saveModel } from './io/model-io.js';
import type { LoadOptions, LoadSource, SaveDestination } from './io/routes.js';
import { Network } from './network.js';
import { evaluateTensor } from './objective.js';
import { deriveSeed, SeededRandom } from './random.js';
import { deserializeStrategy } from './registry.js';
import type { Strategy } from './strategy.js';
import type { FitOptions } from './training/fit-options.js';
import type { TrainingHost } from './training/host.js';
import { train } from './training/train.js';

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

let construct: (resolved: ResolvedConfig) => Autoencoder;

/** Builds a model from validated settings (the builder's path in). @internal */
export function createAutoencoder(resolved: ResolvedConfig): Autoencoder {
  return construct(resolved);
}

/**
 * An autoencoder on TensorFlow.js: a stock tfjs-layers encoder and decoder, trained by the
 * library's own loop so that strategies (linear, sparse, denoising, variational, your own) can
 * shape it. Build one with {@link Autoencoder.builder}.
 *
 * Tensors it returns belong to the caller; inputs are never changed or disposed. Call
 * {@link Autoencoder.dispose} to free its weights.
 *
 * @example
 * ```ts
 * import { Autoencoder } from 'autoencoders';
 * const ae = Autoencoder.builder().inputDim(4).hiddenLayers([3]).latentDim(2).seed(42).build();
 * const x = [[0, 1, 0, 1], [1, 0, 1, 0], [1, 1, 0, 0]];
 * const history = await ae.fit(x, { epochs: 10, batchSize: 3 });
 * const codes = ae.encode(x); // tf.Tensor2D, 3 × 2
 * console.log(history.loss, ae.evaluate(x).mse);
 * codes.dispose();
 * ae.dispose();
 * ```
 */
export class Autoencoder {
  private readonly resolved: ResolvedConfig;
  private readonly network: Network;
  private readonly trainRandom: SeededRandom;
  private readonly sampleRandom: SeededRandom;
  private readonly fullHistory: History = emptyHistory();
  private optimizerState: { optimizer: tf.Optimizer; learningRate: number } | undefined;
  private isDisposed = false;
  private fitting = false;

  private constructor(resolved: ResolvedConfig) {
    this.resolved = resolved;
    const arch = resolved.architecture;
    const variational = arch.latentHead === 'variational';
    const vae = resolved.strategies.find((s) => s.latentHead === 'variational') as
      | (Strategy & { parametrization?: unknown })
      | undefined;
    this.network = new Network({
      inputDim: resolved.inputDim,
      encoderLayers: arch.encoderLayers,
      latentDim: resolved.latentDim,
      decoderLayers: arch.decoderLayers,
      activation: arch.activation,
      codeActivation: arch.codeActivation,
      outputActivation: arch.outputActivation,
      latentHead: arch.latentHead,
      spreadName: variational && vae?.parametrization === 'sigma' ? 'z_sigma' : 'z_log_variance',
      seed: resolved.seed,
    });
    this.trainRandom = new SeededRandom(deriveSeed(resolved.seed, 2));
    this.sampleRandom = new SeededRandom(deriveSeed(resolved.seed, 3));
  }

  /**
   * Starts a builder.
   *
   * @example
   * ```ts
   * import { Autoencoder } from 'autoencoders';
   * const ae = Autoencoder.builder().inputDim(2).latentDim(1).build();
   * ```
   */
  static builder(): AutoencoderBuilder {
    return new AutoencoderBuilder();
  }

  static {
    construct = (resolved) => new Autoencoder(resolved);
  }

  /**
   * Rebuilds a model from {@link Autoencoder.getConfig}'s JSON (strategies through the registry,
   * see {@link registerStrategy}) and, optionally, its weights and history. The rebuilt model has
   * the same seed, so it also shuffles and draws noise as the original did from its start.
   *
   * @throws {@link ConfigurationError} for an invalid config or an unregistered strategy class.
   * @throws {@link ModelFileError} when the weights' count or shapes do not match the config.
   *
   * @example
   * ```ts
   * import { Autoencoder } from 'autoencoders';
   * const ae = Autoencoder.builder().inputDim(3).latentDim(1).seed(5).build();
   * const json = JSON.stringify(ae.getConfig());
   * const twin = Autoencoder.fromConfig(JSON.parse(json), {
   *   encoderWeights: ae.encoder.getWeights(), decoderWeights: ae.decoder.getWeights(),
   * });
   * ```
   */
  static fromConfig(config: AutoencoderConfig, state: AutoencoderState = {}): Autoencoder {
    if (typeof config !== 'object' || config === null) {
      throw new ConfigurationError('fromConfig needs the object that getConfig() returned.');
    }
    if (config.format !== undefined && config.format !== 'autoencoders/autoencoder-config') {
      throw new ConfigurationError(
        `fromConfig: format is ${String(config.format)}, not an autoencoder config.`,
      );
    }
    if (config.version !== undefined && config.version !== 1) {
      throw new ConfigurationError(
        `fromConfig: config version ${String(config.version)} is newer than this library understands (1); upgrade autoencoders.`,
      );
    }
    const strategies = Array.isArray(config.strategies)
      ? config.strategies.map(deserializeStrategy)
      : [];
    const resolved = resolveConfig({
      inputDim: config.inputDim,
      hiddenLayers: config.hiddenLayers,
      decoderLayers: config.decoderLayers,
      latentDim: config.latentDim,
      activation: config.activation,
      outputActivation: config.outputActivation,
      seed: config.seed,
      optimizerName: config.optimizer?.name,
      learningRate: config.optimizer?.learningRate,
      strategies,
    });
    const ae = new Autoencoder(resolved);
    try {
      if (state.encoderWeights) setWeights(ae.network.encoder, state.encoderWeights, 'encoder');
      if (state.decoderWeights) setWeights(ae.network.decoder, state.decoderWeights, 'decoder');
    } catch (error) {
      ae.dispose();
      throw error;
    }
    if (state.history) appendHistory(ae.fullHistory, state.history);
    return ae;
  }

  /**
   * The settings as plain JSON (strategies as `{ className, config }`), for
   * {@link Autoencoder.fromConfig} and for saving.
   *
   * @example
   * ```ts
   * import { Autoencoder } from 'autoencoders';
   * const config = Autoencoder.builder().inputDim(3).latentDim(1).seed(1).build().getConfig();
   * ```
   */
  getConfig(): AutoencoderConfig {
    return configToJson(this.resolved);
  }

  /** The encoder, a stock `tf.LayersModel` (a variational one outputs `[mean, logVariance]`, or `[mean, sigma]` with `parametrization: 'sigma'`). */
  get encoder(): tfl.LayersModel {
    this.assertUsable();
    return this.network.encoder;
  }

  /** The decoder, a stock `tf.LayersModel` mapping codes to reconstructions. */
  get decoder(): tfl.LayersModel {
    this.assertUsable();
    return this.network.decoder;
  }

  /** A copy of the whole training history, across every `fit` call. */
  get history(): History {
    return copyHistory(this.fullHistory);
  }

  /** The input width. */
  get inputDim(): number {
    return this.resolved.inputDim;
  }

  /** The code width. */
  get latentDim(): number {
    return this.resolved.latentDim;
  }

  /** The strategies combined in this model. */
  get strategies(): readonly Strategy[] {
    return this.resolved.strategies;
  }

  /** True when the model has a variational latent head (and so can {@link sample}). */
  get isVariational(): boolean {
    return this.resolved.architecture.latentHead === 'variational';
  }

  /** True after {@link dispose}. */
  get disposed(): boolean {
    return this.isDisposed;
  }

  /**
   * Trains the model with the library's own loop (strategy loss terms, callbacks, early
   * stopping, checkpoints, gradient clipping, NaN checks). It yields to the event loop after
   * every step, so a browser page stays responsive.
   *
   * @param x - training rows, `inputDim` features each.
   * @param options - see {@link FitOptions}.
   * @returns this call's history, one entry per completed epoch (fewer when aborted or stopped
   *   early); {@link Autoencoder.history} accumulates across calls.
   * @throws {@link ShapeError} when x has the wrong number of features.
   * @throws {@link InvalidInputError} for empty x or NaN/Infinity/out-of-float32 entries, and
   *   when a `validationData` tensor is disposed during fit.
   * @throws {@link ConfigurationError} for `null` options, an unknown (misspelt) option or a bad
   *   option value, naming each.
   * @throws {@link TrainingDivergedError} when a loss is NaN or infinite, or an update leaves
   *   non-finite weights or loss (the message names the 1-based epoch and step; the last good
   *   weights are restored).
   * @throws {@link DisposedError} when the model is disposed during fit (by a callback).
   * @throws {@link NotFittedError} after {@link dispose}.
   *
   * @example
   * ```ts
   * import { Autoencoder } from 'autoencoders';
   * const ae = Autoencoder.builder().inputDim(2).latentDim(1).seed(3).build();
   * const history = await ae.fit([[1, 2], [2, 4], [3, 6]], {
   *   epochs: 50,
   *   batchSize: 3,
   *   callbacks: [{ onEpochEnd: (epoch, logs, training) => (logs.loss < 1e-3 ? training.stop() : undefined) }],
   * });
   * ```
   */
  async fit(x: AutoencoderInput, options?: FitOptions): Promise<History> {
    this.assertUsable();
    if (this.fitting) {
      throw new InvalidInputError(
        'fit is already running on this model: await the first call before starting another.',
      );
    }
    this.fitting = true;
    try {
      return await train(this.host(), x, options);
    } finally {
      this.fitting = false;
    }
  }

  /**
   * Encodes rows into codes (a variational model returns the mean). Deterministic.
   *
   * @returns a new [rows, latentDim] tensor that the caller owns.
   * @throws {@link ShapeError} / {@link InvalidInputError} for bad input; {@link NotFittedError} after dispose.
   *
   * @example
   * ```ts
   * import { Autoencoder } from 'autoencoders';
   * const ae = Autoencoder.builder().inputDim(2).latentDim(1).seed(3).build();
   * const z = ae.encode([[1, 2]]);
   * z.dispose();
   * ```
   */
  encode(x: AutoencoderInput): tf.Tensor2D {
    this.assertUsable();
    return withInput(x, 'x', this.inputDim, (t) =>
      tf.tidy(() => {
        const pass = this.network.encode(t, false);
        return (pass.mean ?? pass.code) as tf.Tensor2D;
      }),
    );
  }

  /**
   * Decodes codes into reconstructions (after the output activation).
   *
   * @returns a new [rows, inputDim] tensor that the caller owns.
   * @throws {@link ShapeError} when z does not have `latentDim` columns.
   *
   * @example
   * ```ts
   * import { Autoencoder } from 'autoencoders';
   * const ae = Autoencoder.builder().inputDim(2).latentDim(1).seed(3).build();
   * const x = ae.decode([[0.5]]);
   * x.dispose();
   * ```
   */
  decode(z: AutoencoderInput): tf.Tensor2D {
    this.assertUsable();
    return withInput(
      z,
      'z',
      this.latentDim,
      (t) => tf.tidy(() => this.network.decode(t, false)),
      'latent units',
    );
  }

  /**
   * `decode(encode(x))` in one deterministic pass (no noise; a variational model decodes its mean).
   *
   * @returns a new [rows, inputDim] tensor that the caller owns.
   *
   * @example
   * ```ts
   * import { Autoencoder } from 'autoencoders';
   * const ae = Autoencoder.builder().inputDim(2).latentDim(1).seed(3).build();
   * const r = ae.reconstruct([[1, 2]]);
   * r.dispose();
   * ```
   */
  reconstruct(x: AutoencoderInput): tf.Tensor2D {
    this.assertUsable();
    return withInput(x, 'x', this.inputDim, (t) =>
      tf.tidy(() => {
        const pass = this.network.encode(t, false);
        return this.network.decode((pass.mean ?? pass.code)!, false);
      }),
    );
  }

  /**
   * The deterministic loss and mse on `x` (no noise; a variational model uses its mean, and its
   * KL term at full β). `mse` is the mean over rows of each row's summed squared error.
   *
   * @example
   * ```ts
   * import { Autoencoder } from 'autoencoders';
   * const ae = Autoencoder.builder().inputDim(2).latentDim(1).seed(3).build();
   * const { loss, mse } = ae.evaluate([[1, 2], [2, 4]]);
   * ```
   */
  evaluate(x: AutoencoderInput, options: EvaluateOptions = {}): Evaluation {
    this.assertUsable();
    const batchSize = options.batchSize;
    if (batchSize !== undefined && (!Number.isInteger(batchSize) || batchSize <= 0)) {
      throw new InvalidInputError(
        `evaluate: batchSize is ${String(batchSize)}; pass a positive integer.`,
      );
    }
    return withInput(x, 'x', this.inputDim, (t) => {
      const r = evaluateTensor(
        this.network,
        this.resolved,
        t,
        this.fullHistory.loss.length,
        batchSize,
      );
      return { loss: r.loss, mse: r.mse };
    });
  }

  /**
   * Decodes `n` draws from the prior N(0, I) (variational models only).
   *
   * @returns a new [n, inputDim] tensor that the caller owns.
   * @throws {@link ConfigurationError} when the model has no VariationalStrategy.
   * @throws {@link InvalidInputError} when n is not a positive integer or the seed is invalid.
   *
   * @example
   * ```ts
   * import { Autoencoder, VariationalStrategy } from 'autoencoders';
   * const vae = Autoencoder.builder().inputDim(4).latentDim(2).outputActivation('sigmoid')
   *   .strategy(new VariationalStrategy()).seed(1).build();
   * const digits = vae.sample(10, { seed: 42 });
   * digits.dispose();
   * ```
   */
  sample(n: number, options: SampleOptions = {}): tf.Tensor2D {
    this.assertUsable();
    if (!this.isVariational) {
      throw new ConfigurationError(
        'sample() needs a variational model: build it with .strategy(new VariationalStrategy()).',
      );
    }
    if (!Number.isInteger(n) || n <= 0)
      throw new InvalidInputError(`sample: n is ${String(n)}; pass a positive integer.`);
    const seed = options.seed ?? this.sampleRandom.nextUint32();
    if (typeof seed !== 'number' || !Number.isFinite(seed)) {
      throw new InvalidInputError(`sample: seed is ${String(seed)}; pass a finite number.`);
    }
    return tf.tidy(() =>
      this.network.decode(
        tf.randomNormal([n, this.latentDim], 0, 1, 'float32', seed) as tf.Tensor2D,
        false,
      ),
    );
  }

  /**
   * Saves the model: encoder and decoder as standard tfjs Layers models plus a manifest of the
   * builder settings, strategies and training history. The optimizer state is not saved.
   *
   * @param destination - a folder path (Node; written atomically), a tfjs URL prefix
   *   (`indexeddb://name`, `localstorage://name`, `downloads://name`) or a `tf.io.IOHandler`.
   * @throws {@link ModelFileError} when the destination holds something that is not a save of
   *   this library, or a write fails (an earlier save there is left intact).
   * @throws {@link InvalidInputError} for a destination this environment cannot use (a folder
   *   path in a browser, `indexeddb://` in Node).
   * @throws {@link NotFittedError} after {@link dispose}.
   *
   * @example
   * ```ts
   * import { Autoencoder } from 'autoencoders';
   * const ae = Autoencoder.builder().inputDim(4).latentDim(2).seed(1).build();
   * await ae.fit([[0, 1, 0, 1], [1, 0, 1, 0]], { epochs: 2 });
   * await ae.save('./my-model');
   * ```
   */
  async save(destination: SaveDestination): Promise<void> {
    this.assertUsable();
    await saveModel(this, destination);
  }

  /**
   * Loads a model saved by {@link Autoencoder.save}: it reconstructs bit for bit what the saved
   * model did on the same backend, and can keep training (with a fresh optimizer).
   *
   * @param source - a folder path (Node), a tfjs URL prefix (`indexeddb://name`,
   *   `localstorage://name`, `http(s)://host/prefix`), a `tf.io.IOHandler`, or a downloaded
   *   bundle (`Blob`/`File` or its parsed JSON).
   * @param options - `fetch` and `requestInit` for `http(s)://` sources.
   * @throws {@link ModelFileError} naming the file and the problem (missing, truncated,
   *   malformed, from a newer format version, unsafe paths, unknown strategy: call
   *   `registerStrategy` for your own strategy classes first); nothing stays allocated.
   * @throws {@link InvalidInputError} for a source this environment cannot use (a folder path in
   *   a browser, `indexeddb://` in Node, `downloads://` by name).
   *
   * @example
   * ```ts
   * import { Autoencoder } from 'autoencoders';
   * const ae = await Autoencoder.load('./my-model');
   * const codes = ae.encode([[0, 1, 0, 1]]);
   * ```
   */
  static async load(source: LoadSource, options: LoadOptions = {}): Promise<Autoencoder> {
    return loadModel(source, options, (config, history) =>
      Autoencoder.fromConfig(config, { history }),
    );
  }

  /**
   * Frees the weights and optimizer state; any later use throws {@link NotFittedError}.
   * Calling it twice is harmless.
   *
   * @example
   * ```ts
   * import { Autoencoder } from 'autoencoders';
   * const ae = Autoencoder.builder().inputDim(2).latentDim(1).build();
   * ae.dispose();
   * ```
   */
  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    this.resetOptimizer();
    this.network.dispose();
  }

  private assertUsable(): void {
    if (this.isDisposed) {
      throw new NotFittedError(
        'This Autoencoder has been disposed: build (or load) a new one to use it again.',
      );
    }
  }

  private resetOptimizer(): void {
    this.optimizerState?.optimizer.dispose();
    this.optimizerState = undefined;
  }

  private host(): TrainingHost {
    return {
      network: this.network,
      config: this.resolved,
      random: this.trainRandom,
      model: this,
      isDisposed: () => this.isDisposed,
      epochsSoFar: () => this.fullHistory.loss.length,
      optimizer: (learningRate) => {
        if (this.optimizerState?.learningRate !== learningRate) {
          this.resetOptimizer();
          const name = this.resolved.optimizerName;
          const optimizer =
            name === 'sgd'
              ? tf.train.sgd(learningRate)
              : name === 'rmsprop'
                ? tf.train.rmsprop(learningRate)
                : tf.train.adam(learningRate);
          this.optimizerState = { optimizer, learningRate };
        }
        return this.optimizerState!.optimizer;
      },
      resetOptimizer: () => this.resetOptimizer(),
      record: (h) => appendHistory(this.fullHistory, h),
    };
  }
}

function setWeights(model: tfl.LayersModel, weights: readonly tf.Tensor[], which: string): void {
  const expected = model.weights;
  if (!Array.isArray(weights) || weights.length !== expected.length) {
    throw new ModelFileError(
      `The ${which} needs ${expected.length} weight tensors, got ${Array.isArray(weights) ? weights.length : String(weights)}.`,
    );
  }
  weights.forEach((w, i) => {
    const shape = expected[i].shape;
    if (
      !(w instanceof tf.Tensor) ||
      w.shape.length !== shape.length ||
      w.shape.some((d: number, j: number) => d !== shape[j])
    ) {
      throw new ModelFileError(
        `The ${which}'s weight ${i} (${expected[i].originalName}) should have shape [${shape.join(', ')}], got ${
          w instanceof tf.Tensor ? `[${w.shape.join(', ')}]` : String(w)
        }.`,
      );
    }
  });
  model.setWeights([...weights]);
}

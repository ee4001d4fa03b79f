import type { Activation } from '../network/activations.js';
import type { KernelInitializer } from '../network/initializers.js';
import type { Strategy } from '../strategies/strategy.js';
import type { Autoencoder } from './autoencoder.js';
import type { RawSettings, ResolvedConfig } from './config.js';
import type { OptimizerName, OptimizerOptions } from './optimizers.js';
import { resolveConfig } from './resolve-config.js';

/**
 * Collects an autoencoder's settings; every method returns the builder, and {@link build}
 * validates everything at once. Get one from {@link Autoencoder.builder}.
 *
 * @example
 * ```ts
 * import { Autoencoder, SparseStrategy } from 'autoencoders';
 * const ae = Autoencoder.builder()
 *   .inputDim(784).hiddenLayers([256, 128]).latentDim(32)
 *   .activation('sigmoid').outputActivation('linear')
 *   .optimizer('adam', { learningRate: 0.001 })
 *   .seed(42)
 *   .build();
 * ```
 */
export class AutoencoderBuilder {
  private readonly settings: RawSettings = { strategies: [] };

  /**
   * Use {@link Autoencoder.builder}, which passes the factory: the builder only validates, the
   * model class builds (so neither module imports the other's code).
   * @param create - builds a model from validated settings.
   * @internal
   */
  constructor(private readonly create: (resolved: ResolvedConfig) => Autoencoder) {}

  /** The number of input features (and of reconstructed outputs). Required. */
  inputDim(n: number): this {
    this.settings.inputDim = n;
    return this;
  }

  /**
   * The encoder's hidden widths, input side first; the decoder mirrors them unless
   * {@link decoderLayers} is set.
   * @defaultValue [] (input → code → output)
   */
  hiddenLayers(widths: readonly number[]): this {
    this.settings.hiddenLayers = Array.isArray(widths) ? [...widths] : widths;
    return this;
  }

  /** The decoder's hidden widths, code side first, for a decoder that does not mirror the encoder. */
  decoderLayers(widths: readonly number[]): this {
    this.settings.decoderLayers = Array.isArray(widths) ? [...widths] : widths;
    return this;
  }

  /** The code width. Required; below `inputDim` unless a strategy allows an overcomplete code. */
  latentDim(k: number): this {
    this.settings.latentDim = k;
    return this;
  }

  /**
   * Activation of the hidden layers and of a deterministic code layer.
   * @defaultValue 'sigmoid'
   */
  activation(name: Activation): this {
    this.settings.activation = name;
    return this;
  }

  /**
   * Activation of the output layer.
   * @defaultValue 'linear'
   */
  outputActivation(name: Activation): this {
    this.settings.outputActivation = name;
    return this;
  }

  /** Adds one or more strategies; several combine (e.g. denoising + sparse). */
  strategy(...strategies: Strategy[]): this {
    this.settings.strategies.push(...strategies);
    return this;
  }

  /**
   * Seeds the initial weights, the batch order and the training noise: the same seed on the same
   * backend gives the same losses.
   * @defaultValue a random seed (recorded in `getConfig().seed`)
   */
  seed(seed: number): this {
    this.settings.seed = seed;
    return this;
  }

  /**
   * How the kernels of the layers that use the hidden activation start (the encoder's and the
   * decoder's hidden layers and a deterministic code layer; biases start at zero):
   * `'glorotUniform'` suits sigmoid and tanh layers, `'heNormal'`/`'heUniform'` ReLU and ELU (see
   * {@link KERNEL_INITIALIZERS} for why). The output layer and a VAE's linear mean and spread
   * heads always start Glorot uniform, as in Keras practice: He's doubled variance makes up for
   * what a rectifier zeroes, which a sigmoid or linear layer does not, so He there only starts
   * it too wide. Saved with the model (as `kernelInitializer` in `getConfig()`).
   * @defaultValue 'glorotUniform' (as Keras and the notebook's TF1 layers)
   */
  kernelInitializer(name: KernelInitializer): this {
    this.settings.kernelInitializer = name;
    return this;
  }

  /**
   * The optimizer (one of {@link OPTIMIZERS}) and its learning rate. A `null` options object or
   * an unknown key is reported by {@link build}.
   * @defaultValue `'adam'` with learning rate 0.001
   */
  optimizer(name: OptimizerName, options?: OptimizerOptions): this {
    this.settings.optimizerName = name;
    this.settings.optimizerOptions = options;
    return this;
  }

  /**
   * Validates the settings and builds the model.
   * @throws {@link ConfigurationError} naming every problem (missing sizes, bad widths, latent
   *   width not below the input width, unknown optimizer options, strategies whose capabilities
   *   conflict, a variational head without exactly one sampler, ...) and how to fix it.
   */
  build(): Autoencoder {
    return this.create(
      resolveConfig({ ...this.settings, strategies: [...this.settings.strategies] }),
    );
  }
}

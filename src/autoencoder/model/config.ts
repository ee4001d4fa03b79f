import type { Activation } from '../network/activations.js';
import type { KernelInitializer } from '../network/initializers.js';
import { serializeStrategy } from '../strategies/registry.js';
import type {
  Architecture,
  ReconstructionLoss,
  SerializedStrategy,
  Strategy,
} from '../strategies/strategy.js';
import type { LearningRateSchedule } from '../training/schedules.js';
import type { OptimizerName } from './optimizers.js';

/**
 * A model's settings as plain JSON: what {@link Autoencoder.getConfig} returns and
 * {@link Autoencoder.fromConfig} rebuilds from. Strategies appear as `{ className, config }`.
 *
 * @example
 * ```ts
 * import { Autoencoder } from 'autoencoders';
 * const config = Autoencoder.builder().inputDim(4).latentDim(2).seed(7).build().getConfig();
 * console.log(JSON.stringify(config));
 * ```
 */
export interface AutoencoderConfig {
  /** Always `'autoencoders/autoencoder-config'`. */
  readonly format: 'autoencoders/autoencoder-config';
  /** The config format's version (1). */
  readonly version: 1;
  /** The number of input features. */
  readonly inputDim: number;
  /** Encoder hidden widths, input side first. */
  readonly hiddenLayers: readonly number[];
  /** Decoder hidden widths, code side first; `null` mirrors `hiddenLayers`. */
  readonly decoderLayers: readonly number[] | null;
  /** The code width. */
  readonly latentDim: number;
  /** Activation of the hidden and code layers (as set; LinearStrategy overrides it when building). */
  readonly activation: Activation;
  /** Activation of the output layer (as set; LinearStrategy overrides it when building). */
  readonly outputActivation: Activation;
  /** The seed of weights, shuffling and noise (a random one was drawn if none was set). */
  readonly seed: number;
  /**
   * How the hidden and code layers' kernels were initialized (the output layer and variational
   * heads always start Glorot uniform; configs saved before it existed read as `'glorotUniform'`).
   */
  readonly kernelInitializer: KernelInitializer;
  /** The optimizer and its learning rate. */
  readonly optimizer: {
    /** The optimizer's name. */
    readonly name: OptimizerName;
    /** Its learning rate: a number or a schedule (a function given to `fit` is not saved). */
    readonly learningRate: number | LearningRateSchedule;
  };
  /** The strategies as `{ className, config }`, in the order they were given. */
  readonly strategies: readonly SerializedStrategy[];
  /**
   * Set for a model made by `Autoencoder.fromModels`: its layers are in its saved encoder and
   * decoder, not in this config (the layer fields are then `[]`, `null` and `'linear'`), so
   * `fromConfig` refuses it and only `Autoencoder.load` rebuilds it.
   */
  readonly wrapped?: {
    /** The reconstruction loss the wrapped model trains with. */
    readonly loss: ReconstructionLoss;
  };
}

/** Builder settings before validation. @internal */
export interface RawSettings {
  inputDim?: unknown;
  hiddenLayers?: unknown;
  decoderLayers?: unknown;
  latentDim?: unknown;
  activation?: unknown;
  outputActivation?: unknown;
  seed?: unknown;
  kernelInitializer?: unknown;
  optimizerName?: unknown;
  /** The options object given to `.optimizer(name, options)`, read by `resolveConfig`. */
  optimizerOptions?: unknown;
  learningRate?: unknown;
  strategies: unknown[];
}

/** Validated settings with live strategy instances. @internal */
export interface ResolvedConfig {
  readonly inputDim: number;
  readonly hiddenLayers: readonly number[];
  readonly decoderLayers: readonly number[] | null;
  readonly latentDim: number;
  readonly activation: Activation;
  readonly outputActivation: Activation;
  readonly seed: number;
  readonly kernelInitializer: KernelInitializer;
  readonly optimizerName: OptimizerName;
  readonly learningRate: number | LearningRateSchedule;
  readonly strategies: readonly Strategy[];
  readonly architecture: Architecture;
  readonly reconstructionLoss: ReconstructionLoss;
  /** The one strategy that samples a variational code while training. */
  readonly sampler: Strategy | undefined;
  /** The variational heads' layer names, mean first (named by the variational strategy). */
  readonly latentHeadNames: readonly [mean: string, spread: string];
  /** True for wrapped Layers models (`fromModels`). */
  readonly wrapped?: boolean;
}

/** The JSON form of resolved settings. @internal */
export function configToJson(c: ResolvedConfig): AutoencoderConfig {
  return {
    format: 'autoencoders/autoencoder-config',
    version: 1,
    inputDim: c.inputDim,
    hiddenLayers: [...c.hiddenLayers],
    decoderLayers: c.decoderLayers === null ? null : [...c.decoderLayers],
    latentDim: c.latentDim,
    activation: c.activation,
    outputActivation: c.outputActivation,
    seed: c.seed,
    kernelInitializer: c.kernelInitializer,
    optimizer: {
      name: c.optimizerName,
      learningRate: typeof c.learningRate === 'number' ? c.learningRate : { ...c.learningRate },
    },
    strategies: c.strategies.map(serializeStrategy),
    ...(c.wrapped === true ? { wrapped: { loss: c.reconstructionLoss } } : {}),
  };
}

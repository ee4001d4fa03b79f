import type * as tfl from '@tensorflow/tfjs-layers';
import { ConfigurationError } from '../../errors/configuration-error.js';
import { ShapeError } from '../../errors/shape-error.js';
import { readOptions } from '../../pca/options.js';
import type { ReconstructionLoss, Strategy } from '../strategies/strategy.js';
import { VariationalStrategy } from '../strategies/variational.js';
import type { LearningRateSchedule } from '../training/schedules.js';
import type { ResolvedConfig } from './config.js';
import type { OptimizerName } from './optimizers.js';
import { resolveConfig } from './resolve-config.js';
import { WrappedNetwork } from './wrapped-network.js';

/**
 * What {@link Autoencoder.fromModels} wraps: an encoder and a decoder trained elsewhere (for
 * example a Keras pair loaded with {@link loadKerasModel}).
 *
 * @example
 * ```ts
 * import * as tfl from '@tensorflow/tfjs-layers';
 * import type { FromModelsOptions } from 'autoencoders';
 * const encoder = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [4], units: 2 })] });
 * const decoder = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [2], units: 4 })] });
 * const options: FromModelsOptions = { encoder, decoder, loss: 'squaredError' };
 * ```
 */
export interface FromModelsOptions {
  /**
   * Flat rows `[n, inputDim]` to codes `[n, latentDim]`; with two outputs, the mean and the
   * log-variance of a variational encoder (in that order).
   */
  readonly encoder: tfl.LayersModel;
  /** Codes `[n, latentDim]` to reconstructions `[n, inputDim]`. */
  readonly decoder: tfl.LayersModel;
  /**
   * Strategies to train with: `DenoisingStrategy`, `VariationalStrategy` (with its β, warm-up or
   * `parametrization: 'sigma'`) or your own. A two-output encoder gets a `VariationalStrategy()`
   * when none is given. `LinearStrategy` and `SparseStrategy` shape the builder's own layers and
   * are refused.
   */
  readonly strategy?: Strategy | readonly Strategy[];
  /**
   * The reconstruction loss. Default: `'bernoulli'` for a variational model whose decoder ends in
   * a sigmoid, else `'squaredError'`; `'bernoulli'` needs a decoder that ends in a sigmoid.
   */
  readonly loss?: ReconstructionLoss;
  /** The seed of shuffling, noise and sampling (random when left out). */
  readonly seed?: number;
}

const KEYS = ['encoder', 'decoder', 'strategy', 'loss', 'seed'] as const;

/** Settings a saved wrapped model restores besides its options. @internal */
export interface WrappedExtras {
  readonly optimizerName?: OptimizerName;
  readonly learningRate?: number | LearningRateSchedule;
}

function isLayersModel(value: unknown): value is tfl.LayersModel {
  const m = value as tfl.LayersModel | null;
  return (
    typeof m === 'object' &&
    m !== null &&
    typeof m.apply === 'function' &&
    Array.isArray(m.inputs) &&
    Array.isArray(m.outputs) &&
    Array.isArray(m.trainableWeights)
  );
}

function shapeText(shape: readonly (number | null)[]): string {
  return `[${shape.map((d) => (d === null ? 'null' : String(d))).join(', ')}]`;
}

/** The feature width of a `[null, width]` shape, or a ShapeError saying what is wrong. */
function widthOf(shape: readonly (number | null)[], what: string): number {
  if (shape.length !== 2) {
    const image =
      shape.length === 4
        ? ' Image (4-D) input is not supported yet: make the model take flat rows and reshape inside it (a Reshape layer first, as Keras examples do).'
        : '';
    throw new ShapeError(
      `fromModels: the ${what} has the shape ${shapeText(shape)}; it must be [null, width] (flat rows).${image}`,
    );
  }
  const width = shape[1];
  if (typeof width !== 'number' || width <= 0)
    throw new ShapeError(`fromModels: the ${what} has no fixed width (${shapeText(shape)}).`);
  return width;
}

/** Input, code and output widths of the pair, and whether the encoder is variational. */
function checkShapes(encoder: tfl.LayersModel, decoder: tfl.LayersModel) {
  if (encoder.inputs.length !== 1 || decoder.inputs.length !== 1 || decoder.outputs.length !== 1) {
    throw new ShapeError(
      `fromModels: the encoder takes ${encoder.inputs.length} inputs and the decoder ${decoder.inputs.length} inputs and ${decoder.outputs.length} outputs; each must take one input, and the decoder give one output.`,
    );
  }
  if (encoder.outputs.length > 2) {
    throw new ShapeError(
      `fromModels: the encoder has ${encoder.outputs.length} outputs; give it one (the code) or two (the mean and the log-variance of a variational encoder).`,
    );
  }
  const inputDim = widthOf(encoder.inputs[0]!.shape, "encoder's input");
  const codes = encoder.outputs.map((o, i) => widthOf(o.shape, `encoder's output ${i}`));
  const latentDim = codes[0]!;
  if (codes.some((c) => c !== latentDim))
    throw new ShapeError(
      `fromModels: the encoder's two outputs have widths ${codes.join(' and ')}; the mean and the log-variance must be equally wide.`,
    );
  const decoderIn = widthOf(decoder.inputs[0]!.shape, "decoder's input");
  if (decoderIn !== latentDim)
    throw new ShapeError(
      `fromModels: the encoder's output is ${latentDim} wide but the decoder's input ${decoderIn}; they must match.`,
    );
  const decoderOut = widthOf(decoder.outputs[0]!.shape, "decoder's output");
  if (decoderOut !== inputDim)
    throw new ShapeError(
      `fromModels: the decoder's output is ${decoderOut} wide but the encoder's input ${inputDim}; a reconstruction is as wide as the input.`,
    );
  return { inputDim, latentDim, variational: codes.length === 2 };
}

function strategiesOf(strategy: FromModelsOptions['strategy'], variational: boolean): Strategy[] {
  const list: Strategy[] =
    strategy === undefined ? [] : Array.isArray(strategy) ? [...strategy] : [strategy as Strategy];
  for (const s of list) {
    if (s?.forcesLinear === true || s?.requiredCodeActivation !== undefined) {
      throw new ConfigurationError(
        `fromModels: ${s.name} shapes the builder's own layers (linear layers or a code activation), which a wrapped model does not have; build the model with Autoencoder.builder() instead.`,
      );
    }
  }
  const asksVariational = list.some((s) => s?.latentHead === 'variational');
  if (asksVariational && !variational) {
    throw new ConfigurationError(
      'fromModels: a variational strategy needs an encoder with two outputs (the mean and the log-variance).',
    );
  }
  if (variational && !asksVariational) list.push(new VariationalStrategy());
  return list;
}

/** The activation a decoder's last layer applies, as the loss sees it: sigmoid or not. */
function endsInSigmoid(decoder: tfl.LayersModel): boolean {
  const last = decoder.layers.at(-1);
  return last?.getConfig().activation === 'sigmoid';
}

/**
 * Checks a pair of Layers models and the options, and returns the settings and network of an
 * Autoencoder that runs them as they are. Nothing is copied: the models become the
 * Autoencoder's. @internal
 * @throws {@link ConfigurationError} for bad options or strategies; {@link ShapeError} for
 *   widths that do not fit together or input that is not flat rows.
 */
export function wrapModels(
  options: FromModelsOptions,
  extras: WrappedExtras = {},
): { config: ResolvedConfig; network: WrappedNetwork } {
  const o = readOptions(options, KEYS, 'fromModels options');
  const { encoder, decoder } = o;
  if (!isLayersModel(encoder) || !isLayersModel(decoder)) {
    throw new ConfigurationError(
      'fromModels: encoder and decoder must both be tf.LayersModel instances (tfl.model, tfl.sequential, tfl.loadLayersModel or loadKerasModel).',
    );
  }
  if (encoder === decoder)
    throw new ConfigurationError(
      'fromModels: the encoder and the decoder are the same model; pass two models.',
    );
  const { inputDim, latentDim, variational } = checkShapes(encoder, decoder);
  const sigmoid = endsInSigmoid(decoder);
  if (o.loss !== undefined && o.loss !== 'squaredError' && o.loss !== 'bernoulli')
    throw new ConfigurationError(
      `fromModels: loss is ${String(o.loss)}; pass 'squaredError' or 'bernoulli'.`,
    );
  if (o.loss === 'bernoulli' && !sigmoid)
    throw new ConfigurationError(
      "fromModels: loss 'bernoulli' needs a decoder whose last layer has a sigmoid activation (outputs in [0, 1]).",
    );
  const resolved = resolveConfig({
    inputDim,
    latentDim,
    hiddenLayers: [],
    activation: 'linear',
    outputActivation: sigmoid ? 'sigmoid' : 'linear',
    seed: o.seed,
    optimizerName: extras.optimizerName,
    learningRate: extras.learningRate,
    strategies: strategiesOf(o.strategy, variational),
  });
  const config: ResolvedConfig = {
    ...resolved,
    reconstructionLoss: o.loss ?? resolved.reconstructionLoss,
    wrapped: true,
  };
  const network = new WrappedNetwork(encoder, decoder, variational);
  if (network.variables.length === 0)
    throw new ConfigurationError(
      'fromModels: the encoder and the decoder have no trainable weights.',
    );
  return { config, network };
}

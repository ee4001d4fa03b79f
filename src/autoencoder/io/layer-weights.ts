import {
  conv,
  convLstm2d,
  convLstm2dCell,
  convTranspose,
  depthwiseConv,
  globalPool,
  pool,
  resized2d,
  separableConv,
} from './conv-weights.js';
import type { JsonObject } from './json.js';
import { type Dims, type LayerSize, last, num, product } from './layer-dims.js';
import { bidirectional, recurrent, timeDistributed } from './recurrent-weights.js';
import {
  concatenate,
  dot,
  flatten,
  merged,
  permute,
  preprocessed,
  reshape,
} from './reshape-shapes.js';

export type { Dims, LayerSize } from './layer-dims.js';

// The weights tfjs-layers allocates when it builds a layer, from the layer's config and input
// shape alone, so that a topology can be sized before anything is built: every layer class
// tfjs-layers 4 registers is sized here (the weighted ones formula for formula from their
// build()). A dimension is null where the topology does not fix it; tfjs cannot build a weight
// over such a dimension either, so it counts as 1 (the fewest), which never refuses a model
// tfjs could load.

/** The axes (indices into Dims) a normalization's `axis` names, default the last. */
function normalizedAxes(config: JsonObject, input: Dims): number[] {
  const axes = Array.isArray(config.axis) ? config.axis : [config.axis ?? -1];
  const rank = input.length + 1;
  return axes.map((a) => (typeof a === 'number' ? (a < 0 ? rank + a : a) - 1 : -1));
}

/** Gamma, beta (when scaled and centred) and, for batch norm, the two moving statistics. */
function normalization(config: JsonObject, input: Dims | undefined, moving: boolean): LayerSize {
  const axes = input ? normalizedAxes(config, input) : [];
  const dims = axes.map((a) => (input && a >= 0 ? input[a] : null) ?? 1);
  // BatchNormalization reads one axis; LayerNormalization a weight over every named axis.
  const perGamma = moving ? (dims[0] ?? 1) : product(dims);
  const count =
    (config.center === false ? 0 : 1) + (config.scale === false ? 0 : 1) + (moving ? 2 : 0);
  return { weights: count * perGamma, output: input };
}

/** PReLU: one alpha per input element, shared along `shared_axes` (1-based, after the batch). */
function prelu(config: JsonObject, input: Dims | undefined): LayerSize {
  const shared = Array.isArray(config.shared_axes)
    ? config.shared_axes
    : config.shared_axes == null
      ? []
      : [config.shared_axes];
  const alpha = (input ?? []).map((d, i) => (shared.includes(i + 1) ? 1 : (d ?? 1)));
  return { weights: product(alpha), output: input };
}

function dense(config: JsonObject, input: Dims | undefined): LayerSize {
  const units = num(config.units) ?? 1;
  const bias = config.use_bias === false ? 0 : units;
  return {
    weights: (last(input) ?? 1) * units + bias,
    output: input ? [...input.slice(0, -1), units] : undefined,
  };
}

function embedding(config: JsonObject, input: Dims | undefined): LayerSize {
  const outDim = num(config.output_dim) ?? 1;
  return {
    weights: (num(config.input_dim) ?? 1) * outDim,
    output: input ? [...input, outDim] : undefined,
  };
}

/** A sizer of one layer class. */
type Sizer = (config: JsonObject, inputs: (Dims | undefined)[]) => LayerSize | undefined;

/** A weightless layer's sizer from its output shape. */
function shaped(output: (config: JsonObject, inputs: (Dims | undefined)[]) => Dims | undefined) {
  return (config: JsonObject, inputs: (Dims | undefined)[]): LayerSize => ({
    weights: 0,
    output: output(config, inputs),
  });
}

const passThrough = shaped((_, [input]) => input);
const mergeLayer = shaped((_, inputs) => merged(inputs));
const poolOf =
  (rank: number): Sizer =>
  (config, [input]) =>
    pool(config, input, rank);
const globalPoolOf = (rank: number) => shaped((config, [input]) => globalPool(config, input, rank));
const recurrentOf =
  (className: string): Sizer =>
  (config, [input]) =>
    recurrent(className, config, input);
const preprocessing = (className: string) =>
  shaped((config, [input]) => preprocessed(className, config, input));

/** Every layer class tfjs-layers 4 registers, but the models, and its sizer. */
const SIZERS: Readonly<Record<string, Sizer>> = {
  InputLayer: passThrough,
  Activation: passThrough,
  Dropout: passThrough,
  SpatialDropout1D: passThrough,
  GaussianNoise: passThrough,
  GaussianDropout: passThrough,
  AlphaDropout: passThrough,
  ReLU: passThrough,
  LeakyReLU: passThrough,
  ELU: passThrough,
  ThresholdedReLU: passThrough,
  Softmax: passThrough,
  Masking: passThrough,
  Rescaling: passThrough,
  Add: mergeLayer,
  Multiply: mergeLayer,
  Average: mergeLayer,
  Maximum: mergeLayer,
  Minimum: mergeLayer,
  Concatenate: shaped(concatenate),
  Dot: shaped(dot),
  Flatten: shaped((_, [input]) => flatten(input)),
  Reshape: shaped((config, [input]) => reshape(config, input)),
  Permute: shaped((config, [input]) => permute(config, input)),
  RepeatVector: shaped((config, [input]) => [num(config.n), last(input)]),
  ZeroPadding2D: shaped((config, [input]) => resized2d(config, input, 1)),
  Cropping2D: shaped((config, [input]) => resized2d(config, input, -1)),
  UpSampling2D: shaped((config, [input]) => resized2d(config, input, 0)),
  CenterCrop: preprocessing('CenterCrop'),
  Resizing: preprocessing('Resizing'),
  RandomWidth: preprocessing('RandomWidth'),
  CategoryEncoding: preprocessing('CategoryEncoding'),
  MaxPooling1D: poolOf(1),
  AveragePooling1D: poolOf(1),
  MaxPooling2D: poolOf(2),
  AveragePooling2D: poolOf(2),
  MaxPooling3D: poolOf(3),
  AveragePooling3D: poolOf(3),
  GlobalAveragePooling1D: globalPoolOf(1),
  GlobalMaxPooling1D: globalPoolOf(1),
  GlobalAveragePooling2D: globalPoolOf(2),
  GlobalMaxPooling2D: globalPoolOf(2),
  Dense: (config, [input]) => dense(config, input),
  Embedding: (config, [input]) => embedding(config, input),
  Conv1D: (config, [input]) => conv(config, input, 1),
  Conv2D: (config, [input]) => conv(config, input, 2),
  Conv3D: (config, [input]) => conv(config, input, 3),
  Conv2DTranspose: (config, [input]) => convTranspose(config, input, 2),
  Conv3DTranspose: (config, [input]) => convTranspose(config, input, 3),
  SeparableConv2D: (config, [input]) => separableConv(config, input),
  DepthwiseConv2D: (config, [input]) => depthwiseConv(config, input),
  ConvLSTM2D: (config, [input]) => convLstm2d(config, input),
  ConvLSTM2DCell: (config, [input]) => convLstm2dCell(config, input),
  BatchNormalization: (config, [input]) => normalization(config, input, true),
  LayerNormalization: (config, [input]) => normalization(config, input, false),
  PReLU: (config, [input]) => prelu(config, input),
  SimpleRNN: recurrentOf('SimpleRNN'),
  SimpleRNNCell: recurrentOf('SimpleRNNCell'),
  GRU: recurrentOf('GRU'),
  GRUCell: recurrentOf('GRUCell'),
  LSTM: recurrentOf('LSTM'),
  LSTMCell: recurrentOf('LSTMCell'),
  RNN: recurrentOf('RNN'),
  StackedRNNCells: recurrentOf('StackedRNNCells'),
  TimeDistributed: (config, [input]) => timeDistributed(config, input, layerSize),
  Bidirectional: (config, [input]) => bidirectional(config, input, layerSize),
};

/**
 * True for a layer class sized here: every one tfjs-layers registers, but the models.
 *
 * @example
 * ```ts
 * isSizedLayerClass('LSTM'); // true
 * ```
 * @internal
 */
export function isSizedLayerClass(className: string): boolean {
  return Object.hasOwn(SIZERS, className);
}

/**
 * The weights building a layer of class `className` allocates and the shape it outputs, for
 * every layer class tfjs-layers registers (models excepted: the topology walker recurses into
 * them); undefined for any other class, and for a wrapper or RNN whose config names no layer or
 * cell sized here.
 *
 * @param className - the layer's Keras class name.
 * @param config - the layer's config.
 * @param inputs - the shapes of its inputs (undefined where unknown).
 * @example
 * ```ts
 * layerSize('Dense', { units: 3 }, [[4]]); // { weights: 15, output: [3] }
 * ```
 * @internal
 */
export function layerSize(
  className: string,
  config: JsonObject,
  inputs: (Dims | undefined)[],
): LayerSize | undefined {
  return isSizedLayerClass(className) ? SIZERS[className]!(config, inputs) : undefined;
}

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
import { dense, embedding, normalization, prelu } from './core-weights.js';
import type { JsonObject } from './json.js';
import { type Dims, type LayerSize, last, num, type SizeOf } from './layer-dims.js';
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

/** A sizer of one layer class; `inner` sizes the layer a wrapper wraps. */
type Sizer = (
  config: JsonObject,
  inputs: (Dims | undefined)[],
  inner: SizeOf,
) => LayerSize | undefined;

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
  TimeDistributed: (config, [input], inner) => timeDistributed(config, input, inner),
  Bidirectional: (config, [input], inner) => bidirectional(config, input, inner),
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
 * @param inner - sizes the layer a TimeDistributed or Bidirectional wraps (the topology walker
 *   passes one that also sizes nested models). @defaultValue `layerSize` itself
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
  inner: SizeOf = layerSize,
): LayerSize | undefined {
  return isSizedLayerClass(className) ? SIZERS[className]!(config, inputs, inner) : undefined;
}

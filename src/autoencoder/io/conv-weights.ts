import type { JsonObject, JsonValue } from './json.js';
import {
  channelsFirst,
  channelsOf,
  type Dims,
  type LayerSize,
  num,
  perAxis,
  product,
} from './layer-dims.js';

// The convolutional, pooling and spatial layers of tfjs-layers 4 (convolutional.js,
// convolutional_depthwise.js, convolutional_recurrent.js, pooling.js, padding.js): the weight
// shapes their build() allocates and the output shapes their computeOutputShape() returns,
// transcribed formula for formula so that a topology can be sized before anything is built.

/** tfjs' convOutputLength (conv_utils.js), null where unknown or not positive. */
function convLength(n: number | null, k: number, same: boolean, stride: number, dilation = 1) {
  if (n === null) return null;
  const dilated = k + (k - 1) * (dilation - 1);
  const length = Math.floor(((same ? n : n - dilated + 1) + stride - 1) / stride);
  return length > 0 ? length : null;
}

/** tfjs' deconvLength (conv_utils.js). */
function deconvLength(n: number | null, stride: number, k: number, same: boolean) {
  if (n === null) return null;
  return same ? n * stride : n * stride + Math.max(k - stride, 0);
}

/** The spatial axes of an input of `rank` spatial dimensions, or undefined for another rank. */
function spatialOf(config: JsonObject, input: Dims | undefined, rank: number): Dims | undefined {
  if (!input || input.length !== rank + 1) return undefined;
  return channelsFirst(config) ? input.slice(1) : input.slice(0, rank);
}

/** An output of spatial axes `space` and `channels` channels, in the layer's data format. */
function image(config: JsonObject, space: Dims, channels: number | null): Dims {
  return channelsFirst(config) ? [channels, ...space] : [...space, channels];
}

function convOutput(config: JsonObject, input: Dims | undefined, rank: number, filters: number) {
  const space = spatialOf(config, input, rank);
  if (!space) return undefined;
  const kernel = perAxis(config.kernel_size, rank, 1);
  const strides = perAxis(config.strides, rank, 1);
  const dilation = perAxis(config.dilation_rate, rank, 1);
  const same = config.padding === 'same';
  const out = space.map((n, i) => convLength(n, kernel[i]!, same, strides[i]!, dilation[i]!));
  return image(config, out, filters);
}

function bias(config: JsonObject, count: number): number {
  return config.use_bias === false ? 0 : count;
}

/** Conv1D, Conv2D, Conv3D: a kernel of kernel_size × channels × filters and a bias of filters. */
export function conv(config: JsonObject, input: Dims | undefined, rank: number): LayerSize {
  const filters = num(config.filters) ?? 1;
  const kernel = perAxis(config.kernel_size, rank, 1);
  const channels = channelsOf(config, input) ?? 1;
  return {
    weights: product(kernel) * channels * filters + bias(config, filters),
    output: convOutput(config, input, rank, filters),
  };
}

/** Conv2DTranspose, Conv3DTranspose: a kernel of kernel_size × filters × channels. */
export function convTranspose(config: JsonObject, input: Dims | undefined, rank: number) {
  const filters = num(config.filters) ?? 1;
  const kernel = perAxis(config.kernel_size, rank, 1);
  const strides = perAxis(config.strides, rank, 1);
  const same = config.padding === 'same';
  const space = spatialOf(config, input, rank);
  return {
    weights: product(kernel) * filters * (channelsOf(config, input) ?? 1) + bias(config, filters),
    output: space
      ? image(
          config,
          space.map((n, i) => deconvLength(n, strides[i]!, kernel[i]!, same)),
          filters,
        )
      : undefined,
  };
}

/** SeparableConv2D: a depthwise kernel, a 1 × 1 pointwise kernel and a bias of filters. */
export function separableConv(config: JsonObject, input: Dims | undefined): LayerSize {
  const filters = num(config.filters) ?? 1;
  const multiplier = num(config.depth_multiplier) ?? 1;
  const depthwise = product(perAxis(config.kernel_size, 2, 1)) * (channelsOf(config, input) ?? 1);
  const pointwise = (channelsOf(config, input) ?? 1) * multiplier * filters;
  return {
    weights: depthwise * multiplier + pointwise + bias(config, filters),
    output: convOutput(config, input, 2, filters),
  };
}

/** DepthwiseConv2D: a kernel of kernel_size × channels × depth_multiplier (no dilation in tfjs). */
export function depthwiseConv(config: JsonObject, input: Dims | undefined): LayerSize {
  const multiplier = num(config.depth_multiplier) ?? 1;
  const channels = channelsOf(config, input);
  const kernel = perAxis(config.kernel_size, 2, 1);
  const strides = perAxis(config.strides, 2, 1);
  const same = config.padding === 'same';
  const space = spatialOf(config, input, 2);
  const out = channels === null ? null : channels * multiplier;
  return {
    weights:
      product(kernel) * (channels ?? 1) * multiplier + bias(config, (channels ?? 1) * multiplier),
    output: space
      ? image(
          config,
          space.map((n, i) => convLength(n, kernel[i]!, same, strides[i]!)),
          out,
        )
      : undefined,
  };
}

/** A ConvLSTM2D cell over one step of [rows, cols, channels]: four gates' kernels and biases. */
export function convLstm2dCell(config: JsonObject, step: Dims | undefined): LayerSize {
  const filters = num(config.filters) ?? 1;
  const kernel = product(perAxis(config.kernel_size, 2, 1));
  const channels = channelsOf(config, step) ?? 1;
  const weights = kernel * channels * 4 * filters + kernel * filters * 4 * filters;
  return {
    weights: weights + bias(config, 4 * filters),
    output: convOutput(config, step, 2, filters),
  };
}

/** ConvLSTM2D over [time, rows, cols, channels]: its cell over each step. */
export function convLstm2d(config: JsonObject, input: Dims | undefined): LayerSize {
  const { weights, output: out } = convLstm2dCell(config, input?.slice(1));
  const sequence = out && input ? [input[0] ?? null, ...out] : undefined;
  const output = config.return_sequences === true ? sequence : out;
  return {
    weights,
    output,
    ...(config.return_state === true ? { outputs: [output, out, out] } : {}),
  };
}

/** Max and average pooling over `rank` spatial axes; strides default to the pool size. */
export function pool(config: JsonObject, input: Dims | undefined, rank: number): LayerSize {
  const window = perAxis(config.pool_size, rank, 2);
  const strides = perAxis(config.strides, rank, 0).map((s, i) => s || window[i]!);
  const same = config.padding === 'same';
  const space = spatialOf(config, input, rank);
  const channels = channelsOf(config, input);
  return {
    weights: 0,
    output: space
      ? image(
          config,
          space.map((n, i) => convLength(n, window[i]!, same, strides[i]!)),
          channels,
        )
      : undefined,
  };
}

/** Global pooling: one value per channel (tfjs' 1-D ones read channels last whatever the format). */
export function globalPool(config: JsonObject, input: Dims | undefined, rank: number): Dims {
  if (!input) return [null];
  const channels = rank === 1 ? input[1] : channelsOf(config, input);
  return [channels ?? null];
}

/** `padding` or `cropping` as [[top, bottom], [left, right]] (Keras writes 1, [1, 2] or [[1, 1], [2, 2]]). */
function pairs(value: JsonValue | undefined, fallback: number): [number, number][] {
  const amount = (v: JsonValue | undefined) => (typeof v === 'number' && v >= 0 ? v : fallback);
  if (!Array.isArray(value)) return [0, 1].map(() => [amount(value), amount(value)]);
  return [0, 1].map((i) => {
    const axis = value[i];
    return Array.isArray(axis) ? [amount(axis[0]), amount(axis[1])] : [amount(axis), amount(axis)];
  });
}

/** ZeroPadding2D (`grow` 1), Cropping2D (`grow` −1) and UpSampling2D (`grow` 0, `size`) outputs. */
export function resized2d(config: JsonObject, input: Dims | undefined, grow: -1 | 0 | 1) {
  const space = spatialOf(config, input, 2);
  if (!space) return undefined;
  const channels = channelsOf(config, input);
  if (grow === 0) {
    const size = perAxis(config.size, 2, 2);
    return image(
      config,
      space.map((n, i) => (n === null ? null : n * size[i]!)),
      channels,
    );
  }
  const amounts = pairs(grow === 1 ? config.padding : config.cropping, grow === 1 ? 1 : 0);
  const out = space.map((n, i) => {
    if (n === null) return null;
    const length = n + grow * (amounts[i]![0] + amounts[i]![1]);
    return length > 0 ? length : null;
  });
  return image(config, out, channels);
}

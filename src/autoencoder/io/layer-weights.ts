import type { JsonObject, JsonValue } from './json.js';

// The weights tfjs-layers allocates when it builds a layer, from the layer's config and input
// shape alone, so that a topology can be sized before anything is built. Shapes leave out the
// batch dimension; a dimension is null where the topology does not fix it, and a whole shape is
// undefined where this file cannot follow it (such layers then count as the fewest they can
// hold: a Dense of unknown input has at least one input unit).

/** A tensor shape without its batch dimension; null where unknown. */
export type Dims = (number | null)[];

/** What building one layer allocates, and the shape it hands on. */
export interface LayerSize {
  weights: number;
  output: Dims | undefined;
}

function num(value: JsonValue | undefined): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : null;
}

/** `kernel_size`, `strides`, … as one number per spatial dimension (Keras writes `3` or `[3, 3]`). */
function perAxis(value: JsonValue | undefined, rank: number, fallback: number): number[] {
  if (Array.isArray(value)) return value.map((v) => num(v) ?? fallback);
  return Array.from({ length: rank }, () => num(value) ?? fallback);
}

function product(values: readonly number[]): number {
  return values.reduce((a, b) => a * b, 1);
}

function last(dims: Dims | undefined): number | null {
  return dims && dims.length > 0 ? (dims[dims.length - 1] ?? null) : null;
}

/** A convolution's or pooling's output length along one axis (Keras' conv_output_length). */
function outLength(n: number | null, k: number, stride: number, dilation: number, same: boolean) {
  if (n === null) return null;
  const length = same
    ? Math.ceil(n / stride)
    : Math.floor((n - ((k - 1) * dilation + 1)) / stride) + 1;
  return length > 0 ? length : null;
}

/** Output shape of a convolution or pooling over the spatial axes of `input`. */
function windowed(
  config: JsonObject,
  input: Dims | undefined,
  rank: number,
  window: number[],
  channels: number | null,
): Dims | undefined {
  if (!input || input.length !== rank + 1) return undefined;
  const first = config.data_format === 'channels_first';
  const spatial = first ? input.slice(1) : input.slice(0, rank);
  const strides = perAxis(config.strides, rank, 0).map((s, i) => s || window[i]!);
  const dilation = perAxis(config.dilation_rate, rank, 1);
  const same = config.padding === 'same';
  const out = spatial.map((n, i) => outLength(n, window[i]!, strides[i]!, dilation[i]!, same));
  const ch = channels ?? (first ? input[0]! : last(input));
  return first ? [ch, ...out] : [...out, ch];
}

function conv(config: JsonObject, input: Dims | undefined, rank: number): LayerSize {
  const filters = num(config.filters) ?? 1;
  const kernel = perAxis(config.kernel_size, rank, 1);
  const channels = (config.data_format === 'channels_first' ? input?.[0] : last(input)) ?? 1;
  const bias = config.use_bias === false ? 0 : filters;
  return {
    weights: product(kernel) * channels * filters + bias,
    output: windowed(config, input, rank, kernel, filters),
  };
}

function pool(config: JsonObject, input: Dims | undefined, rank: number): LayerSize {
  const window = perAxis(config.pool_size, rank, 2);
  return { weights: 0, output: windowed(config, input, rank, window, null) };
}

/** Gamma, beta (when scaled and centred) and, for batch norm, the two moving statistics. */
function normalization(config: JsonObject, input: Dims | undefined, moving: boolean): LayerSize {
  const axis =
    typeof config.axis === 'number'
      ? config.axis
      : Array.isArray(config.axis) && config.axis.length === 1
        ? config.axis[0]
        : -1;
  const at = typeof axis === 'number' && input ? (axis < 0 ? input.length + axis : axis - 1) : -1;
  const channels = (input && at >= 0 ? input[at] : null) ?? 1;
  const perChannel =
    (config.center === false ? 0 : 1) + (config.scale === false ? 0 : 1) + (moving ? 2 : 0);
  return { weights: perChannel * channels, output: input };
}

function flatten(input: Dims | undefined): Dims {
  if (input?.every((d) => d !== null)) return [product(input as number[])];
  return [null];
}

function reshape(config: JsonObject, input: Dims | undefined): Dims | undefined {
  if (!Array.isArray(config.target_shape)) return undefined;
  const target = config.target_shape.map((d) => (d === -1 ? null : num(d)));
  const known = input?.every((d) => d !== null) ? product(input as number[]) : null;
  const fixed = target.filter((d): d is number => d !== null);
  if (known !== null && target.length - fixed.length === 1) {
    return target.map((d) => d ?? known / product(fixed));
  }
  return target;
}

/** Layers that only pass their input's shape on, and hold no weights. */
const PASS_THROUGH = new Set([
  'InputLayer',
  'Activation',
  'Dropout',
  'SpatialDropout1D',
  'SpatialDropout2D',
  'GaussianNoise',
  'GaussianDropout',
  'AlphaDropout',
  'ReLU',
  'LeakyReLU',
  'ELU',
  'ThresholdedReLU',
  'Softmax',
  'Masking',
  'Add',
  'Subtract',
  'Multiply',
  'Average',
  'Maximum',
  'Minimum',
]);

/**
 * The weights building a layer of class `className` allocates and the shape it outputs, for the
 * classes whose weights follow from their config; undefined for any other class.
 *
 * @param className - the layer's Keras class name.
 * @param config - the layer's config.
 * @param inputs - the shapes of its inputs (undefined where unknown).
 * @internal
 */
export function layerSize(
  className: string,
  config: JsonObject,
  inputs: (Dims | undefined)[],
): LayerSize | undefined {
  const input = inputs[0];
  switch (className) {
    case 'Dense': {
      const units = num(config.units) ?? 1;
      const bias = config.use_bias === false ? 0 : units;
      return {
        weights: (last(input) ?? 1) * units + bias,
        output: input ? [...input.slice(0, -1), units] : undefined,
      };
    }
    case 'Conv1D':
      return conv(config, input, 1);
    case 'Conv2D':
      return conv(config, input, 2);
    case 'BatchNormalization':
      return normalization(config, input, true);
    case 'LayerNormalization':
      return normalization(config, input, false);
    case 'Embedding': {
      const outDim = num(config.output_dim) ?? 1;
      return {
        weights: (num(config.input_dim) ?? 1) * outDim,
        output: input ? [...input, outDim] : undefined,
      };
    }
    case 'MaxPooling1D':
    case 'AveragePooling1D':
      return pool(config, input, 1);
    case 'MaxPooling2D':
    case 'AveragePooling2D':
      return pool(config, input, 2);
    case 'Flatten':
      return { weights: 0, output: flatten(input) };
    case 'Reshape':
      return { weights: 0, output: reshape(config, input) };
    case 'Concatenate': {
      const lastDims = inputs.map(last);
      const axisLast = config.axis === undefined || config.axis === -1;
      const sum =
        axisLast && lastDims.every((d) => d !== null)
          ? (lastDims as number[]).reduce((a, b) => a + b, 0)
          : null;
      return { weights: 0, output: input && axisLast ? [...input.slice(0, -1), sum] : undefined };
    }
    default:
      return PASS_THROUGH.has(className) ? { weights: 0, output: input } : undefined;
  }
}

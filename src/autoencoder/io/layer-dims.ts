import type { JsonObject, JsonValue } from './json.js';

// Shared vocabulary of the layer sizers (layer-weights.ts and its neighbours): shapes without the
// batch dimension, read from Keras-style (snake_case) layer configs.

/** A tensor shape without its batch dimension; null where the topology does not fix it. @internal */
export type Dims = (number | null)[];

/**
 * What building one layer allocates, and the shapes it hands on (`outputs` for a layer with
 * several, such as an RNN returning its states; `output` is then the first). @internal
 */
export interface LayerSize {
  weights: number;
  output: Dims | undefined;
  outputs?: (Dims | undefined)[];
}

/** Sizes a (nested) layer from its class and config, or undefined for a class not sized here. */
export type SizeOf = (
  className: string,
  config: JsonObject,
  inputs: (Dims | undefined)[],
) => LayerSize | undefined;

/** A positive safe integer, or null. @internal */
export function num(value: JsonValue | undefined): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : null;
}

/** `kernel_size`, `strides`, … as one number per spatial axis (Keras writes `3` or `[3, 3]`). @internal */
export function perAxis(value: JsonValue | undefined, rank: number, fallback: number): number[] {
  if (Array.isArray(value))
    return Array.from({ length: rank }, (_, i) => num(value[i]) ?? fallback);
  return Array.from({ length: rank }, () => num(value) ?? fallback);
}

/** The product of `values` (1 for none). @internal */
export function product(values: readonly number[]): number {
  return values.reduce((a, b) => a * b, 1);
}

/** The last dimension, or null. @internal */
export function last(dims: Dims | undefined): number | null {
  return dims && dims.length > 0 ? (dims[dims.length - 1] ?? null) : null;
}

/** True for a channels-first layer (Keras writes `channels_first`, tfjs `channelsFirst`). @internal */
export function channelsFirst(config: JsonObject): boolean {
  return config.data_format === 'channels_first' || config.data_format === 'channelsFirst';
}

/** The channel count of an image-like input, or null. @internal */
export function channelsOf(config: JsonObject, input: Dims | undefined): number | null {
  return (channelsFirst(config) ? input?.[0] : last(input)) ?? null;
}

/** A `{ class_name, config }` pair's parts, or undefined when it is not one. @internal */
export function nested(value: JsonValue | undefined): [string, JsonObject] | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const className = value.class_name ?? value.className;
  const config = value.config;
  if (typeof className !== 'string' || config === null || typeof config !== 'object') return;
  return Array.isArray(config) ? undefined : [className, config];
}

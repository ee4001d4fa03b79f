import type { JsonObject, JsonValue } from './json.js';
import { type Dims, last, num, product } from './layer-dims.js';

// The output shapes of tfjs-layers' weightless layers that change a shape (core.js, merge.js,
// preprocessing/), as their computeOutputShape() has them, so that the layers after them are
// sized from the right input.

/** An axis of a shape with its batch dimension (Keras' `axis`) as an index into Dims. */
function axisIndex(axis: JsonValue | undefined, rank: number, fallback: number): number {
  const a = typeof axis === 'number' && Number.isInteger(axis) ? axis : fallback;
  return (a < 0 ? rank + a : a) - 1;
}

/** Flatten: one axis of the input's size (null when any axis is unknown). */
export function flatten(input: Dims | undefined): Dims {
  if (input?.every((d) => d !== null)) return [product(input as number[])];
  return [null];
}

/** Reshape: `target_shape`, its one −1 filled in from the input's size. */
export function reshape(config: JsonObject, input: Dims | undefined): Dims | undefined {
  if (!Array.isArray(config.target_shape)) return undefined;
  const target = config.target_shape.map((d) => (d === -1 ? null : num(d)));
  const known = input?.every((d) => d !== null) ? product(input as number[]) : null;
  const fixed = target.filter((d): d is number => d !== null);
  if (known !== null && target.length - fixed.length === 1) {
    const missing = known / product(fixed);
    return target.map((d) => d ?? (Number.isSafeInteger(missing) ? missing : null));
  }
  return target;
}

/** Permute: `dims` (1-based, without the batch) reorders the axes. */
export function permute(config: JsonObject, input: Dims | undefined): Dims | undefined {
  const dims = config.dims;
  if (!input || !Array.isArray(dims) || dims.length !== input.length) return undefined;
  return dims.map((d) => (typeof d === 'number' ? (input[d - 1] ?? null) : null));
}

/** Concatenate: the inputs joined along `axis` (default the last). */
export function concatenate(config: JsonObject, inputs: (Dims | undefined)[]): Dims | undefined {
  const first = inputs[0];
  if (!first) return undefined;
  const at = axisIndex(config.axis, first.length + 1, -1);
  if (at < 0 || at >= first.length) return undefined;
  const along = inputs.map((d) => d?.[at] ?? null);
  const sum = along.every((d) => d !== null)
    ? (along as number[]).reduce((a, b) => a + b, 0)
    : null;
  return first.map((d, i) => (i === at ? sum : d));
}

/** Add, Multiply, Average, Maximum, Minimum: the first input's shape, gaps filled from the others. */
export function merged(inputs: (Dims | undefined)[]): Dims | undefined {
  const first = inputs[0];
  if (!first) return undefined;
  return first.map((d, i) => d ?? inputs.find((s) => s?.[i] != null)?.[i] ?? null);
}

/** Dot of two inputs over `axes` (with the batch, as Keras counts them). */
export function dot(config: JsonObject, inputs: (Dims | undefined)[]): Dims | undefined {
  const [a, b] = inputs;
  if (!a || !b) return undefined;
  const axes = Array.isArray(config.axes) ? config.axes : [config.axes, config.axes];
  const [i, j] = [axisIndex(axes[0], a.length + 1, -1), axisIndex(axes[1], b.length + 1, -1)];
  const out = [...a.filter((_, k) => k !== i), ...b.filter((_, k) => k !== j)];
  return out.length === 0 ? [1] : out;
}

/** The preprocessing layers that change a shape: CenterCrop, Resizing, RandomWidth, CategoryEncoding. */
export function preprocessed(
  className: string,
  config: JsonObject,
  input: Dims | undefined,
): Dims | undefined {
  if (!input) return undefined;
  const height = num(config.height);
  const width = num(config.width);
  switch (className) {
    case 'CenterCrop':
      return input.map((d, i) =>
        i === input.length - 3 ? height : i === input.length - 2 ? width : d,
      );
    // tfjs 4 reads these two from the shape with its batch ([h, w, shape[2]] stands for the
    // whole shape), so the layers after them are built on that, and sized so here.
    case 'Resizing':
      return [width, input[1] ?? null];
    case 'RandomWidth':
      return [null, input[1] ?? null];
    default: {
      const tokens = num(config.num_tokens);
      const oneHot = config.output_mode === 'oneHot' || config.output_mode === 'one_hot';
      if (oneHot && last(input) !== 1) return [...input, tokens];
      return [...input.slice(0, -1), tokens];
    }
  }
}

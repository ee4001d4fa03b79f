import type { JsonObject } from './json.js';
import { type Dims, type LayerSize, last, num, product } from './layer-dims.js';

// The core and normalization layers of tfjs-layers 4 (core.js, embeddings.js, normalization.js,
// advanced_activations.js): the weights their build() allocates.

/** The axes (indices into Dims) a normalization's `axis` names, default the last. */
function normalizedAxes(config: JsonObject, input: Dims): number[] {
  const axes = Array.isArray(config.axis) ? config.axis : [config.axis ?? -1];
  const rank = input.length + 1;
  return axes.map((a) => (typeof a === 'number' ? (a < 0 ? rank + a : a) - 1 : -1));
}

/** BatchNormalization, LayerNormalization: gamma, beta (when scaled and centred) and batch norm's moving statistics. @internal */
export function normalization(
  config: JsonObject,
  input: Dims | undefined,
  moving: boolean,
): LayerSize {
  const axes = input ? normalizedAxes(config, input) : [];
  const dims = axes.map((a) => (input && a >= 0 ? input[a] : null) ?? 1);
  // BatchNormalization reads one axis; LayerNormalization a weight over every named axis.
  const perGamma = moving ? (dims[0] ?? 1) : product(dims);
  const count =
    (config.center === false ? 0 : 1) + (config.scale === false ? 0 : 1) + (moving ? 2 : 0);
  return { weights: count * perGamma, output: input };
}

/** PReLU: one alpha per input element, shared along `shared_axes` (1-based, after the batch). @internal */
export function prelu(config: JsonObject, input: Dims | undefined): LayerSize {
  const shared = Array.isArray(config.shared_axes)
    ? config.shared_axes
    : config.shared_axes == null
      ? []
      : [config.shared_axes];
  const alpha = (input ?? []).map((d, i) => (shared.includes(i + 1) ? 1 : (d ?? 1)));
  return { weights: product(alpha), output: input };
}

/** Dense: a kernel [input, units] and a bias of units. @internal */
export function dense(config: JsonObject, input: Dims | undefined): LayerSize {
  const units = num(config.units) ?? 1;
  const bias = config.use_bias === false ? 0 : units;
  return {
    weights: (last(input) ?? 1) * units + bias,
    output: input ? [...input.slice(0, -1), units] : undefined,
  };
}

/** Embedding: a table [input_dim, output_dim]. @internal */
export function embedding(config: JsonObject, input: Dims | undefined): LayerSize {
  const outDim = num(config.output_dim) ?? 1;
  return {
    weights: (num(config.input_dim) ?? 1) * outDim,
    output: input ? [...input, outDim] : undefined,
  };
}

import type * as tf from '@tensorflow/tfjs-core';
import { ModelFileError } from '../../errors/index.js';
import { isJsonObject, type JsonObject, type JsonValue } from './json.js';
import { type Dims, layerSize } from './layer-weights.js';

// tfjs-layers builds every layer of a topology (allocating its weights) before it compares them
// with the weights that came along, so a hostile model.json declaring a Dense of a million units
// over a few bytes of weights would allocate gigabytes only to be refused. This sizes the layers
// from their configs first. Layers of other classes cannot be sized here; their config
// dimensions are bounded instead, so that none declares more than any real model holds.

/** Larger than any layer dimension a real model has (16.7 M); a config beyond it is refused. */
const MAX_DIM = 2 ** 24;

/** Config keys that hold a dimension of what a layer builds. */
const DIM_KEYS = new Set([
  'units',
  'filters',
  'kernel_size',
  'input_dim',
  'output_dim',
  'target_shape',
  'batch_input_shape',
  'batch_shape',
  'pool_size',
  'depth_multiplier',
]);

const MODEL_CLASSES = new Set(['Sequential', 'Functional', 'Model']);

interface Tally {
  weights: number;
  largest: { name: string; weights: number };
}

function refuseAbsurd(config: JsonObject, name: string, label: string): void {
  for (const [key, value] of Object.entries(config)) {
    if (!DIM_KEYS.has(key)) continue;
    const dims = Array.isArray(value) ? value : [value];
    if (dims.some((d) => typeof d === 'number' && d > MAX_DIM)) {
      throw new ModelFileError(
        `${label}: the layer "${name}" declares ${key} ${JSON.stringify(value)}, beyond any real model (${MAX_DIM}); the file was edited or is hostile. Nothing was built.`,
      );
    }
  }
}

/** The shape a layer's config declares for its input (`batch_input_shape`), without the batch. */
function declaredInput(config: JsonObject): Dims | undefined {
  const shape = config.batch_input_shape ?? config.batch_shape;
  if (!Array.isArray(shape) || shape.length < 2) return undefined;
  return shape.slice(1).map((d) => (typeof d === 'number' && d > 0 ? d : null));
}

/** The names of the layers a functional layer's first call reads (Keras 2 inbound nodes). */
function inboundNames(layer: JsonObject): string[] {
  const nodes = layer.inbound_nodes;
  const first = Array.isArray(nodes) ? nodes[0] : undefined;
  if (!Array.isArray(first)) return [];
  return first.flatMap((t) => (Array.isArray(t) && typeof t[0] === 'string' ? [t[0]] : []));
}

/** Sizes one layer (a nested model recursively), adds it to the tally, returns its output. */
function sizeOne(
  layer: JsonObject,
  inputs: (Dims | undefined)[],
  tally: Tally,
  label: string,
): Dims | undefined {
  const className = typeof layer.class_name === 'string' ? layer.class_name : '';
  const config = isJsonObject(layer.config) ? layer.config : {};
  const name = String(config.name ?? layer.name ?? className);
  refuseAbsurd(config, name, label);
  const declared = declaredInput(config);
  const ins = declared ? [declared] : inputs;
  if (MODEL_CLASSES.has(className)) return sizeModel(layer, ins[0], tally, label);
  const size = layerSize(className, config, ins);
  if (!size) return undefined;
  tally.weights += size.weights;
  if (size.weights > tally.largest.weights) tally.largest = { name, weights: size.weights };
  return size.output;
}

/** Walks a Sequential or functional model's layers in order, following shapes through them. */
function sizeModel(
  model: JsonObject,
  input: Dims | undefined,
  tally: Tally,
  label: string,
): Dims | undefined {
  const config = model.config;
  const layers: JsonValue[] = Array.isArray(config)
    ? config
    : isJsonObject(config) && Array.isArray(config.layers)
      ? config.layers
      : [];
  if (model.class_name === 'Sequential' || Array.isArray(config)) {
    let shape = input;
    for (const layer of layers)
      if (isJsonObject(layer)) shape = sizeOne(layer, [shape], tally, label);
    return shape;
  }
  const outputs = new Map<string, Dims | undefined>();
  let shape: Dims | undefined;
  for (const layer of layers) {
    if (!isJsonObject(layer)) continue;
    const inbound = inboundNames(layer);
    const ins = inbound.length > 0 ? inbound.map((n) => outputs.get(n)) : [input];
    shape = sizeOne(layer, ins, tally, label);
    if (typeof layer.name === 'string') outputs.set(layer.name, shape);
  }
  return shape;
}

function elements(spec: tf.io.WeightsManifestEntry): number {
  return spec.shape.reduce((a, b) => a * b, 1);
}

/**
 * Refuses a Layers topology whose layers would allocate more weights than its weight specs hold,
 * before tfjs-layers builds it. The specs have been checked against the weight bytes already, so
 * a load never allocates much more than its files hold. Layers of a class whose weights cannot be
 * told from its config count as none, but no layer may declare a dimension beyond 2^24.
 *
 * @param topology - a model.json's `modelTopology` (Keras 2 form, or `{ model_config }`).
 * @param specs - its checked weight specs.
 * @param label - the file or address, for the message.
 * @throws {@link ModelFileError} naming the largest layer, both counts and what to do.
 * @example
 * ```ts
 * checkTopologySize(saved.modelTopology, saved.weightSpecs, 'model.json');
 * ```
 * @internal
 */
export function checkTopologySize(
  topology: JsonObject,
  specs: readonly tf.io.WeightsManifestEntry[],
  label: string,
): void {
  const model = isJsonObject(topology.model_config) ? topology.model_config : topology;
  const tally: Tally = { weights: 0, largest: { name: '', weights: 0 } };
  sizeModel(model, undefined, tally, label);
  const held = specs.reduce((sum, s) => sum + elements(s), 0);
  // Slack for a formula that counts a little high on some config; never enough to hurt.
  if (tally.weights > held + 1024 + held / 100) {
    throw new ModelFileError(
      `${label}: its topology's layers would create at least ${tally.weights} weights (the layer "${tally.largest.name}" alone ${tally.largest.weights}), but its weight files hold ${held}; the topology was edited or belongs to another model. Nothing was built.`,
    );
  }
}

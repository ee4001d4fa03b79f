import * as tf from '@tensorflow/tfjs-core';
import { ModelFileError } from '../../errors/index.js';
import { isJsonObject, type JsonObject, type JsonValue } from './json.js';
import type { SizeOf } from './layer-dims.js';
import { type Dims, isSizedLayerClass, type LayerSize, layerSize } from './layer-weights.js';

// tfjs-layers builds every layer of a topology (allocating its weights) before it compares them
// with the weights that came along, so a hostile model.json declaring a Dense of a million units
// over a few bytes of weights would allocate gigabytes only to be refused. This sizes the layers
// from their configs first, every stock class exactly (layer-weights.ts). A custom class the
// user registered is sized by the weights the manifest names after it, its config dimensions
// bounded; a class nobody registered is refused here, as tfjs would refuse it after parsing.

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

interface Walk {
  readonly specs: readonly tf.io.WeightsManifestEntry[];
  readonly label: string;
  weights: number;
  largest: { name: string; weights: number };
}

/** A layer's outputs, first and all. */
type Outputs = (Dims | undefined)[];

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

/** `[layer, node, tensor]` references (Keras 2 form) as layer name and tensor index. */
function references(value: JsonValue | undefined): [string, number][] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((t) =>
    Array.isArray(t) && typeof t[0] === 'string'
      ? [[t[0], typeof t[2] === 'number' ? t[2] : 0] as [string, number]]
      : [],
  );
}

/** The layers and tensors a functional layer's first call reads. */
function inbound(layer: JsonObject): [string, number][] {
  const nodes = layer.inbound_nodes;
  return references(Array.isArray(nodes) ? nodes[0] : undefined);
}

function elements(spec: tf.io.WeightsManifestEntry): number {
  return spec.shape.reduce((a, b) => a * b, 1);
}

/** The manifest's weights named after a layer (`name/...`, or Keras 3's `model/name/...`). */
function weightsNamed(specs: readonly tf.io.WeightsManifestEntry[], name: string): number {
  return specs
    .filter((s) => s.name.startsWith(`${name}/`) || s.name.includes(`/${name}/`))
    .reduce((sum, s) => sum + elements(s), 0);
}

/**
 * A layer no formula here sizes: a custom class registered with tf.serialization counts the
 * weights the manifest names after it (it builds them in its own code); a class nobody
 * registered, or a stock wrapper or RNN around a layer or cell that cannot be sized, is refused,
 * naming it, before tfjs-layers parses anything.
 */
function customSize(className: string, name: string, walk: Walk): LayerSize {
  if (isSizedLayerClass(className)) {
    throw new ModelFileError(
      `${walk.label}: the ${className} layer "${name}" wraps a layer or cell whose weights cannot be told from the topology (a custom class inside a stock wrapper, or a malformed config); wrap only stock layers, or export the model again. Nothing was built.`,
    );
  }
  const registered = tf.serialization.SerializationMap.getMap().classNameMap[className];
  if (registered === undefined) {
    throw new ModelFileError(
      `${walk.label}: the layer "${name}" is of class "${className}", which TensorFlow.js layers does not have; register your custom layer class with tf.serialization.registerClass before loading, or rebuild the model from stock layers and export it again. Nothing was built.`,
    );
  }
  return { weights: weightsNamed(walk.specs, name), output: undefined };
}

/** Sizes the layer a wrapper wraps, a nested model included (counted apart: a wrapper may double it). */
function innerSizer(walk: Walk): SizeOf {
  const sizeOf: SizeOf = (className, config, inputs) => {
    if (!MODEL_CLASSES.has(className)) return layerSize(className, config, inputs, sizeOf);
    const inner: Walk = { ...walk, weights: 0, largest: { name: '', weights: 0 } };
    const outputs = sizeModel({ class_name: className, config }, inputs[0], inner);
    return { weights: inner.weights, output: outputs[0], outputs };
  };
  return sizeOf;
}

/**
 * Sizes one layer (a nested model recursively), adds it to the walk, returns its outputs. Its
 * own `batch_input_shape` counts only for an InputLayer and a Sequential's first layer (`first`):
 * tfjs ignores it on any other layer (Embedding writes one of `[null, null]` on every export).
 */
function sizeOne(layer: JsonObject, inputs: Outputs, walk: Walk, first = false): Outputs {
  const className = typeof layer.class_name === 'string' ? layer.class_name : '';
  const config = isJsonObject(layer.config) ? layer.config : {};
  const name = String(config.name ?? layer.name ?? className);
  refuseAbsurd(config, name, walk.label);
  const declared = first || className === 'InputLayer' ? declaredInput(config) : undefined;
  const ins = declared ? [declared] : inputs;
  if (MODEL_CLASSES.has(className)) return sizeModel(layer, ins[0], walk);
  const size =
    layerSize(className, config, ins, innerSizer(walk)) ?? customSize(className, name, walk);
  walk.weights += size.weights;
  if (size.weights > walk.largest.weights) walk.largest = { name, weights: size.weights };
  return size.outputs ?? [size.output];
}

/** Walks a Sequential or functional model's layers in order, following shapes through them. */
function sizeModel(model: JsonObject, input: Dims | undefined, walk: Walk): Outputs {
  const config = model.config;
  const layers: JsonValue[] = Array.isArray(config)
    ? config
    : isJsonObject(config) && Array.isArray(config.layers)
      ? config.layers
      : [];
  if (model.class_name === 'Sequential' || Array.isArray(config)) {
    let shape: Outputs = [input];
    layers.forEach((layer, i) => {
      if (isJsonObject(layer)) shape = sizeOne(layer, [shape[0]], walk, i === 0);
    });
    return shape;
  }
  const outputs = new Map<string, Outputs>();
  let shape: Outputs = [input];
  for (const layer of layers) {
    if (!isJsonObject(layer)) continue;
    const refs = inbound(layer);
    const ins = refs.length > 0 ? refs.map(([n, t]) => outputs.get(n)?.[t]) : [input];
    shape = sizeOne(layer, ins, walk);
    if (typeof layer.name === 'string') outputs.set(layer.name, shape);
  }
  const declared = isJsonObject(config) ? references(config.output_layers) : [];
  return declared.length > 0 ? declared.map(([n, t]) => outputs.get(n)?.[t]) : shape;
}

/**
 * The weights tfjs-layers would allocate building `topology`, and its largest layer.
 *
 * @param topology - a model.json's `modelTopology` (Keras 2 form, or `{ model_config }`).
 * @param specs - its weight specs (a registered custom layer counts the ones named after it).
 * @param label - the file or address, for messages.
 * @throws {@link ModelFileError} for a layer of a class nobody registered, or a dimension beyond 2^24.
 * @example
 * ```ts
 * const { weights } = topologyWeights(saved.modelTopology, saved.weightSpecs, 'model.json');
 * ```
 * @internal
 */
export function topologyWeights(
  topology: JsonObject,
  specs: readonly tf.io.WeightsManifestEntry[],
  label: string,
): { weights: number; largest: { name: string; weights: number } } {
  const model = isJsonObject(topology.model_config) ? topology.model_config : topology;
  const walk: Walk = { specs, label, weights: 0, largest: { name: '', weights: 0 } };
  sizeModel(model, undefined, walk);
  return { weights: walk.weights, largest: walk.largest };
}

/**
 * Refuses a Layers topology whose layers would allocate more weights than its weight specs hold,
 * before tfjs-layers builds it. The specs have been checked against the weight bytes already, so
 * a load never allocates much more than its files hold. Every stock tfjs-layers class is sized
 * exactly from its config and input shape; a registered custom class counts the weights named
 * after it; a class nobody registered is refused; no layer may declare a dimension beyond 2^24.
 *
 * @param topology - a model.json's `modelTopology` (Keras 2 form, or `{ model_config }`).
 * @param specs - its checked weight specs.
 * @param label - the file or address, for the message.
 * @throws {@link ModelFileError} naming the largest layer, both counts and what to do; naming a
 *   layer of a class nobody registered, or a dimension beyond 2^24.
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
  const { weights, largest } = topologyWeights(topology, specs, label);
  const held = specs.reduce((sum, s) => sum + elements(s), 0);
  // The counts are exact for the tfjs-layers these formulas were read from; the slack keeps a
  // later version whose layer differs by a bias or two from refusing a good model.
  if (weights > held + 1024 + held / 100) {
    throw new ModelFileError(
      `${label}: its topology's layers would create at least ${weights} weights (the layer "${largest.name}" alone ${largest.weights}), but its weight files hold ${held}; the topology was edited or belongs to another model. Nothing was built.`,
    );
  }
}

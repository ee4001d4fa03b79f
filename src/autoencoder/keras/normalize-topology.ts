import { ModelFileError } from '../../errors/index.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../io/json.js';

// Keras 3 writes a model config that tfjs-layers (4.x) cannot read (tfjs issue #8494). This turns
// it into the tf.keras 2 form tfjs-layers reads; a Keras 2 config passes through unchanged.

const MODEL_CLASSES = new Set(['Sequential', 'Functional', 'Model']);

/** Keys of Keras 3's serialized objects that tfjs-layers has no use for. */
const KERAS3_ONLY_KEYS = new Set(['module', 'registered_name', 'build_config', 'compile_config']);

/** The dtypes a tfjs Layers model can hold. */
const DTYPES = new Set(['float32', 'int32']);

function refuse(file: string, where: string, why: string): ModelFileError {
  return new ModelFileError(`${file}: ${where} ${why}`);
}

/** A Keras 3 `DTypePolicy` (or a Keras 2 mixed-precision `Policy`) as the dtype string it stands for. */
function dtypeOf(value: JsonValue, file: string, where: string): JsonValue {
  const name =
    isJsonObject(value) && isJsonObject(value.config) ? value.config.name : (value ?? undefined);
  if (name === undefined || name === null) return value;
  if (typeof name !== 'string' || !DTYPES.has(name)) {
    throw refuse(
      file,
      where,
      `has the dtype ${JSON.stringify(name)}; TensorFlow.js layers compute in float32 (or int32): export the model with dtype "float32" (no mixed precision).`,
    );
  }
  return name;
}

/** A Keras 3 `__keras_tensor__`'s `[layer, node, tensor]`, or undefined for anything else. */
function kerasHistory(value: JsonValue): [string, number, number] | undefined {
  if (!isJsonObject(value) || value.class_name !== '__keras_tensor__') return undefined;
  const history = isJsonObject(value.config) ? value.config.keras_history : undefined;
  if (
    Array.isArray(history) &&
    history.length === 3 &&
    typeof history[0] === 'string' &&
    Number.isInteger(history[1]) &&
    Number.isInteger(history[2])
  ) {
    return history as [string, number, number];
  }
  return undefined;
}

/** Every Keras tensor among a call's positional arguments, in order. */
function tensorsOf(args: JsonValue, file: string, where: string): [string, number, number][] {
  const found = kerasHistory(args);
  if (found) return [found];
  if (Array.isArray(args)) return args.flatMap((a) => tensorsOf(a, file, where));
  if (args === null || typeof args !== 'object') return [];
  throw refuse(file, where, 'passes an argument that is neither a Keras tensor nor a constant.');
}

/** Keras 3's `{ args, kwargs }` node as Keras 2's `[[layer, node, tensor, kwargs], ...]`. */
function legacyNode(node: JsonValue, file: string, where: string): JsonValue {
  if (Array.isArray(node)) return node;
  if (!isJsonObject(node) || !Array.isArray(node.args)) {
    throw refuse(file, where, 'has an inbound node that is neither a list nor { args, kwargs }.');
  }
  const kwargs = isJsonObject(node.kwargs) ? node.kwargs : {};
  for (const [key, value] of Object.entries(kwargs)) {
    if (tensorsOf(value, file, where).length > 0) {
      throw refuse(
        file,
        where,
        `passes a tensor as the keyword argument "${key}"; TensorFlow.js layers take tensors as inputs only.`,
      );
    }
  }
  const inputs = tensorsOf(node.args, file, where);
  if (inputs.length === 0) throw refuse(file, where, 'has an inbound node without input tensors.');
  return inputs.map(([layer, n, t]) => [layer, n, t, kwargs]);
}

/** Keras 3 writes a single input or output as `[name, node, tensor]`; Keras 2 always nests it. */
function nestedRefs(value: JsonValue | undefined): JsonValue | undefined {
  if (Array.isArray(value) && typeof value[0] === 'string') return [value];
  return value;
}

/** Copies a Keras-serialized value, leaving out Keras 3's extra keys and reading dtype policies. */
function cleanValue(value: JsonValue, file: string, where: string): JsonValue {
  if (Array.isArray(value)) return value.map((v) => cleanValue(v, file, where));
  if (!isJsonObject(value)) return value;
  const out: JsonObject = {};
  const serialized = typeof value.class_name === 'string';
  for (const [key, inner] of Object.entries(value)) {
    if (serialized && KERAS3_ONLY_KEYS.has(key)) continue;
    out[key] = key === 'dtype' ? dtypeOf(inner, file, where) : cleanValue(inner, file, where);
  }
  return out;
}

function normalizeLayer(layer: JsonValue, file: string, index: number): JsonObject {
  if (!isJsonObject(layer) || typeof layer.class_name !== 'string' || !isJsonObject(layer.config)) {
    throw refuse(file, `layer ${index}`, 'is not { class_name, config }.');
  }
  const name = typeof layer.config.name === 'string' ? layer.config.name : String(index);
  const where = `the layer "${name}" (${layer.class_name})`;
  // A nested model keeps the name and connections of its entry in the outer model.
  const out = MODEL_CLASSES.has(layer.class_name)
    ? {
        ...normalizeModel(layer, file),
        ...(layer.name === undefined ? {} : { name: layer.name }),
      }
    : (cleanValue(layer, file, where) as JsonObject);
  const config = out.config as JsonObject;
  if (layer.class_name === 'InputLayer' && config.batch_input_shape === undefined) {
    const { batch_shape, shape, ...rest } = config;
    const batchShape = batch_shape ?? (Array.isArray(shape) ? [null, ...shape] : undefined);
    out.config = { ...rest, batch_input_shape: batchShape ?? null };
  }
  if (Array.isArray(layer.inbound_nodes)) {
    out.inbound_nodes = layer.inbound_nodes.map((n) => legacyNode(n, file, where));
  }
  return out;
}

/** The layer names a legacy inbound-node list refers to. */
function sourcesOf(nodes: JsonValue | undefined): string[] {
  if (!Array.isArray(nodes)) return [];
  return nodes.flatMap((node) =>
    Array.isArray(node)
      ? node.map((ref) => (Array.isArray(ref) ? ref[0] : undefined)).filter((n) => n !== undefined)
      : [],
  ) as string[];
}

/**
 * Refuses a functional graph that tfjs-layers would never finish building: a connection from a
 * layer that does not exist, or a cycle (tfjs retries unresolved nodes until all resolve, so
 * either would hang the load), and input or output references to missing layers.
 */
function checkGraph(layers: readonly JsonObject[], refs: JsonValue[], file: string): void {
  const names = layers.map((l) => String(l.name ?? (l.config as JsonObject).name));
  const known = new Set(names);
  const pending = new Map(names.map((n, i) => [n, new Set(sourcesOf(layers[i]!.inbound_nodes))]));
  for (const [name, sources] of pending) {
    for (const source of sources) {
      if (!known.has(source))
        throw refuse(
          file,
          `the layer "${name}"`,
          `takes its input from "${source}", which is not a layer of the model.`,
        );
    }
  }
  for (const ref of refs) {
    const name = Array.isArray(ref) ? ref[0] : undefined;
    if (typeof name !== 'string' || !known.has(name))
      throw refuse(
        file,
        'the model config',
        `names the input or output ${JSON.stringify(ref)}, which is not a layer of the model.`,
      );
  }
  let progress = true;
  while (pending.size > 0 && progress) {
    progress = false;
    for (const [name, sources] of pending) {
      if ([...sources].every((s) => !pending.has(s))) {
        pending.delete(name);
        progress = true;
      }
    }
  }
  if (pending.size > 0)
    throw refuse(
      file,
      'the model config',
      `connects the layers ${[...pending.keys()].map((n) => `"${n}"`).join(', ')} in a cycle.`,
    );
}

/** `[layer, node, tensor, ...]` with the node index moved on by one when `layer` is nested. */
function shifted(ref: JsonValue, nested: ReadonlySet<string>): JsonValue {
  if (!Array.isArray(ref) || typeof ref[0] !== 'string' || !nested.has(ref[0])) return ref;
  const [layer, node, ...rest] = ref;
  return [layer, Number(node) + 1, ...rest];
}

/**
 * Keras numbers a nested model's calls from 0, not counting the node the model has of its own
 * (from its own Input); Keras's from_config maps them, tfjs-layers does not, so the references
 * to a nested model's outputs are moved on by one here.
 */
function shiftNestedNodes(config: JsonObject): void {
  const layers = config.layers as JsonObject[];
  const nested = new Set(
    layers
      .filter((l) => typeof l.class_name === 'string' && MODEL_CLASSES.has(l.class_name))
      .map((l) => String(l.name ?? (l.config as JsonObject).name)),
  );
  if (nested.size === 0) return;
  for (const layer of layers) {
    if (!Array.isArray(layer.inbound_nodes)) continue;
    layer.inbound_nodes = layer.inbound_nodes.map((node) =>
      Array.isArray(node) ? node.map((ref) => shifted(ref, nested)) : node,
    );
  }
  if (Array.isArray(config.output_layers))
    config.output_layers = config.output_layers.map((ref) => shifted(ref, nested));
}

/**
 * A Keras model config (Sequential or functional, nested models included) in the tf.keras 2
 * form that tfjs-layers reads: InputLayer `batch_shape` as `batch_input_shape`, dtype policies
 * as dtype strings, `{ args, kwargs }` inbound nodes as nested lists, single input/output
 * references nested, Keras 3's `module`/`registered_name`/`build_config` keys left out.
 *
 * @param model - the `model_config` of a model.json's `modelTopology` (or the topology itself).
 * @param file - the file it came from, for messages.
 * @throws {@link ModelFileError} for a config that is not a Keras model, a dtype tfjs cannot
 *   hold (float16, bfloat16, float64, mixed precision) or a call tfjs-layers cannot express.
 * @internal
 */
export function normalizeModel(model: JsonObject, file: string): JsonObject {
  const className = model.class_name;
  if (
    typeof className !== 'string' ||
    !MODEL_CLASSES.has(className) ||
    !isJsonObject(model.config)
  ) {
    throw refuse(
      file,
      'the topology',
      `is a ${JSON.stringify(className ?? null)}, not a Keras Sequential or functional model config.`,
    );
  }
  const { layers, input_layers, output_layers, ...rest } = model.config;
  if (!Array.isArray(layers)) throw refuse(file, 'the model config', 'has no list of layers.');
  const config: JsonObject = {
    ...(cleanValue(rest, file, `the model "${String(rest.name)}"`) as JsonObject),
    layers: layers.map((layer, i) => normalizeLayer(layer, file, i)),
  };
  const inputs = nestedRefs(input_layers);
  const outputs = nestedRefs(output_layers);
  if (inputs !== undefined) config.input_layers = inputs;
  if (outputs !== undefined) config.output_layers = outputs;
  if (className !== 'Sequential') {
    const refs = [inputs, outputs].flatMap((r) => (Array.isArray(r) ? r : []));
    checkGraph(config.layers as JsonObject[], refs, file);
    shiftNestedNodes(config);
  }
  return { class_name: className, config };
}

/**
 * The model config of a model.json's `modelTopology` (Keras 2 or Keras 3), normalized by
 * {@link normalizeModel}; the training config is left out (the loaded model is not compiled).
 * @throws {@link ModelFileError} as {@link normalizeModel}.
 * @internal
 */
export function normalizeKerasTopology(topology: JsonObject, file: string): JsonObject {
  const model = isJsonObject(topology.model_config) ? topology.model_config : topology;
  return normalizeModel(model, file);
}

import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { ModelFileError } from '../../errors/index.js';
import { assertJsonSafe, isJsonObject, type JsonObject } from './json.js';
import { type AutoencoderManifest, type CheckManifestOptions, checkManifest } from './manifest.js';
import { FORMAT, LIBRARY_VERSION } from './version.js';

/** A tfjs Layers model, serialized: what model.json and its weights file hold. */
export interface LayersArtifacts {
  /** The Keras-style topology (model.json's `modelTopology`). */
  modelTopology: JsonObject;
  /** One entry per weight, in the order of {@link LayersArtifacts.weightData}. */
  weightSpecs: tf.io.WeightsManifestEntry[];
  /** All weights, little-endian, concatenated. */
  weightData: ArrayBuffer;
}

/** A whole saved autoencoder: its manifest and its two Layers models. */
export interface AutoencoderArtifacts {
  manifest: AutoencoderManifest;
  encoder: LayersArtifacts;
  decoder: LayersArtifacts;
}

/** Largest number of weight bytes one model may declare (2 GiB, the size of one ArrayBuffer). */
const MAX_WEIGHT_BYTES = 2 ** 31 - 1;

/** Serializes a Layers model without its optimizer (saved models keep no optimizer state). */
export async function captureArtifacts(model: tfl.LayersModel): Promise<LayersArtifacts> {
  let captured: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
    { includeOptimizer: false },
  );
  if (!captured || !isJsonObject(captured.modelTopology) || !captured.weightSpecs) {
    throw new ModelFileError(`${model.name}: TensorFlow.js produced no topology to save.`);
  }
  return {
    modelTopology: captured.modelTopology,
    weightSpecs: captured.weightSpecs,
    weightData: joinWeightData(captured.weightData),
  };
}

/** One ArrayBuffer from tfjs's weight data (which may come in shards). */
export function joinWeightData(data: tf.io.WeightData | undefined): ArrayBuffer {
  if (data === undefined) return new ArrayBuffer(0);
  return tf.io.CompositeArrayBuffer.join(data);
}

/**
 * Checks weight specifications and returns the number of bytes they declare, before any weight
 * byte is read or any tensor allocated.
 *
 * @param specs - the weight entries of a model.json (or a bundle).
 * @param file - the file that holds them, for error messages.
 * @throws {@link ModelFileError} on a malformed entry, an unsupported dtype or quantization, a
 * duplicate name, or a declared size above 2 GiB.
 */
export function checkWeightSpecs(
  specs: unknown,
  file: string,
): { specs: tf.io.WeightsManifestEntry[]; bytes: number } {
  if (!Array.isArray(specs))
    throw new ModelFileError(`${file}: the weight list is missing or not a list.`);
  const names = new Set<string>();
  let bytes = 0;
  const checked = specs.map((spec: unknown, i): tf.io.WeightsManifestEntry => {
    const where = `${file}: weight ${i}`;
    if (!isJsonObject(spec)) throw new ModelFileError(`${where} is not an object.`);
    const { name, shape, dtype } = spec;
    if (typeof name !== 'string' || name.length === 0)
      throw new ModelFileError(`${where} has no name.`);
    if (names.has(name)) throw new ModelFileError(`${where} repeats the name "${name}".`);
    names.add(name);
    if (dtype !== 'float32' && dtype !== 'int32') {
      throw new ModelFileError(
        `${where} ("${name}") has dtype ${JSON.stringify(dtype ?? null)}; only float32 and int32 weights are read.`,
      );
    }
    if (spec.quantization !== undefined) {
      throw new ModelFileError(
        `${where} ("${name}") is quantized; quantized weights are not read.`,
      );
    }
    if (spec.group !== undefined && spec.group !== 'model') {
      throw new ModelFileError(
        `${where} ("${name}") belongs to the group ${JSON.stringify(spec.group)}; only model weights are read.`,
      );
    }
    if (
      !Array.isArray(shape) ||
      shape.length > 8 ||
      !shape.every((d) => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0)
    ) {
      throw new ModelFileError(
        `${where} ("${name}") has the shape ${JSON.stringify(shape ?? null)}, not a list of at most 8 non-negative integers.`,
      );
    }
    const size = (shape as number[]).reduce((a, b) => a * b, 1) * 4;
    bytes += size;
    if (!Number.isSafeInteger(size) || bytes > MAX_WEIGHT_BYTES) {
      throw new ModelFileError(
        `${where} ("${name}") makes the weights larger than 2 GiB; the file is corrupt or not a model of this library.`,
      );
    }
    return { name, shape: [...(shape as number[])], dtype };
  });
  return { specs: checked, bytes };
}

/**
 * Checks that the weight bytes are as many as declared and that every float32 value is finite.
 *
 * @throws {@link ModelFileError} naming the file, the byte counts or the first bad value.
 */
export function checkWeightData(
  data: ArrayBuffer,
  specs: tf.io.WeightsManifestEntry[],
  expectedBytes: number,
  file: string,
): void {
  if (data.byteLength !== expectedBytes) {
    throw new ModelFileError(
      `${file} holds ${data.byteLength} bytes of weights, but its model.json declares ${expectedBytes} (${specs.length} weights); the file is truncated or belongs to another model.`,
    );
  }
  const bad = firstNonFinite(data, specs);
  if (bad) {
    throw new ModelFileError(
      `${file}: the weight "${bad.name}" holds ${bad.value} at index ${bad.index}; a saved model's weights are finite.`,
    );
  }
}

/** The first float32 weight value that is NaN or infinite, if any. */
function firstNonFinite(
  data: ArrayBuffer,
  specs: tf.io.WeightsManifestEntry[],
): { name: string; index: number; value: number } | undefined {
  let offset = 0;
  for (const spec of specs) {
    const count = spec.shape.reduce((a, b) => a * b, 1);
    if (spec.dtype === 'float32') {
      const values = new Float32Array(data, offset, count);
      for (let i = 0; i < count; i++) {
        if (!Number.isFinite(values[i])) return { name: spec.name, index: i, value: values[i]! };
      }
    }
    offset += count * 4;
  }
  return undefined;
}

/**
 * Refuses to save a model whose weights are not all finite: `Autoencoder.load` would refuse the
 * files, so they are never written.
 *
 * @throws {@link ModelFileError} naming the part, the weight, the value and its index.
 */
export function checkFiniteForSave(model: LayersArtifacts, part: 'encoder' | 'decoder'): void {
  const bad = firstNonFinite(model.weightData, model.weightSpecs);
  if (bad) {
    throw new ModelFileError(
      `Cannot save: the ${part}'s weight "${bad.name}" holds ${bad.value} at index ${bad.index}, and a saved model's weights must be finite (load would refuse it). Nothing was written. Training likely diverged: lower the learning rate and train again, or load an earlier checkpoint.`,
    );
  }
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object'
    ? 'an object'
    : typeof value === 'undefined'
      ? 'undefined'
      : `a ${typeof value}`;
}

/**
 * Checks what an IOHandler's `load()` resolved before anything reads it: an object with the
 * named ModelArtifacts fields.
 *
 * @param value - what `load()` resolved.
 * @param label - the handler or record, for the message.
 * @param needs - the fields it must have.
 * @param shape - what it must resolve, in words, for the message.
 * @throws {@link ModelFileError} saying what it resolved and what it must resolve.
 */
export function checkLoaded(
  value: unknown,
  label: string,
  needs: readonly ('modelTopology' | 'weightSpecs' | 'weightData')[],
  shape: string,
): tf.io.ModelArtifacts {
  const missing = isJsonObject(value)
    ? needs.filter((key) => value[key] === undefined || value[key] === null)
    : [];
  if (!isJsonObject(value) || missing.length > 0) {
    const got = isJsonObject(value)
      ? `ModelArtifacts without ${missing.join(' and ')}`
      : describeValue(value);
    throw new ModelFileError(`${label}: its load() resolved ${got}; it must resolve ${shape}.`);
  }
  return value as tf.io.ModelArtifacts;
}

/** Checks a model topology: a plain Keras-style JSON object. */
export function checkTopology(topology: unknown, file: string): JsonObject {
  if (!isJsonObject(topology)) {
    throw new ModelFileError(
      `${file} has no Layers model topology (modelTopology is missing or not an object).`,
    );
  }
  assertJsonSafe(topology, file);
  const inner = isJsonObject(topology.model_config) ? topology.model_config : topology;
  if (typeof inner.class_name !== 'string') {
    throw new ModelFileError(
      `${file}: the model topology has no class_name; it is not a tfjs Layers model.`,
    );
  }
  return topology;
}

/** Checks tfjs ModelArtifacts that should hold one Layers model, as a tfjs IOHandler gives them. */
export function checkLayersArtifacts(
  artifacts: tf.io.ModelArtifacts,
  file: string,
): LayersArtifacts {
  const modelTopology = checkTopology(artifacts.modelTopology, file);
  const { specs, bytes } = checkWeightSpecs(artifacts.weightSpecs, file);
  const weightData = joinWeightData(artifacts.weightData);
  checkWeightData(weightData, specs, bytes, file);
  return { modelTopology, weightSpecs: specs, weightData };
}

/** The tfjs ModelArtifacts of one Layers model, as a model.json would describe it. */
export function toModelArtifacts(model: LayersArtifacts): tf.io.ModelArtifacts {
  return {
    modelTopology: model.modelTopology,
    weightSpecs: model.weightSpecs,
    weightData: model.weightData,
    format: 'layers-model',
    generatedBy: `autoencoders ${LIBRARY_VERSION}`,
    convertedBy: null,
  };
}

/**
 * A whole autoencoder as one tfjs ModelArtifacts: what a custom IOHandler receives from
 * `ae.save(handler)` and must give back to `Autoencoder.load(handler)`.
 */
export function toCombinedArtifacts(saved: AutoencoderArtifacts): tf.io.ModelArtifacts {
  const prefixed = (prefix: string, specs: tf.io.WeightsManifestEntry[]) =>
    specs.map((s) => ({ ...s, name: `${prefix}/${s.name}` }));
  const data = new Uint8Array(
    saved.encoder.weightData.byteLength + saved.decoder.weightData.byteLength,
  );
  data.set(new Uint8Array(saved.encoder.weightData), 0);
  data.set(new Uint8Array(saved.decoder.weightData), saved.encoder.weightData.byteLength);
  return {
    modelTopology: {
      autoencoder: saved.manifest,
      encoder: {
        modelTopology: saved.encoder.modelTopology,
        weightSpecs: saved.encoder.weightSpecs,
      },
      decoder: {
        modelTopology: saved.decoder.modelTopology,
        weightSpecs: saved.decoder.weightSpecs,
      },
    },
    weightSpecs: [
      ...prefixed('encoder', saved.encoder.weightSpecs),
      ...prefixed('decoder', saved.decoder.weightSpecs),
    ],
    weightData: data.buffer,
    format: FORMAT,
    generatedBy: `autoencoders ${LIBRARY_VERSION}`,
    convertedBy: null,
  };
}

/** Number of bytes a base64 string decodes to, computed without decoding it. */
function base64Length(text: string): number {
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return (text.length / 4) * 3 - padding;
}

/** Encodes bytes as base64 (browser and Node, no Buffer). */
export function toBase64(data: ArrayBuffer): string {
  const bytes = new Uint8Array(data);
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

function fromBase64(text: string, file: string): ArrayBuffer {
  let binary: string;
  try {
    binary = atob(text);
  } catch (error) {
    throw new ModelFileError(`${file}: the weights are not valid base64.`, { cause: error });
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes.buffer;
}

/**
 * Reads a whole autoencoder back from one ModelArtifacts (from a custom IOHandler) or from a
 * parsed bundle file (weightData as base64). Checks everything before decoding the weights.
 *
 * @throws {@link ModelFileError} naming `file` and the problem.
 */
export function fromCombinedArtifacts(
  artifacts: { modelTopology?: unknown; weightData?: unknown },
  file: string,
  options: CheckManifestOptions,
): AutoencoderArtifacts {
  const top = artifacts.modelTopology;
  if (!isJsonObject(top) || !('autoencoder' in top)) {
    if (
      isJsonObject(artifacts) &&
      ('format' in artifacts || 'kind' in artifacts) &&
      !('modelTopology' in artifacts)
    ) {
      // A bare manifest or a PCA file given where a whole model was expected.
      checkManifest(artifacts, file, options);
      throw new ModelFileError(
        `${file} is an autoencoder manifest without its models; load the folder, URL or bundle that holds autoencoder.json with encoder/ and decoder/.`,
      );
    }
    throw new ModelFileError(
      `${file} is not a saved autoencoder (it has no modelTopology.autoencoder manifest).`,
    );
  }
  assertJsonSafe(top, file);
  const manifest = checkManifest(top.autoencoder, `${file} (manifest)`, options);
  const parts = (['encoder', 'decoder'] as const).map((key) => {
    const part = top[key];
    if (!isJsonObject(part)) throw new ModelFileError(`${file}: the ${key} is missing.`);
    const modelTopology = checkTopology(part.modelTopology, `${file} (${key})`);
    const { specs, bytes } = checkWeightSpecs(part.weightSpecs, `${file} (${key})`);
    return { modelTopology, specs, bytes };
  });
  const [encoder, decoder] = parts as [(typeof parts)[0], (typeof parts)[0]];
  const total = encoder.bytes + decoder.bytes;
  let data: ArrayBuffer;
  const raw = artifacts.weightData;
  if (typeof raw === 'string') {
    if (raw.length % 4 !== 0 || base64Length(raw) !== total) {
      throw new ModelFileError(
        `${file} holds ${raw.length % 4 === 0 ? base64Length(raw) : 'a truncated run of'} bytes of weights, but declares ${total}; the file is truncated or belongs to another model.`,
      );
    }
    data = fromBase64(raw, file);
  } else if (raw instanceof ArrayBuffer || Array.isArray(raw)) {
    data = joinWeightData(raw as tf.io.WeightData);
  } else {
    throw new ModelFileError(`${file} has no weight data.`);
  }
  if (data.byteLength !== total) {
    throw new ModelFileError(
      `${file} holds ${data.byteLength} bytes of weights, but declares ${total} (encoder ${encoder.bytes}, decoder ${decoder.bytes}); the file is truncated or belongs to another model.`,
    );
  }
  const encoderData = data.slice(0, encoder.bytes);
  const decoderData = data.slice(encoder.bytes);
  checkWeightData(encoderData, encoder.specs, encoder.bytes, `${file} (encoder)`);
  checkWeightData(decoderData, decoder.specs, decoder.bytes, `${file} (decoder)`);
  return {
    manifest,
    encoder: {
      modelTopology: encoder.modelTopology,
      weightSpecs: encoder.specs,
      weightData: encoderData,
    },
    decoder: {
      modelTopology: decoder.modelTopology,
      weightSpecs: decoder.specs,
      weightData: decoderData,
    },
  };
}

/**
 * The one-file form of a saved autoencoder (what `downloads://name` writes): the combined
 * artifacts as JSON, weights in base64.
 */
export interface AutoencoderBundle {
  /** Always `'autoencoders'`. */
  format: typeof FORMAT;
  /** `{ autoencoder: manifest, encoder: { modelTopology, weightSpecs }, decoder: {...} }`. */
  modelTopology: JsonObject;
  /** All weights (encoder's, then decoder's), base64. */
  weightData: string;
  /** The library that wrote the file. */
  generatedBy: string;
}

/** The bundle (one JSON file) of a saved autoencoder. */
export function toBundle(saved: AutoencoderArtifacts): AutoencoderBundle {
  const combined = toCombinedArtifacts(saved);
  return {
    format: FORMAT,
    modelTopology: combined.modelTopology as JsonObject,
    weightData: toBase64(joinWeightData(combined.weightData)),
    generatedBy: `autoencoders ${LIBRARY_VERSION}`,
  };
}

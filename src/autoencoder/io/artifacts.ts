import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { ModelFileError } from '../../errors/index.js';
import { assertJsonSafe, isJsonObject, type JsonObject } from './json.js';
import type { AutoencoderManifest } from './manifest.js';
import { LIBRARY_VERSION } from './version.js';
import { checkWeightData, checkWeightSpecs, joinWeightData } from './weights.js';

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

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value === undefined) return 'undefined';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
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

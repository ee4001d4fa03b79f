import type * as tf from '@tensorflow/tfjs-core';
import { ModelFileError } from '../../errors/index.js';
import { type AutoencoderArtifacts, checkTopology, type LayersArtifacts } from './artifacts.js';
import { base64Length, fromBase64 } from './base64.js';
import { assertJsonSafe, isJsonObject, type JsonObject } from './json.js';
import { type CheckManifestOptions, checkManifest } from './manifest.js';
import { FORMAT, LIBRARY_VERSION } from './version.js';
import { checkWeightData, checkWeightSpecs, joinWeightData } from './weights.js';

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

/** Refuses combined artifacts without their manifest, saying what was given instead. */
function refuseWithoutManifest(
  artifacts: { modelTopology?: unknown },
  file: string,
  options: CheckManifestOptions,
): never {
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

/** The weight bytes of combined artifacts: base64 (a bundle) or binary (an IOHandler). */
function combinedWeightData(raw: unknown, total: number, file: string): ArrayBuffer {
  let data: ArrayBuffer;
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
  return data;
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
  if (!isJsonObject(top) || !('autoencoder' in top))
    refuseWithoutManifest(artifacts, file, options);
  assertJsonSafe(top, file);
  const manifest = checkManifest(top.autoencoder, `${file} (manifest)`, options);
  const parts = (['encoder', 'decoder'] as const).map((key) => {
    const part = (top as JsonObject)[key];
    if (!isJsonObject(part)) throw new ModelFileError(`${file}: the ${key} is missing.`);
    const modelTopology = checkTopology(part.modelTopology, `${file} (${key})`);
    const { specs, bytes } = checkWeightSpecs(part.weightSpecs, `${file} (${key})`);
    return { key, modelTopology, weightSpecs: specs, bytes };
  });
  const [encoderBytes, decoderBytes] = [parts[0]!.bytes, parts[1]!.bytes];
  const total = encoderBytes + decoderBytes;
  const data = combinedWeightData(artifacts.weightData, total, file);
  if (data.byteLength !== total) {
    throw new ModelFileError(
      `${file} holds ${data.byteLength} bytes of weights, but declares ${total} (encoder ${encoderBytes}, decoder ${decoderBytes}); the file is truncated or belongs to another model.`,
    );
  }
  let offset = 0;
  const [encoder, decoder] = parts.map(({ key, modelTopology, weightSpecs, bytes }) => {
    const weightData = data.slice(offset, offset + bytes);
    offset += bytes;
    checkWeightData(weightData, weightSpecs, bytes, `${file} (${key})`);
    return { modelTopology, weightSpecs, weightData };
  }) as [LayersArtifacts, LayersArtifacts];
  return { manifest, encoder, decoder };
}

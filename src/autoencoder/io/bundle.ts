import type { AutoencoderArtifacts } from './artifacts.js';
import { toBase64 } from './base64.js';
import { toCombinedArtifacts } from './combined.js';
import type { JsonObject } from './json.js';
import { FORMAT, LIBRARY_VERSION } from './version.js';
import { joinWeightData } from './weights.js';

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

/** The version of this library, written into every manifest it saves (kept equal to package.json by a test). */
export const LIBRARY_VERSION = '0.1.0';

/** The `format` tag of an autoencoder manifest (autoencoder.json). */
export const FORMAT = 'autoencoders';

/** The manifest format version this library writes, and the newest it reads. */
export const FORMAT_VERSION = 1;

/**
 * The format version of saved autoencoders (autoencoder.json's `formatVersion`) that this
 * library writes; it reads this version and older ones.
 *
 * @example
 * ```ts
 * import { AUTOENCODER_FORMAT_VERSION } from 'autoencoders';
 * console.log(`saves use format version ${AUTOENCODER_FORMAT_VERSION}`);
 * ```
 */
export const AUTOENCODER_FORMAT_VERSION = FORMAT_VERSION;

/** The file names of a saved model folder, format version 1. */
export const FILES = {
  manifest: 'autoencoder.json',
  encoder: 'encoder/model.json',
  encoderWeights: 'encoder/weights.bin',
  decoder: 'decoder/model.json',
  decoderWeights: 'decoder/weights.bin',
} as const;

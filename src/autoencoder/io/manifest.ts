import { ModelFileError } from '../../errors/index.js';
import { assertJsonSafe, isJsonObject, type JsonObject, type JsonValue } from './json.js';
import { checkRelativePath } from './paths.js';
import { FILES, FORMAT, FORMAT_VERSION, LIBRARY_VERSION } from './version.js';

/** One strategy of a saved autoencoder: its registered class name and its `getConfig()`. */
export interface StrategyRecord {
  /** The strategy class's static `className`, as given to `registerStrategy`. */
  className: string;
  /** The strategy's `getConfig()`, plain JSON. */
  config: JsonObject;
}

/**
 * The manifest of a saved autoencoder (autoencoder.json), format version 1.
 *
 * @example
 * ```ts
 * import type { AutoencoderManifest } from 'autoencoders';
 * const describe = (m: AutoencoderManifest) => `${m.format} v${m.formatVersion}, ${m.strategies.length} strategies`;
 * ```
 */
export interface AutoencoderManifest {
  /** Always `'autoencoders'`. */
  format: typeof FORMAT;
  /** The format version; this library reads versions up to {@link autoencoders!AUTOENCODER_FORMAT_VERSION}. */
  formatVersion: number;
  /** The version of the library that wrote the file. */
  libraryVersion: string;
  /** The builder settings (input width, layers, activations, seed, optimizer settings...). */
  builder: JsonObject;
  /** The strategies, in the order they were given to the builder. */
  strategies: StrategyRecord[];
  /** The whole training history (loss, mse and each strategy term, one entry per epoch; null where the history holds NaN). */
  history: JsonObject;
  /**
   * Checkpoints only: the optimizer's state (slots as base64 float32) and the training
   * generator's, from which `fit` resumes the run.
   */
  training?: JsonObject;
  /** Where the encoder's and decoder's model.json lie, relative to the manifest. */
  files: {
    /** The encoder's model.json (format version 1: `encoder/model.json`). */
    encoder: string;
    /** The decoder's model.json (format version 1: `decoder/model.json`). */
    decoder: string;
  };
}

/** What the library's model knows about itself, from which a manifest is written. */
export interface ManifestParts {
  /** The builder settings, plain JSON. */
  builder: JsonObject;
  /** Each strategy's class name and config. */
  strategies: StrategyRecord[];
  /** The training history, plain JSON. */
  history: JsonObject;
  /** A checkpoint's training state (see {@link AutoencoderManifest.training}). */
  training?: JsonObject;
}

/** Writes the manifest of a model (format version 1). */
export function createManifest(parts: ManifestParts): AutoencoderManifest {
  const manifest: AutoencoderManifest = {
    format: FORMAT,
    formatVersion: FORMAT_VERSION,
    libraryVersion: LIBRARY_VERSION,
    builder: parts.builder,
    strategies: parts.strategies.map((s) => ({ className: s.className, config: s.config })),
    history: parts.history,
    ...(parts.training ? { training: parts.training } : {}),
    files: { encoder: FILES.encoder, decoder: FILES.decoder },
  };
  // Fail at save time, not at load time, on anything JSON would not keep.
  assertJsonSafe(manifest, FILES.manifest);
  return JSON.parse(JSON.stringify(manifest)) as AutoencoderManifest;
}

/** A history series: finite numbers, and null where an epoch has no value (NaN in memory). */
function isSeries(value: JsonValue | undefined): value is (number | null)[] {
  return (
    Array.isArray(value) &&
    value.every((v) => v === null || (typeof v === 'number' && Number.isFinite(v)))
  );
}

function checkHistory(history: unknown, file: string): JsonObject {
  if (!isJsonObject(history)) throw new ModelFileError(`${file}: "history" is not an object.`);
  for (const key of ['loss', 'mse']) {
    if (!isSeries(history[key])) {
      throw new ModelFileError(
        `${file}: "history.${key}" is not a list of finite numbers (or null).`,
      );
    }
  }
  for (const [key, value] of Object.entries(history)) {
    if (isSeries(value)) continue;
    if (isJsonObject(value) && Object.values(value).every(isSeries)) continue;
    throw new ModelFileError(
      `${file}: "history.${key}" is neither a list of numbers nor a record of such lists.`,
    );
  }
  return history;
}

/** Options of {@link checkManifest}. */
export interface CheckManifestOptions {
  /** True when a strategy class of that name can be built (it is registered). */
  isRegistered(className: string): boolean;
}

/** Checks a manifest's strategy list: `{ className, config }` entries of registered classes. */
function checkStrategies(
  raw: unknown,
  file: string,
  options: CheckManifestOptions,
): StrategyRecord[] {
  if (!Array.isArray(raw)) throw new ModelFileError(`${file}: "strategies" is not a list.`);
  return raw.map((entry, i) => {
    if (
      !isJsonObject(entry) ||
      typeof entry.className !== 'string' ||
      !isJsonObject(entry.config)
    ) {
      throw new ModelFileError(
        `${file}: "strategies[${i}]" is not { className: string, config: object }.`,
      );
    }
    if (!options.isRegistered(entry.className)) {
      throw new ModelFileError(
        `${file} uses the strategy "${entry.className}", which is not registered; call registerStrategy(${entry.className}) with your strategy class before loading.`,
      );
    }
    return { className: entry.className, config: entry.config };
  });
}

/**
 * Validates a parsed manifest and returns it typed.
 *
 * @param raw - the parsed content of autoencoder.json (or a bundle's manifest).
 * @param file - the file's name or address, for error messages.
 * @param options - how to tell a registered strategy.
 * @throws {@link ModelFileError} naming the file and the problem.
 */
export function checkManifest(
  raw: unknown,
  file: string,
  options: CheckManifestOptions,
): AutoencoderManifest {
  assertJsonSafe(raw, file);
  if (!isJsonObject(raw))
    throw new ModelFileError(`${file} is not a JSON object; it is not an autoencoder manifest.`);
  if (raw.kind === 'pca') {
    throw new ModelFileError(
      `${file} is a PCA file, not an autoencoder; load it with loadPCA(path) or PCA.fromJSON(text).`,
    );
  }
  if (raw.format !== FORMAT) {
    throw new ModelFileError(
      `${file} is not an autoencoder manifest (its "format" is ${JSON.stringify(raw.format ?? null)}, expected "${FORMAT}").`,
    );
  }
  const version = raw.formatVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new ModelFileError(
      `${file}: "formatVersion" is ${JSON.stringify(version ?? null)}, not a positive integer.`,
    );
  }
  if (version > FORMAT_VERSION) {
    throw new ModelFileError(
      `${file} was written in format version ${version} by autoencoders ${String(raw.libraryVersion)}; this is autoencoders ${LIBRARY_VERSION}, which reads format versions up to ${FORMAT_VERSION}. Upgrade the library to load it.`,
    );
  }
  if (typeof raw.libraryVersion !== 'string')
    throw new ModelFileError(`${file}: "libraryVersion" is not a string.`);
  if (!isJsonObject(raw.builder)) throw new ModelFileError(`${file}: "builder" is not an object.`);
  const strategies = checkStrategies(raw.strategies, file, options);
  const history = checkHistory(raw.history, file);
  const files = raw.files;
  if (!isJsonObject(files)) throw new ModelFileError(`${file}: "files" is not an object.`);
  return {
    format: FORMAT,
    formatVersion: version,
    libraryVersion: raw.libraryVersion,
    builder: raw.builder,
    strategies,
    history,
    // Read in full when the model is rebuilt (trainingStateFromJson).
    ...(raw.training !== undefined ? { training: raw.training as JsonObject } : {}),
    files: {
      encoder: checkRelativePath(files.encoder, file),
      decoder: checkRelativePath(files.decoder, file),
    },
  };
}

import type * as tf from '@tensorflow/tfjs-core';
import type { AutoencoderArtifacts } from './artifacts.js';
import type { AutoencoderBundle } from './bundle.js';
import type { AutoencoderManifest, CheckManifestOptions } from './manifest.js';

/**
 * Where `ae.save` writes a model.
 *
 * - a folder path or `file://` URL (Node): `autoencoder.json`, `encoder/`, `decoder/`, written atomically;
 * - a tfjs URL scheme with a registered save router, such as `indexeddb://name` or
 *   `localstorage://name`: three records, `name/encoder`, `name/decoder` and `name/autoencoder`;
 * - `downloads://name` (browser): one file, `name.autoencoder.json`;
 * - a `tf.io.IOHandler`: its `save` receives the whole model as one `ModelArtifacts`.
 *
 * @example
 * ```ts
 * import type { SaveDestination } from 'autoencoders';
 * const where: SaveDestination = typeof window === 'undefined' ? './models/digits' : 'indexeddb://digits';
 * ```
 */
export type SaveDestination = string | tf.io.IOHandler;

/**
 * What `Autoencoder.load` reads: anything `ae.save` wrote, plus an `http(s)://` folder URL, a
 * downloaded bundle as a `File`/`Blob`, or the bundle's parsed JSON.
 *
 * @example
 * ```ts
 * import type { LoadSource } from 'autoencoders';
 * const from: LoadSource = 'https://example.com/models/digits';
 * ```
 */
export type LoadSource = string | tf.io.IOHandler | Blob | AutoencoderBundle;

/**
 * Options of `Autoencoder.load`.
 *
 * @example
 * ```ts
 * import type { LoadOptions } from 'autoencoders';
 * const options: LoadOptions = { requestInit: { credentials: 'include' } };
 * ```
 */
export interface LoadOptions {
  /**
   * The fetch function for `http(s)://` sources.
   * @defaultValue `globalThis.fetch`
   */
  fetch?: typeof fetch;
  /** Passed to every fetch of an `http(s)://` source (headers, credentials...). */
  requestInit?: RequestInit;
}

/**
 * The files of one saved model on a medium that holds files by path: a folder, or an http(s)
 * prefix. Paths are relative, `/`-separated and already checked by `checkRelativePath`; each
 * store also refuses a path that its own resolution (links, URLs) takes outside its root.
 */
export interface FileStore {
  /** The file's full name (a path or a URL), for messages. */
  name(path: string): string;
  /** The text of a file; `missing` says what a missing file means, for the message. */
  readText(path: string, missing: string): Promise<string>;
  /** A file's size without reading it, where the medium can tell (a folder). */
  size?(path: string, missing: string): Promise<number>;
  /**
   * The bytes of a file. A store that learns the size first (a Content-Length) refuses a file
   * longer than `maxBytes` before reading it; the caller checks the length it gets in any case.
   */
  readBytes(path: string, maxBytes: number, missing: string): Promise<Uint8Array>;
}

/** What a part of a saved model is called in messages. */
export type StorePart = 'manifest' | 'encoder' | 'decoder';

/**
 * One storage medium for whole autoencoders (a folder, http(s), tfjs records, a download
 * bundle, an IOHandler): the router picks one, `ae.save` writes to it, `Autoencoder.load` reads
 * from it. A medium that cannot do one of the two refuses it with a message saying what to use.
 */
export interface AutoencoderStore {
  /** The source or destination, in words, for messages. */
  readonly name: string;
  /** The file, record or address of a part, for messages. */
  label(part: StorePart, manifest: AutoencoderManifest): string;
  /** Reads and checks a saved model; builds nothing. */
  read(check: CheckManifestOptions): Promise<AutoencoderArtifacts>;
  /** Writes a serialized model. */
  write(saved: AutoencoderArtifacts): Promise<void>;
}

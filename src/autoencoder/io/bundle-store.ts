import { InvalidInputError, ModelFileError } from '../../errors/index.js';
import type { AutoencoderArtifacts } from './artifacts.js';
import { type AutoencoderBundle, toBundle } from './bundle.js';
import { fromCombinedArtifacts } from './combined.js';
import { storeError } from './errors.js';
import { isJsonObject, parseModelJson } from './json.js';
import type { CheckManifestOptions } from './manifest.js';
import type { AutoencoderStore } from './store.js';

function download(saved: AutoencoderArtifacts, url: string): void {
  if (typeof document === 'undefined' || typeof URL.createObjectURL !== 'function') {
    throw new InvalidInputError(
      `${url} needs a browser page to download from; in Node pass a folder path.`,
    );
  }
  const name = url.slice('downloads://'.length).replace(/\/+$/, '') || 'model';
  const blob = new Blob([JSON.stringify(toBundle(saved))], { type: 'application/json' });
  const href = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.download = `${name}.autoencoder.json`;
  anchor.href = href;
  anchor.click();
  const timer: unknown = setTimeout(() => URL.revokeObjectURL(href), 60_000);
  (timer as { unref?: () => void }).unref?.();
}

/**
 * The store of `downloads://name` (browser): write only, one file `name.autoencoder.json`; the
 * downloaded file is read back as a File or Blob ({@link bundleStore}).
 */
export function downloadStore(url: string): AutoencoderStore {
  return {
    name: url,
    label: (part) => `${url} (${part})`,
    read: async () => {
      throw new InvalidInputError(
        `A download cannot be read back by its name (${url}); pass the downloaded file itself (a File from <input type="file">, or a Blob) to Autoencoder.load.`,
      );
    },
    write: async (saved) => download(saved, url),
  };
}

/** True for a Blob (a File is one), where the platform has Blobs. */
export function isBlob(value: unknown): value is Blob {
  return typeof Blob !== 'undefined' && value instanceof Blob;
}

/** A short name of a bundle source, for messages. */
function bundleName(source: Blob | AutoencoderBundle): string {
  if (isBlob(source)) {
    const name = (source as { name?: unknown }).name;
    return name ? String(name) : 'the Blob';
  }
  return 'the bundle';
}

async function readBundle(
  source: Blob | AutoencoderBundle,
  label: string,
  check: CheckManifestOptions,
): Promise<AutoencoderArtifacts> {
  if (!isBlob(source)) return fromCombinedArtifacts(source, label, check);
  let text: string;
  try {
    text = await source.text();
  } catch (error) {
    throw storeError(label, 'read the file', error);
  }
  const json = parseModelJson(text, label);
  if (!isJsonObject(json)) throw new ModelFileError(`${label} is not a saved autoencoder bundle.`);
  return fromCombinedArtifacts(json, label, check);
}

/** The store of a downloaded bundle, as a File/Blob or as its parsed JSON: read only. */
export function bundleStore(source: Blob | AutoencoderBundle): AutoencoderStore {
  const name = bundleName(source);
  return {
    name,
    label: (part) => (part === 'manifest' ? name : `${name} (${part})`),
    read: (check) => readBundle(source, name, check),
    write: async () => {
      throw new InvalidInputError('A File, Blob or bundle cannot be saved to; pass a destination.');
    },
  };
}

export type { AutoencoderBundle } from './bundle.js';
export type { CheckpointOptions } from './checkpoint.js';
export type { AutoencoderManifest, StrategyRecord } from './manifest.js';
export type { LoadOptions, LoadSource, SaveDestination } from './store.js';
export { AUTOENCODER_FORMAT_VERSION } from './version.js';

import type * as tf from '@tensorflow/tfjs-core';
import { InvalidInputError } from '../../errors/index.js';
import { checkLoaded } from './artifacts.js';
import { fromCombinedArtifacts, toCombinedArtifacts } from './combined.js';
import { checkSaveResult, storeError } from './errors.js';
import type { AutoencoderStore } from './store.js';

const LABEL = 'the IOHandler';

const HANDLER_SHAPE =
  'the ModelArtifacts that ae.save(handler) gave its save(): { modelTopology: { autoencoder, encoder, decoder }, weightSpecs, weightData }';

/** True for an object with a `save` or `load` method, as a tf.io.IOHandler. */
export function isIOHandler(value: unknown): value is tf.io.IOHandler {
  return (
    typeof value === 'object' &&
    value !== null &&
    (typeof (value as tf.io.IOHandler).save === 'function' ||
      typeof (value as tf.io.IOHandler).load === 'function')
  );
}

/**
 * The store of a user's tf.io.IOHandler: its `save` receives the whole model as one
 * ModelArtifacts (see `toCombinedArtifacts`), and its `load` must give the same back.
 */
export function handlerStore(handler: tf.io.IOHandler): AutoencoderStore {
  return {
    name: LABEL,
    label: (part) => (part === 'manifest' ? LABEL : `${LABEL} (${part})`),
    async read(check) {
      if (typeof handler.load !== 'function')
        throw new InvalidInputError('The IOHandler given to load() has no load method.');
      let loaded: unknown;
      try {
        loaded = await handler.load();
      } catch (error) {
        throw storeError(LABEL, 'load', error);
      }
      const needs = ['modelTopology', 'weightSpecs', 'weightData'] as const;
      return fromCombinedArtifacts(checkLoaded(loaded, LABEL, needs, HANDLER_SHAPE), LABEL, check);
    },
    async write(saved) {
      if (typeof handler.save !== 'function')
        throw new InvalidInputError('The IOHandler given to save() has no save method.');
      let result: tf.io.SaveResult | undefined;
      try {
        result = await handler.save(toCombinedArtifacts(saved));
      } catch (error) {
        throw storeError(LABEL, 'save', error);
      }
      checkSaveResult(LABEL, result);
    },
  };
}

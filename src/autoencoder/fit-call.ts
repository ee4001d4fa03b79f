import { ConfigurationError } from '../errors/configuration-error.js';
import type { ResolvedConfig } from './config.js';
import type { AutoencoderInput } from './input.js';
import { Checkpointer } from './io/checkpoint.js';
import type { SavableAutoencoder } from './io/model-io.js';
import type { FitOptions } from './trainer.js';
import { checkBernoulliTargets } from './unit-range.js';

/**
 * What `Autoencoder.fit` checks and adds before the training loop runs: an options object (not
 * `null`), data in [0, 1] for a Bernoulli model, and the checkpoint shorthand as an
 * `onEpochEnd` wrapper.
 * @throws {@link ConfigurationError} for options that are not an object.
 * @throws {@link InvalidInputError} for Bernoulli targets outside [0, 1].
 * @internal
 */
export function prepareFit(
  model: SavableAutoencoder,
  config: ResolvedConfig,
  x: AutoencoderInput,
  options: FitOptions,
): FitOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ConfigurationError(
      `fit options must be an object (or left out for the defaults); got ${options === null ? 'null' : typeof options}.`,
    );
  }
  if (config.reconstructionLoss === 'bernoulli') {
    checkBernoulliTargets(x, 'x');
    if (options.validationData !== undefined) {
      checkBernoulliTargets(options.validationData, 'validationData');
    }
  }
  if (options.checkpoint === undefined) return options;
  const checkpointer = Checkpointer.create(model, options.checkpoint);
  const userEpochEnd = options.onEpochEnd;
  return {
    ...options,
    onEpochEnd: async (epoch, logs) => {
      await checkpointer.afterEpoch(logs);
      if (userEpochEnd) await userEpochEnd(epoch, logs);
    },
  };
}

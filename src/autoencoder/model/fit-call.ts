import { ConfigurationError } from '../../errors/configuration-error.js';
import type { FitOptions } from '../training/fit-options.js';
import type { ResolvedConfig } from './config.js';
import type { AutoencoderInput } from './input.js';
import { checkBernoulliTargets } from './unit-range.js';

/**
 * What `Autoencoder.fit` checks before the training loop runs: an options object (not `null`)
 * and data in [0, 1] for a Bernoulli model.
 * @throws {@link ConfigurationError} for options that are not an object.
 * @throws {@link InvalidInputError} for Bernoulli targets outside [0, 1].
 * @internal
 */
export function prepareFit(
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
  return options;
}

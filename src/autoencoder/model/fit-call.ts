import { ConfigurationError } from '../../errors/configuration-error.js';
import { type FitSource, type SortedSource, sortSource } from '../training/batch-source.js';
import type { FitOptions } from '../training/fit-options.js';
import type { TrainingHost } from '../training/host.js';
import { train } from '../training/train.js';
import type { ResolvedConfig } from './config.js';
import type { History } from './history.js';
import { checkBernoulliTargets } from './unit-range.js';

/**
 * What `Autoencoder.fit` checks before the training loop runs: an options object (not `null`)
 * and, for a Bernoulli model, rows in memory in [0, 1] (a stream's batches are checked as they
 * come). It also tells rows in memory from a stream of batches.
 * @throws {@link ConfigurationError} for options that are not an object.
 * @throws {@link InvalidInputError} for Bernoulli targets outside [0, 1].
 * @internal
 */
export function prepareFit(
  config: ResolvedConfig,
  x: FitSource,
  options: FitOptions,
): { source: SortedSource; options: FitOptions } {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ConfigurationError(
      `fit options must be an object (or left out for the defaults); got ${options === null ? 'null' : typeof options}.`,
    );
  }
  const source = sortSource(x);
  if (config.reconstructionLoss === 'bernoulli') {
    if (source.kind === 'rows') checkBernoulliTargets(source.data, 'x');
    if (options.validationData !== undefined) {
      checkBernoulliTargets(options.validationData, 'validationData');
    }
  }
  return { source, options };
}

/**
 * `Autoencoder.fit`'s work once the model is held for training: {@link prepareFit}'s checks,
 * then the training loop on the host.
 * @internal
 */
export function trainOn(
  host: TrainingHost,
  config: ResolvedConfig,
  x: FitSource,
  options: FitOptions,
): Promise<History> {
  const fit = prepareFit(config, x, options);
  return train(host, fit.source, fit.options);
}

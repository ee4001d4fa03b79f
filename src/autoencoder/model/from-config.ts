import { ConfigurationError } from '../../errors/configuration-error.js';
import { deserializeStrategy } from '../strategies/registry.js';
import type { AutoencoderConfig, ResolvedConfig } from './config.js';
import type { AutoencoderState } from './model-options.js';
import { ModelState } from './model-state.js';
import { resolveConfig } from './resolve-config.js';

/**
 * Validates {@link Autoencoder.getConfig}'s JSON (format, version, strategies through the
 * registry) into settings a model can be built from.
 * @throws {@link ConfigurationError} for an invalid config or an unregistered strategy class.
 * @internal
 */
export function resolveSavedConfig(config: AutoencoderConfig): ResolvedConfig {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new ConfigurationError('fromConfig needs the object that getConfig() returned.');
  }
  if (config.format !== undefined && config.format !== 'autoencoders/autoencoder-config') {
    throw new ConfigurationError(
      `fromConfig: format is ${String(config.format)}, not an autoencoder config.`,
    );
  }
  if (config.version !== undefined && config.version !== 1) {
    throw new ConfigurationError(
      `fromConfig: config version ${String(config.version)} is newer than this library understands (1); upgrade autoencoders.`,
    );
  }
  if (config.wrapped !== undefined) {
    throw new ConfigurationError(
      'fromConfig: this config belongs to a model made by Autoencoder.fromModels, whose layers are not in the config; save the model and use Autoencoder.load, or wrap the models again with fromModels.',
    );
  }
  const strategies = Array.isArray(config.strategies)
    ? config.strategies.map(deserializeStrategy)
    : [];
  return resolveConfig({
    inputDim: config.inputDim,
    hiddenLayers: config.hiddenLayers,
    decoderLayers: config.decoderLayers,
    latentDim: config.latentDim,
    activation: config.activation,
    outputActivation: config.outputActivation,
    seed: config.seed,
    kernelInitializer: config.kernelInitializer,
    optimizerName: config.optimizer?.name,
    learningRate: config.optimizer?.learningRate,
    strategies,
  });
}

/**
 * {@link Autoencoder.fromConfig}'s work: a model state built from the saved config, then given
 * the saved weights and history.
 * @throws as {@link resolveSavedConfig} and `ModelState.restore`.
 * @internal
 */
export function restoredState(config: AutoencoderConfig, state?: AutoencoderState): ModelState {
  const model = new ModelState(resolveSavedConfig(config));
  model.restore(state);
  return model;
}

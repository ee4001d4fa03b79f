import { ConfigurationError } from '../../errors/configuration-error.js';
import type { JsonObject } from '../model/json.js';
import { DenoisingStrategy } from './denoising.js';
import { LinearStrategy } from './linear.js';
import { SparseStrategy } from './sparse.js';
import type { SerializedStrategy, Strategy, StrategyClass } from './strategy.js';
import { VariationalStrategy } from './variational.js';

const registry = new Map<string, StrategyClass>([
  [LinearStrategy.className, LinearStrategy],
  [SparseStrategy.className, SparseStrategy],
  [DenoisingStrategy.className, DenoisingStrategy],
  [VariationalStrategy.className, VariationalStrategy],
]);

/**
 * Registers a strategy class under its static `className`, so that a model configuration (or a
 * saved model) naming it can be rebuilt. The built-in strategies are registered already;
 * registering a class again under the same name replaces the earlier one.
 *
 * @param cls - a class with a static `className` and a static `fromConfig`.
 * @throws {@link ConfigurationError} when `className` is empty or `fromConfig` is missing.
 *
 * @example
 * ```ts
 * import { registerStrategy, type Strategy } from 'autoencoders';
 * class NoOpStrategy implements Strategy {
 *   static readonly className = 'NoOpStrategy';
 *   readonly name = NoOpStrategy.className;
 *   getConfig() { return {}; }
 *   static fromConfig() { return new NoOpStrategy(); }
 * }
 * registerStrategy(NoOpStrategy);
 * ```
 */
export function registerStrategy(cls: StrategyClass): void {
  const candidate = cls as Partial<StrategyClass> | null | undefined;
  if (typeof candidate?.className !== 'string' || candidate.className.length === 0) {
    throw new ConfigurationError(
      "registerStrategy needs a class with a static, non-empty `className` string (equal to its instances' `name`).",
    );
  }
  if (typeof candidate.fromConfig !== 'function') {
    throw new ConfigurationError(
      `registerStrategy: ${candidate.className} needs a static fromConfig(config) that rebuilds an instance from getConfig().`,
    );
  }
  registry.set(candidate.className, cls);
}

/**
 * Looks a strategy class up by its registry name.
 *
 * @returns the class, or undefined when no class is registered under `className`.
 *
 * @example
 * ```ts
 * import { getStrategyClass } from 'autoencoders';
 * console.log(getStrategyClass('SparseStrategy')?.className); // 'SparseStrategy'
 * ```
 */
export function getStrategyClass(className: string): StrategyClass | undefined {
  return registry.get(className);
}

/**
 * Serializes a strategy as `{ className, config }`.
 *
 * @example
 * ```ts
 * import { DenoisingStrategy, serializeStrategy } from 'autoencoders';
 * serializeStrategy(new DenoisingStrategy({ stddev: 0.5 })); // { className: 'DenoisingStrategy', config: { stddev: 0.5 } }
 * ```
 */
export function serializeStrategy(strategy: Strategy): SerializedStrategy {
  return {
    className: strategy.name,
    config: JSON.parse(JSON.stringify(strategy.getConfig())) as JsonObject,
  };
}

/**
 * Rebuilds a strategy from `{ className, config }` through the registry.
 *
 * @throws {@link ConfigurationError} when no class is registered under `className` (the message
 *   says to call {@link registerStrategy}) or the class rejects the config.
 *
 * @example
 * ```ts
 * import { deserializeStrategy } from 'autoencoders';
 * const s = deserializeStrategy({ className: 'SparseStrategy', config: { target: 0.05, weight: 0.2 } });
 * ```
 */
export function deserializeStrategy(serialized: SerializedStrategy): Strategy {
  const className = (serialized as Partial<SerializedStrategy> | null)?.className;
  if (typeof className !== 'string') {
    throw new ConfigurationError('A serialized strategy needs a string `className`.');
  }
  const cls = registry.get(className);
  if (!cls) {
    throw new ConfigurationError(
      `Unknown strategy class '${className}': import it and call registerStrategy(${className}) before rebuilding or loading the model.`,
    );
  }
  const strategy = cls.fromConfig(serialized.config ?? {});
  if (strategy.name !== className) {
    throw new ConfigurationError(
      `${className}.fromConfig returned a strategy named '${strategy.name}': a strategy's name must equal its class's className.`,
    );
  }
  return strategy;
}

import { ConfigurationError } from '../../errors/configuration-error.js';
import { readOptions } from '../../pca/options.js';

/** Throws one ConfigurationError listing every problem, or returns. @internal */
export function throwIfProblems(owner: string, problems: readonly string[]): void {
  if (problems.length === 0) return;
  throw new ConfigurationError(
    problems.length === 1
      ? `${owner}: ${problems[0]}`
      : `${owner} has ${problems.length} problems:\n${problems.map((p) => `- ${p}`).join('\n')}`,
  );
}

/**
 * Reads a strategy constructor's options: `undefined` is all defaults; `null`, a non-object or
 * an unknown key (a misspelt `taget`) is a ConfigurationError naming it.
 * @internal
 */
export function strategyOptions<T extends object>(
  owner: string,
  options: T | undefined,
  keys: readonly (keyof T & string)[],
): Partial<T> {
  return readOptions(options, keys, `${owner} options`);
}

/**
 * A strategy instance's registry name, read from its class's static `className`, so that the
 * name and the class cannot disagree. @internal
 */
export function classNameOf(instance: object): string {
  return (instance.constructor as unknown as { className: string }).className;
}

import { ConfigurationError } from '../../errors/configuration-error.js';

/** Throws one ConfigurationError listing every problem, or returns. @internal */
export function throwIfProblems(owner: string, problems: readonly string[]): void {
  if (problems.length === 0) return;
  throw new ConfigurationError(
    problems.length === 1
      ? `${owner}: ${problems[0]}`
      : `${owner} has ${problems.length} problems:\n${problems.map((p) => `- ${p}`).join('\n')}`,
  );
}

/** Reads an optional option from a config object, checking it is a plain object. @internal */
export function optionsObject(owner: string, options: unknown): Record<string, unknown> {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ConfigurationError(`${owner} takes an options object, got ${String(options)}.`);
  }
  return options as Record<string, unknown>;
}

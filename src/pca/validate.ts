import { ConfigurationError } from '../errors/configuration-error.js';

/**
 * Checks that `value` is an integer in [1, max]; `what` names it in the message together with
 * the reason for the bound.
 *
 * @throws {@link ConfigurationError} otherwise.
 * @internal
 */
export function checkCount(value: unknown, name: string, max: number, bound: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw new ConfigurationError(
      `${name} must be an integer from 1 to ${max} (${bound}); got ${describeValue(value)}.`,
    );
  }
  return value;
}

/** Checks an optional non-negative integer option. @internal */
export function checkNonNegativeInteger(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new ConfigurationError(
      `${name} must be a non-negative integer; got ${describeValue(value)}.`,
    );
  }
  return value;
}

/** Checks an optional finite number option (a seed). @internal */
export function checkSeed(value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ConfigurationError(`seed must be a finite number; got ${describeValue(value)}.`);
  }
  return value;
}

/** Checks that `value` is one of `choices`. @internal */
export function checkChoice<T extends string>(
  value: unknown,
  name: string,
  choices: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    throw new ConfigurationError(
      `${name} must be one of ${choices.map((c) => `'${c}'`).join(', ')}; got ${describeValue(value)}.`,
    );
  }
  return value as T;
}

/** Checks an optional power-iteration count: a non-negative integer or `'auto'`. @internal */
export function checkPowerIterations(value: unknown): number | 'auto' {
  if (value === undefined || value === 'auto') return 'auto';
  return checkNonNegativeInteger(value, "powerIterations (a non-negative integer or 'auto')", 0);
}

/** Checks an optional boolean option. @internal */
export function checkFlag(value: unknown, name: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') {
    throw new ConfigurationError(`${name} must be true or false; got ${describeValue(value)}.`);
  }
  return value;
}

/**
 * A short description of a value for error messages, the one every check of the PCA module
 * uses: `"abc"` for a string, the number itself, `null`, `an array`, `a Uint8Array`,
 * `a MatrixSubView`, `an object`. @internal
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value == null)
    return String(value);
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') {
    const name = (value as object).constructor?.name;
    if (name !== undefined && name !== 'Object')
      return `${/^[AEIOU]/.test(name) ? 'an' : 'a'} ${name}`;
    return 'an object';
  }
  return `a ${typeof value}`;
}

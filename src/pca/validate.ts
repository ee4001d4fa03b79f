import { InvalidInputError } from '../errors/invalid-input-error.js';

/**
 * Checks that `value` is an integer in [1, max]; `what` names it in the message together with
 * the reason for the bound.
 *
 * @throws {@link InvalidInputError} otherwise.
 * @internal
 */
export function checkCount(value: unknown, name: string, max: number, bound: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw new InvalidInputError(
      `${name} must be an integer from 1 to ${max} (${bound}); got ${describeValue(value)}.`,
    );
  }
  return value;
}

/** Checks an optional non-negative integer option. @internal */
export function checkNonNegativeInteger(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new InvalidInputError(
      `${name} must be a non-negative integer; got ${describeValue(value)}.`,
    );
  }
  return value;
}

/** Checks an optional finite number option (a seed). @internal */
export function checkSeed(value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InvalidInputError(`seed must be a finite number; got ${describeValue(value)}.`);
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
    throw new InvalidInputError(
      `${name} must be one of ${choices.map((c) => `'${c}'`).join(', ')}; got ${describeValue(value)}.`,
    );
  }
  return value as T;
}

/** A short description of a value for error messages. @internal */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value == null)
    return String(value);
  return typeof value;
}

import { ConfigurationError } from '../errors/configuration-error.js';

/**
 * Reads an options object the way every public call of this library does: `undefined` means
 * "all defaults", anything but a plain object (`null`, an array, a number) is refused, and a key
 * that is not in `allowed` is refused by name, with the nearest allowed key as a suggestion, so
 * a misspelt option (`{ epoch: 5 }`) never falls back to a silent default.
 *
 * @param options - what the caller passed.
 * @param allowed - every key the call understands.
 * @param where - the call's name for the message, e.g. `'fit options'`.
 * @returns the options, typed, or an empty object.
 * @throws {@link ConfigurationError} for a non-object or an unknown key.
 * @internal
 */
export function readOptions<T extends object>(
  options: T | undefined,
  allowed: readonly (keyof T & string)[],
  where: string,
): Partial<T> {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ConfigurationError(
      `${where} must be an object (or left out for the defaults); got ${options === null ? 'null' : Array.isArray(options) ? 'an array' : typeof options}.`,
    );
  }
  const unknown = Object.keys(options).filter(
    (key) => !(allowed as readonly string[]).includes(key),
  );
  if (unknown.length > 0) {
    const named = unknown.map((key) => {
      const near = nearestKey(key, allowed);
      return near === undefined ? `'${key}'` : `'${key}' (did you mean '${near}'?)`;
    });
    throw new ConfigurationError(
      `Unknown option${unknown.length > 1 ? 's' : ''} ${named.join(', ')} in ${where}; the options are ${allowed.map((k) => `'${k}'`).join(', ')}.`,
    );
  }
  return options;
}

/** The allowed key closest to `key` in edit distance (case-insensitive), if any is close. */
function nearestKey(key: string, allowed: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(key.length / 3)) + 1;
  for (const candidate of allowed) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

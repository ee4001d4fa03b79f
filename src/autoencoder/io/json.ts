import { ModelFileError } from '../../errors/index.js';
import type { JsonObject } from '../model/json.js';

export type { JsonObject, JsonValue } from '../model/json.js';

/** Keys that would reach an object's prototype if a manifest's content were ever merged into one. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

class ForbiddenKey extends Error {
  constructor(readonly key: string) {
    super(key);
  }
}

function forbiddenKeyError(file: string, key: string, where: string): ModelFileError {
  return new ModelFileError(
    `${file} contains the key "${key}"${where}, which could change JavaScript prototypes; a saved model never has one, so the file is refused.`,
  );
}

/**
 * Parses the text of a model file, refusing malformed JSON and prototype keys.
 *
 * @param text - the file's content.
 * @param file - the file's name or address, for error messages.
 * @returns the parsed value.
 * @throws {@link ModelFileError} when the text is not JSON or holds a `__proto__`, `constructor` or `prototype` key.
 */
export function parseModelJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text, (key, value: unknown) => {
      if (FORBIDDEN_KEYS.has(key)) throw new ForbiddenKey(key);
      return value;
    });
  } catch (error) {
    if (error instanceof ForbiddenKey) throw forbiddenKeyError(file, error.key, '');
    const reason = error instanceof Error ? error.message : String(error);
    throw new ModelFileError(
      `${file} is not valid JSON (${reason}); the file is truncated or corrupt.`,
      { cause: error },
    );
  }
}

/**
 * Walks a JSON-like value (one that did not come through {@link parseModelJson}) and refuses
 * prototype keys, cycles and values JSON cannot hold.
 *
 * @param value - the value to check.
 * @param file - the file's name or address, for error messages.
 * @throws {@link ModelFileError} naming the first offending key.
 */
export function assertJsonSafe(value: unknown, file: string): void {
  const pending: { value: unknown; path: string }[] = [{ value, path: '' }];
  const seen = new Set<object>();
  while (pending.length > 0) {
    const item = pending.pop()!;
    const current = item.value;
    if (current === null || typeof current !== 'object') {
      if (
        typeof current === 'function' ||
        typeof current === 'symbol' ||
        typeof current === 'bigint'
      ) {
        throw new ModelFileError(
          `${file} holds a ${typeof current} at ${item.path || 'the top'}, which JSON cannot.`,
        );
      }
      continue;
    }
    if (seen.has(current)) {
      throw new ModelFileError(
        `${file} refers to itself at ${item.path || 'the top'}; a model file is a tree.`,
      );
    }
    seen.add(current);
    for (const key of Object.keys(current)) {
      if (FORBIDDEN_KEYS.has(key))
        throw forbiddenKeyError(file, key, item.path ? ` at ${item.path}` : '');
      pending.push({
        value: (current as Record<string, unknown>)[key],
        path: `${item.path}/${key}`,
      });
    }
  }
}

/** True for a plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !ArrayBuffer.isView(value) &&
    !(value instanceof ArrayBuffer)
  );
}

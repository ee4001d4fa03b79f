/**
 * A plain JSON value, as `getConfig()` methods return.
 *
 * @example
 * ```ts
 * import type { JsonValue } from 'autoencoders';
 * const v: JsonValue = { target: 0.05, layers: [256, 128], note: null };
 * ```
 */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | JsonValue[]
  | { [key: string]: JsonValue };

/**
 * A plain JSON object.
 *
 * @example
 * ```ts
 * import type { JsonObject } from 'autoencoders';
 * const config: JsonObject = { weight: 0.2 };
 * ```
 */
export type JsonObject = { [key: string]: JsonValue };

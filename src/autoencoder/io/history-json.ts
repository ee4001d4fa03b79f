import type { History } from '../model/history.js';
import type { JsonObject } from './json.js';

/** History to JSON: NaN (an epoch without that value) becomes null. */
export function historyToJson(history: History): JsonObject {
  return JSON.parse(JSON.stringify(history)) as JsonObject;
}

/** JSON to history: null becomes NaN again. */
export function historyFromJson(json: JsonObject): History {
  const series = (v: unknown): number[] =>
    Array.isArray(v) ? v.map((x) => (typeof x === 'number' ? x : Number.NaN)) : [];
  const terms: Record<string, number[]> = {};
  const rawTerms = json.terms;
  if (rawTerms && typeof rawTerms === 'object' && !Array.isArray(rawTerms)) {
    for (const [k, v] of Object.entries(rawTerms))
      Object.defineProperty(terms, k, {
        value: series(v),
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  const history: History = { loss: series(json.loss), mse: series(json.mse), terms };
  if (Array.isArray(json.valLoss)) history.valLoss = series(json.valLoss);
  if (Array.isArray(json.valMse)) history.valMse = series(json.valMse);
  return history;
}

import { ModelFileError } from '../../errors/model-file-error.js';
import { settingsFrom } from '../pca-options.js';
import type { PcaSettings, PcaState } from '../pca-state.js';
import { describeValue } from '../validate.js';

function fail(message: string): never {
  throw new ModelFileError(`Not a valid scikit-learn PCA file: ${message}`);
}

function field(obj: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

function parseObject(input: unknown): Record<string, unknown> {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (error) {
      throw new ModelFileError(
        `Not a valid scikit-learn PCA file: the text is not valid JSON (${(error as Error).message}; Python writes NaN or Infinity for non-finite values).`,
        { cause: error },
      );
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(`expected an object of scikit-learn attributes; got ${describeValue(value)}.`);
  }
  for (const key of ['__proto__', 'constructor', 'prototype']) {
    if (Object.hasOwn(value, key)) fail(`it contains the key "${key}", which is refused.`);
  }
  return value as Record<string, unknown>;
}

function integer(value: unknown, name: string, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    fail(`${name} must be an integer ≥ ${min}; got ${describeValue(value)}.`);
  }
  return value;
}

/** An array's length checked, before any array of that length is allocated. */
function sized(value: unknown, name: string, length: number): unknown[] {
  if (!Array.isArray(value)) fail(`${name} must be an array; got ${describeValue(value)}.`);
  if (value.length !== length) {
    fail(`${name} has ${value.length} entries but should have ${length}.`);
  }
  return value;
}

/** Finite numbers at least `min`, into a new Float64Array. */
function numbers(
  value: unknown[],
  name: string,
  min: number,
  out = new Float64Array(value.length),
  at = 0,
): Float64Array {
  for (let i = 0; i < value.length; i++) {
    const v = value[i];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min) {
      fail(
        `${name}[${i}] is ${describeValue(v)}; expected a finite number${min > -Infinity ? ` ≥ ${min}` : ''}.`,
      );
    }
    out[at + i] = v;
  }
  return out;
}

/**
 * Reads scikit-learn's attributes (object or JSON text) into this library's settings and state.
 * Every length is compared with the arrays present, and every value checked, before the model's
 * arrays are allocated, so a file declaring 1e9 features over three numbers is refused at once.
 *
 * @throws {@link ModelFileError} for anything missing, mistyped, inconsistent or non-finite.
 * @internal
 */
export function parseSklearnJson(input: unknown): { settings: PcaSettings; state: PcaState } {
  const obj = parseObject(input);
  const d = integer(field(obj, 'n_features_in_'), 'n_features_in_', 1);
  const n = integer(field(obj, 'n_samples_'), 'n_samples_', 2);
  const whiten = field(obj, 'whiten');
  if (typeof whiten !== 'boolean')
    fail(`whiten must be true or false; got ${describeValue(whiten)}.`);
  const rows = field(obj, 'components_');
  if (!Array.isArray(rows) || rows.length === 0) {
    fail('components_ must be a non-empty array of rows (numpy arrays need .tolist()).');
  }
  const k = rows.length;
  if (k > Math.min(n, d))
    fail(`it has ${k} components, more than min(n_samples_, n_features_in_) = ${Math.min(n, d)}.`);
  const checkedRows = rows.map((row, i) => sized(row, `components_[${i}]`, d));
  const raw = {
    mean: sized(field(obj, 'mean_'), 'mean_', d),
    variance: sized(field(obj, 'explained_variance_'), 'explained_variance_', k),
    ratio: sized(field(obj, 'explained_variance_ratio_'), 'explained_variance_ratio_', k),
    singular: sized(field(obj, 'singular_values_'), 'singular_values_', k),
  };
  const noise = field(obj, 'noise_variance_');
  if (typeof noise !== 'number' || !Number.isFinite(noise) || noise < 0) {
    fail(`noise_variance_ must be a finite number ≥ 0; got ${describeValue(noise)}.`);
  }
  // Every length is now backed by an array that is present: allocating is safe.
  const components = new Float64Array(k * d);
  checkedRows.forEach((row, i) => {
    numbers(row, `components_[${i}]`, -Infinity, components, i * d);
  });
  const explainedVariance = numbers(raw.variance, 'explained_variance_', 0);
  const state: PcaState = {
    nSamples: n,
    nFeatures: d,
    components,
    nComponents: k,
    singularValues: numbers(raw.singular, 'singular_values_', 0),
    explainedVariance,
    explainedVarianceRatio: numbers(raw.ratio, 'explained_variance_ratio_', 0),
    totalVariance: explainedVariance.reduce((a, b) => a + b, 0) + noise * (Math.min(n, d) - k),
    mean: numbers(raw.mean, 'mean_', -Infinity),
    std: null,
    residualTheta: null,
    noiseVariance: noise,
  };
  checkConsistent(state, whiten);
  return { settings: settingsFrom({ nComponents: k, whiten }), state };
}

/** Unit-length components, and variances that whitening can divide by. */
function checkConsistent(state: PcaState, whiten: boolean): void {
  const { nComponents: k, nFeatures: d, components } = state;
  for (let c = 0; c < k; c++) {
    let norm = 0;
    for (let j = 0; j < d; j++) norm += components[c * d + j] ** 2;
    if (Math.abs(Math.sqrt(norm) - 1) > 1e-6) {
      fail(
        `components_[${c}] has length ${Math.sqrt(norm).toPrecision(6)}, not 1: scikit-learn's components are unit vectors.`,
      );
    }
    if (whiten && !(state.explainedVariance[c] > 0)) {
      fail(`explained_variance_[${c}] is 0 but whiten is true, so transform would divide by zero.`);
    }
  }
}

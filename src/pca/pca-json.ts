import { ModelFileError } from '../errors/model-file-error.js';
import { parseResidualJson, residualJson } from './diagnostics/residual-json.js';
import { resolvedFloor } from './pca-fit.js';
import type { PcaSettings, PcaState } from './pca-state.js';
import { PCA_SOLVERS, type PcaSolver } from './solvers/choose.js';
import { describeValue } from './validate.js';

/** Current version of the PCA file format written by `PCA.toJSON`. */
export const PCA_FORMAT_VERSION = 2;

/** The plain-object form of a fitted PCA model, as `PCA.toJSON` returns it. */
export interface PcaJson {
  /** Always `'pca'`: tells a PCA file from an autoencoder manifest. */
  readonly kind: 'pca';
  /** The file format version; `PCA.fromJSON` refuses versions newer than it knows. */
  readonly version: number;
  /** The options the model was fitted with (absent options as `null`). */
  readonly options: {
    /** The requested number of components, or `null`. */
    readonly nComponents: number | null;
    /** The requested fraction of variance to keep, or `null`. */
    readonly varianceToKeep: number | null;
    /** Whether the data were centred. */
    readonly center: boolean;
    /** Whether each feature was divided by its standard deviation. */
    readonly scale: boolean;
    /** Whether the scores are whitened to unit variance. */
    readonly whiten: boolean;
    /** The solver that was asked for. */
    readonly solver: PcaSolver;
    /** The seed of the randomized solver. */
    readonly seed: number;
    /** The randomized solver's power iterations (absent in older files: `'auto'`). */
    readonly powerIterations?: number | 'auto';
    /** The randomized solver's extra sketch columns (absent in older files: 10). */
    readonly oversamples?: number;
  };
  /** Number of rows the model was fitted on. */
  readonly nSamples: number;
  /** Number of features (d). */
  readonly nFeatures: number;
  /** k rows of d loadings. */
  readonly components: number[][];
  /** The k singular values of the centred (and scaled) data, descending. */
  readonly singularValues: number[];
  /** Variance along each component, s²/(n−1). */
  readonly explainedVariance: number[];
  /** Each component's share of the total variance. */
  readonly explainedVarianceRatio: number[];
  /** The total variance of the centred (and scaled) data, over all d features. */
  readonly totalVariance: number;
  /** The per-feature mean that was subtracted (zeros when not centring). */
  readonly mean: number[];
  /** The per-feature standard deviation (ddof 0) when scaling, else `null`. */
  readonly std: number[] | null;
  /** Probabilistic PCA's noise variance, the mean of the discarded eigenvalues (version 2). */
  readonly noiseVariance?: number;
  /** θ1, θ2, θ3 of the discarded eigenvalues for the SPE limit, or `null` if unknown (version 2). */
  readonly residualTheta?: [number, number, number] | null;
}

/** Serialises settings and state. @internal */
export function toPcaJson(settings: PcaSettings, state: PcaState): PcaJson {
  const { nComponents: k, nFeatures: d } = state;
  const components: number[][] = [];
  for (let i = 0; i < k; i++)
    components.push(Array.from(state.components.subarray(i * d, i * d + d)));
  return {
    kind: 'pca',
    version: PCA_FORMAT_VERSION,
    options: {
      nComponents: settings.nComponents ?? null,
      varianceToKeep: settings.varianceToKeep ?? null,
      center: settings.center,
      scale: settings.scale,
      whiten: settings.whiten,
      solver: settings.solver,
      seed: settings.seed,
      powerIterations: settings.powerIterations,
      oversamples: settings.oversamples,
    },
    nSamples: state.nSamples,
    nFeatures: d,
    components,
    singularValues: Array.from(state.singularValues),
    explainedVariance: Array.from(state.explainedVariance),
    explainedVarianceRatio: Array.from(state.explainedVarianceRatio),
    totalVariance: state.totalVariance,
    mean: Array.from(state.mean),
    std: state.std === null ? null : Array.from(state.std),
    ...residualJson(state),
  };
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function fail(message: string): never {
  throw new ModelFileError(`Not a valid PCA file: ${message}`);
}

function checkKeys(value: unknown, path: string, depth: number): void {
  if (depth > 8 || typeof value !== 'object' || value === null) return;
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) fail(`it contains the key "${key}" at ${path}, which is refused.`);
    checkKeys((value as Record<string, unknown>)[key], `${path}.${key}`, depth + 1);
  }
}

function field(obj: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/** Checks that `value` is an array of `length` entries, before anything is allocated. */
function checkLength(value: unknown, name: string, length: number): unknown[] {
  if (!Array.isArray(value)) fail(`${name} must be an array of numbers.`);
  if (value.length !== length)
    fail(`${name} has ${value.length} entries but should have ${length}.`);
  return value;
}

/** A Float64Array of a length-checked array's finite numbers. */
function numberArray(value: unknown[], name: string): Float64Array {
  const out = new Float64Array(value.length);
  for (let i = 0; i < value.length; i++) {
    const v = value[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      fail(`${name}[${i}] is ${describeValue(v)}, not a finite number.`);
    }
    out[i] = v;
  }
  return out;
}

function integer(value: unknown, name: string, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    fail(`${name} must be an integer ≥ ${min}; got ${describeValue(value)}.`);
  }
  return value;
}

function bool(value: unknown, name: string): boolean {
  if (typeof value !== 'boolean') fail(`options.${name} must be true or false.`);
  return value;
}

/**
 * Parses and validates a PCA file (object or JSON text): kind, version, option types, finite
 * numbers, shapes consistent between components, mean and std, and no prototype-polluting keys.
 * Every declared length is checked against the arrays present before anything is allocated, so
 * a file that claims 1e10 features is refused at once.
 *
 * @throws {@link ModelFileError} for anything malformed.
 * @internal
 */
export function parsePcaJson(input: unknown): { settings: PcaSettings; state: PcaState } {
  const obj = parseObject(input);
  const settings = parseSettings(field(obj, 'options'));
  const nSamples = integer(field(obj, 'nSamples'), 'nSamples', 2);
  const d = integer(field(obj, 'nFeatures'), 'nFeatures', 1);
  const rows = field(obj, 'components');
  if (!Array.isArray(rows) || rows.length === 0)
    fail('components must be a non-empty array of rows.');
  const k = rows.length;
  if (k > Math.min(nSamples, d)) {
    fail(`it has ${k} components, more than min(nSamples, nFeatures) = ${Math.min(nSamples, d)}.`);
  }
  const checkedRows = rows.map((row, i) => checkLength(row, `components[${i}]`, d));
  const lists = {
    singularValues: checkLength(field(obj, 'singularValues'), 'singularValues', k),
    explainedVariance: checkLength(field(obj, 'explainedVariance'), 'explainedVariance', k),
    explainedVarianceRatio: checkLength(
      field(obj, 'explainedVarianceRatio'),
      'explainedVarianceRatio',
      k,
    ),
    mean: checkLength(field(obj, 'mean'), 'mean', d),
  };
  const rawStd = field(obj, 'std');
  if (settings.scale) checkLength(rawStd, 'std', d);
  else if (rawStd !== null) fail('std must be null when options.scale is false.');
  // Every length is now backed by an array that is present: allocating is safe.
  const components = new Float64Array(k * d);
  checkedRows.forEach((row, i) => {
    components.set(numberArray(row, `components[${i}]`), i * d);
  });
  const singularValues = numberArray(lists.singularValues, 'singularValues');
  const explainedVariance = numberArray(lists.explainedVariance, 'explainedVariance');
  const explainedVarianceRatio = numberArray(
    lists.explainedVarianceRatio,
    'explainedVarianceRatio',
  );
  checkVariances(singularValues, explainedVariance, settings.whiten, d);
  const totalVariance = field(obj, 'totalVariance');
  if (typeof totalVariance !== 'number' || !Number.isFinite(totalVariance) || totalVariance < 0) {
    fail('totalVariance must be a finite non-negative number.');
  }
  const mean = numberArray(lists.mean, 'mean');
  let std: Float64Array | null = null;
  if (settings.scale) {
    std = numberArray(rawStd as unknown[], 'std');
    for (let j = 0; j < d; j++) if (!(std[j] > 0)) fail(`std[${j}] must be positive.`);
  }
  const variances = { singularValues, explainedVariance, explainedVarianceRatio, totalVariance };
  return {
    settings,
    state: {
      ...{ nSamples, nFeatures: d, components, nComponents: k, ...variances, mean, std },
      ...parseResidualJson(obj, field(obj, 'version') as number),
    },
  };
}

function parseObject(input: unknown): Record<string, unknown> {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (error) {
      throw new ModelFileError(
        `Not a valid PCA file: the text is not valid JSON (${(error as Error).message}).`,
        { cause: error },
      );
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail('expected an object with kind "pca".');
  }
  checkKeys(value, '$', 0);
  const obj = value as Record<string, unknown>;
  if (field(obj, 'kind') !== 'pca') {
    fail(
      `kind is ${JSON.stringify(field(obj, 'kind')) ?? 'missing'}, not "pca"; is this another model's file?`,
    );
  }
  const version = field(obj, 'version');
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    fail(`version must be a positive integer; got ${JSON.stringify(version) ?? 'nothing'}.`);
  }
  if (version > PCA_FORMAT_VERSION) {
    throw new ModelFileError(
      `This PCA file has format version ${version}, newer than the version ${PCA_FORMAT_VERSION} ` +
        'this library reads; upgrade autoencoders to load it.',
    );
  }
  return obj;
}

function parseSettings(rawOptions: unknown): PcaSettings {
  if (typeof rawOptions !== 'object' || rawOptions === null || Array.isArray(rawOptions)) {
    fail('options must be an object.');
  }
  const o = rawOptions as Record<string, unknown>;
  const solver = field(o, 'solver');
  if (!(PCA_SOLVERS as readonly unknown[]).includes(solver)) {
    fail(`options.solver is ${JSON.stringify(solver) ?? 'missing'}.`);
  }
  const seed = field(o, 'seed');
  if (typeof seed !== 'number' || !Number.isFinite(seed))
    fail('options.seed must be a finite number.');
  const nc = field(o, 'nComponents');
  const vk = field(o, 'varianceToKeep');
  if (nc !== null && (typeof nc !== 'number' || !Number.isInteger(nc) || nc < 1)) {
    fail('options.nComponents must be null or a positive integer.');
  }
  if (vk !== null && (typeof vk !== 'number' || !(vk > 0 && vk <= 1))) {
    fail('options.varianceToKeep must be null or a number in (0, 1].');
  }
  const power = field(o, 'powerIterations') ?? 'auto';
  if (power !== 'auto' && (typeof power !== 'number' || !Number.isInteger(power) || power < 0)) {
    fail("options.powerIterations must be 'auto' or a non-negative integer.");
  }
  const oversamples = field(o, 'oversamples') ?? 10;
  if (typeof oversamples !== 'number' || !Number.isInteger(oversamples) || oversamples < 0) {
    fail('options.oversamples must be a non-negative integer.');
  }
  return {
    nComponents: nc === null ? undefined : (nc as number),
    varianceToKeep: vk === null ? undefined : (vk as number),
    center: bool(field(o, 'center'), 'center'),
    scale: bool(field(o, 'scale'), 'scale'),
    whiten: bool(field(o, 'whiten'), 'whiten'),
    solver: solver as PcaSettings['solver'],
    seed,
    powerIterations: power as number | 'auto',
    oversamples,
  };
}

function checkVariances(s: Float64Array, variance: Float64Array, whiten: boolean, d: number): void {
  for (let i = 0; i < s.length; i++) {
    if (s[i] < 0 || variance[i] < 0) fail(`component ${i} has a negative variance.`);
    // The threshold whitening applies at fit.
    if (whiten && !(variance[i] > 0 && s[i] > resolvedFloor(s[0], d))) {
      fail(`component ${i} has (numerically) zero variance but the model whitens.`);
    }
  }
}

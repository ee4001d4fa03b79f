import { ConfigurationError } from '../errors/configuration-error.js';
import { type Activation, isActivation } from './activations.js';
import { serializeStrategy } from './registry.js';
import type {
  Architecture,
  LatentHead,
  ReconstructionLoss,
  SerializedStrategy,
  Strategy,
} from './strategy.js';

/**
 * The optimizers the builder offers (tfjs-core's `tf.train.adam`, `.sgd` and `.rmsprop`).
 *
 * @example
 * ```ts
 * import type { OptimizerName } from 'autoencoders';
 * const name: OptimizerName = 'rmsprop';
 * ```
 */
export type OptimizerName = 'adam' | 'sgd' | 'rmsprop';

/**
 * Optimizer settings for {@link AutoencoderBuilder.optimizer}.
 *
 * @example
 * ```ts
 * import type { OptimizerOptions } from 'autoencoders';
 * const options: OptimizerOptions = { learningRate: 0.1 };
 * ```
 */
export interface OptimizerOptions {
  /**
   * The learning rate, > 0.
   * @defaultValue 0.001
   */
  learningRate?: number;
}

/**
 * A model's settings as plain JSON: what {@link Autoencoder.getConfig} returns and
 * {@link Autoencoder.fromConfig} rebuilds from. Strategies appear as `{ className, config }`.
 *
 * @example
 * ```ts
 * import { Autoencoder } from 'autoencoders';
 * const config = Autoencoder.builder().inputDim(4).latentDim(2).seed(7).build().getConfig();
 * console.log(JSON.stringify(config));
 * ```
 */
export interface AutoencoderConfig {
  /** Always `'autoencoders/autoencoder-config'`. */
  readonly format: 'autoencoders/autoencoder-config';
  /** The config format's version (1). */
  readonly version: 1;
  /** The number of input features. */
  readonly inputDim: number;
  /** Encoder hidden widths, input side first. */
  readonly hiddenLayers: readonly number[];
  /** Decoder hidden widths, code side first; `null` mirrors `hiddenLayers`. */
  readonly decoderLayers: readonly number[] | null;
  /** The code width. */
  readonly latentDim: number;
  /** Activation of the hidden and code layers (as set; LinearStrategy overrides it when building). */
  readonly activation: Activation;
  /** Activation of the output layer (as set; LinearStrategy overrides it when building). */
  readonly outputActivation: Activation;
  /** The seed of weights, shuffling and noise (a random one was drawn if none was set). */
  readonly seed: number;
  /** The optimizer and its learning rate. */
  readonly optimizer: {
    /** The optimizer's name. */
    readonly name: OptimizerName;
    /** Its learning rate. */
    readonly learningRate: number;
  };
  /** The strategies as `{ className, config }`, in the order they were given. */
  readonly strategies: readonly SerializedStrategy[];
}

/** Builder settings before validation. @internal */
export interface RawSettings {
  inputDim?: unknown;
  hiddenLayers?: unknown;
  decoderLayers?: unknown;
  latentDim?: unknown;
  activation?: unknown;
  outputActivation?: unknown;
  seed?: unknown;
  optimizerName?: unknown;
  learningRate?: unknown;
  strategies: unknown[];
}

/** Validated settings with live strategy instances. @internal */
export interface ResolvedConfig {
  readonly inputDim: number;
  readonly hiddenLayers: readonly number[];
  readonly decoderLayers: readonly number[] | null;
  readonly latentDim: number;
  readonly activation: Activation;
  readonly outputActivation: Activation;
  readonly seed: number;
  readonly optimizerName: OptimizerName;
  readonly learningRate: number;
  readonly strategies: readonly Strategy[];
  readonly architecture: Architecture;
  readonly reconstructionLoss: ReconstructionLoss;
}

const OPTIMIZERS: readonly OptimizerName[] = ['adam', 'sgd', 'rmsprop'];

function isPositiveInteger(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v > 0;
}

function describe(v: unknown): string {
  return typeof v === 'string'
    ? JSON.stringify(v)
    : Array.isArray(v)
      ? `[${v.map(describe).join(', ')}]`
      : String(v);
}

function widths(name: string, value: unknown, problems: string[]): number[] {
  if (!Array.isArray(value)) {
    problems.push(`${name} is ${describe(value)}; pass an array of layer widths, e.g. [256, 128].`);
    return [];
  }
  value.forEach((w, i) => {
    if (!isPositiveInteger(w))
      problems.push(`${name}[${i}] is ${describe(w)}; every width must be a positive integer.`);
  });
  return value.filter(isPositiveInteger);
}

function isStrategy(s: unknown): s is Strategy {
  return (
    typeof s === 'object' &&
    s !== null &&
    typeof (s as Strategy).name === 'string' &&
    (s as Strategy).name.length > 0 &&
    typeof (s as Strategy).getConfig === 'function'
  );
}

/**
 * Validates builder settings, collecting every problem.
 * @throws {@link ConfigurationError} naming every problem and what to do about it.
 * @internal
 */
export function resolveConfig(raw: RawSettings): ResolvedConfig {
  const problems: string[] = [];
  let inputDim: number | undefined;
  if (raw.inputDim === undefined) {
    problems.push(
      'inputDim is not set: call .inputDim(n) with the number of features (e.g. 784 for MNIST).',
    );
  } else if (!isPositiveInteger(raw.inputDim)) {
    problems.push(
      `inputDim is ${describe(raw.inputDim)}; pass a positive integer (the number of features).`,
    );
  } else inputDim = raw.inputDim;

  let latentDim: number | undefined;
  if (raw.latentDim === undefined) {
    problems.push('latentDim is not set: call .latentDim(k) with the width of the code (e.g. 32).');
  } else if (!isPositiveInteger(raw.latentDim)) {
    problems.push(`latentDim is ${describe(raw.latentDim)}; pass a positive integer.`);
  } else latentDim = raw.latentDim;

  const hiddenLayers = widths('hiddenLayers', raw.hiddenLayers ?? [], problems);
  const decoderLayers =
    raw.decoderLayers === undefined || raw.decoderLayers === null
      ? null
      : widths('decoderLayers', raw.decoderLayers, problems);

  const activation = raw.activation ?? 'sigmoid';
  const outputActivation = raw.outputActivation ?? 'linear';
  if (!isActivation(activation)) {
    problems.push(
      `activation is ${describe(activation)}; use one of 'linear', 'sigmoid', 'tanh', 'relu', 'elu', 'softplus'.`,
    );
  }
  if (!isActivation(outputActivation)) {
    problems.push(
      `outputActivation is ${describe(outputActivation)}; use one of 'linear', 'sigmoid', 'tanh', 'relu', 'elu', 'softplus'.`,
    );
  }

  let seed = raw.seed;
  if (seed === undefined) seed = Math.floor(Math.random() * 4294967296);
  else if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed >= 4294967296) {
    problems.push(`seed is ${describe(seed)}; pass an integer in [0, 2³²).`);
  }

  const optimizerName = raw.optimizerName ?? 'adam';
  if (!OPTIMIZERS.includes(optimizerName as OptimizerName)) {
    problems.push(`optimizer is ${describe(optimizerName)}; use 'adam', 'sgd' or 'rmsprop'.`);
  }
  const learningRate = raw.learningRate ?? 0.001;
  if (typeof learningRate !== 'number' || !Number.isFinite(learningRate) || learningRate <= 0) {
    problems.push(
      `learningRate is ${describe(learningRate)}; pass a finite number > 0 (e.g. 0.001).`,
    );
  }

  const strategies: Strategy[] = [];
  const seen = new Set<string>();
  raw.strategies.forEach((s, i) => {
    if (!isStrategy(s)) {
      problems.push(
        `strategy #${i + 1} (${describe(s)}) is not a Strategy: it needs a string \`name\` and a getConfig() method.`,
      );
      return;
    }
    if (seen.has(s.name)) problems.push(`${s.name} is given twice; pass each strategy once.`);
    seen.add(s.name);
    strategies.push(s);
  });

  const forcesLinear = strategies.some((s) => s.forcesLinear === true);
  const heads = new Set(strategies.map((s) => s.latentHead ?? 'deterministic'));
  const latentHead: LatentHead = heads.has('variational') ? 'variational' : 'deterministic';
  const act: Activation = forcesLinear
    ? 'linear'
    : isActivation(activation)
      ? activation
      : 'sigmoid';
  const outAct: Activation = forcesLinear
    ? 'linear'
    : isActivation(outputActivation)
      ? outputActivation
      : 'linear';
  const architecture: Architecture = {
    inputDim,
    encoderLayers: hiddenLayers,
    latentDim,
    decoderLayers: decoderLayers ?? [...hiddenLayers].reverse(),
    activation: act,
    codeActivation: act,
    outputActivation: outAct,
    latentHead,
    strategyNames: strategies.map((s) => s.name),
  };

  if (inputDim !== undefined && latentDim !== undefined && latentDim >= inputDim) {
    if (!strategies.some((s) => s.allowsOvercomplete === true)) {
      problems.push(
        `latentDim ${latentDim} is not smaller than inputDim ${inputDim}: a plain, linear or variational autoencoder would learn the identity; use a latentDim below ${inputDim} (or SparseStrategy for an overcomplete code).`,
      );
    }
  }

  for (const s of strategies) {
    if (typeof s.validate !== 'function') continue;
    try {
      problems.push(...s.validate(architecture));
    } catch (error) {
      problems.push(`${s.name}.validate threw: ${(error as Error).message}`);
    }
  }

  const losses = new Set<ReconstructionLoss>();
  for (const s of strategies) {
    const choice = s.reconstructionLoss?.(architecture);
    if (choice !== undefined) losses.add(choice);
  }
  if (losses.size > 1) {
    problems.push(
      `The strategies ask for different reconstruction losses (${[...losses].join(', ')}); combine strategies that agree.`,
    );
  }
  const reconstructionLoss: ReconstructionLoss = losses.values().next().value ?? 'squaredError';
  if (reconstructionLoss === 'bernoulli' && outAct !== 'sigmoid') {
    problems.push("The Bernoulli reconstruction loss needs .outputActivation('sigmoid').");
  }

  if (problems.length > 0) {
    throw new ConfigurationError(
      problems.length === 1
        ? `Cannot build the autoencoder: ${problems[0]}`
        : `Cannot build the autoencoder, ${problems.length} problems:\n${problems.map((p) => `- ${p}`).join('\n')}`,
    );
  }
  return {
    inputDim: inputDim!,
    hiddenLayers,
    decoderLayers,
    latentDim: latentDim!,
    activation: activation as Activation,
    outputActivation: outputActivation as Activation,
    seed: seed as number,
    optimizerName: optimizerName as OptimizerName,
    learningRate: learningRate as number,
    strategies,
    architecture,
    reconstructionLoss,
  };
}

/** The JSON form of resolved settings. @internal */
export function configToJson(c: ResolvedConfig): AutoencoderConfig {
  return {
    format: 'autoencoders/autoencoder-config',
    version: 1,
    inputDim: c.inputDim,
    hiddenLayers: [...c.hiddenLayers],
    decoderLayers: c.decoderLayers === null ? null : [...c.decoderLayers],
    latentDim: c.latentDim,
    activation: c.activation,
    outputActivation: c.outputActivation,
    seed: c.seed,
    optimizer: { name: c.optimizerName, learningRate: c.learningRate },
    strategies: c.strategies.map(serializeStrategy),
  };
}

import { ConfigurationError } from '../../errors/configuration-error.js';
import { readOptions } from '../../pca/options.js';
import { describeValue } from '../../pca/validate.js';
import { ACTIVATIONS, type Activation, isActivation } from '../network/activations.js';
import {
  isKernelInitializer,
  KERNEL_INITIALIZERS,
  type KernelInitializer,
} from '../network/initializers.js';
import type { Architecture, Strategy } from '../strategies/strategy.js';
import { type LearningRateSchedule, learningRateProblems } from '../training/schedules.js';
import { combinationProblems, combine, effectiveActivations } from './combination.js';
import type { RawSettings, ResolvedConfig } from './config.js';
import {
  isOptimizerName,
  OPTIMIZER_OPTION_KEYS,
  OPTIMIZERS,
  type OptimizerName,
  type OptimizerOptions,
} from './optimizers.js';

function isPositiveInteger(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v > 0;
}

function widths(name: string, value: unknown, problems: string[]): number[] {
  if (!Array.isArray(value)) {
    problems.push(
      `${name} is ${describeValue(value)}; pass an array of layer widths, e.g. [256, 128].`,
    );
    return [];
  }
  value.forEach((w, i) => {
    if (!isPositiveInteger(w))
      problems.push(
        `${name}[${i}] is ${describeValue(w)}; every width must be a positive integer.`,
      );
  });
  return value.filter(isPositiveInteger);
}

function size(
  value: unknown,
  name: string,
  setter: string,
  problems: string[],
): number | undefined {
  if (value === undefined) {
    problems.push(`${name} is not set: call ${setter}.`);
    return undefined;
  }
  if (!isPositiveInteger(value)) {
    problems.push(`${name} is ${describeValue(value)}; pass a positive integer.`);
    return undefined;
  }
  return value;
}

function activationOf(value: unknown, name: string, problems: string[]): Activation | undefined {
  if (isActivation(value)) return value;
  problems.push(
    `${name} is ${describeValue(value)}; use one of ${ACTIVATIONS.map((a) => `'${a}'`).join(', ')}.`,
  );
  return undefined;
}

function seedOf(value: unknown, problems: string[]): number {
  if (value === undefined) return Math.floor(Math.random() * 4294967296);
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value >= 4294967296) {
    problems.push(`seed is ${describeValue(value)}; pass an integer in [0, 2³²).`);
    return 0;
  }
  return value;
}

function optimizerOf(
  raw: RawSettings,
  problems: string[],
): { optimizerName: OptimizerName; learningRate: number | LearningRateSchedule } {
  const name = raw.optimizerName ?? 'adam';
  if (!isOptimizerName(name)) {
    const known = Object.keys(OPTIMIZERS).map((k) => `'${k}'`);
    problems.push(`optimizer is ${describeValue(name)}; use ${known.join(', ')}.`);
  }
  let learningRate = raw.learningRate;
  try {
    const options = readOptions(
      raw.optimizerOptions as OptimizerOptions | undefined,
      OPTIMIZER_OPTION_KEYS,
      'optimizer options',
    );
    learningRate ??= options.learningRate;
  } catch (error) {
    problems.push((error as Error).message);
  }
  learningRate ??= 0.001;
  problems.push(...learningRateProblems('learningRate', learningRate, false));
  return {
    optimizerName: isOptimizerName(name) ? name : 'adam',
    // A copy: a schedule the caller mutates later must not change the built model.
    learningRate:
      typeof learningRate === 'object' && learningRate !== null
        ? { ...(learningRate as LearningRateSchedule) }
        : (learningRate as number),
  };
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

function strategiesOf(raw: readonly unknown[], problems: string[]): Strategy[] {
  const strategies: Strategy[] = [];
  const seen = new Set<string>();
  raw.forEach((s, i) => {
    if (!isStrategy(s)) {
      problems.push(
        `strategy #${i + 1} (${describeValue(s)}) is not a Strategy: it needs a string \`name\` and a getConfig() method.`,
      );
      return;
    }
    const className = (s.constructor as { className?: unknown } | undefined)?.className;
    if (typeof className === 'string' && className !== s.name) {
      problems.push(
        `${className}'s instances are named '${s.name}': a strategy's name must equal its class's className; derive it from the class (readonly name = ${className}.className).`,
      );
    }
    if (seen.has(s.name)) problems.push(`${s.name} is given twice; pass each strategy once.`);
    seen.add(s.name);
    strategies.push(s);
  });
  return strategies;
}

function validateEach(strategies: readonly Strategy[], a: Architecture, problems: string[]): void {
  for (const s of strategies) {
    if (typeof s.validate !== 'function') continue;
    try {
      problems.push(...s.validate(a));
    } catch (error) {
      problems.push(`${s.name}.validate threw: ${(error as Error).message}`);
    }
  }
}

function architectureOf(
  sizes: { inputDim: number | undefined; latentDim: number | undefined },
  hiddenLayers: number[],
  decoderLayers: number[] | null,
  activations: { activation: Activation; outputActivation: Activation },
  strategies: readonly Strategy[],
): Architecture {
  return {
    ...sizes,
    hiddenLayers,
    encoderLayers: hiddenLayers,
    decoderLayers: decoderLayers ?? [...hiddenLayers].reverse(),
    activation: activations.activation,
    codeActivation: activations.activation,
    outputActivation: activations.outputActivation,
    latentHead: strategies.some((s) => s.latentHead === 'variational')
      ? 'variational'
      : 'deterministic',
    strategyNames: strategies.map((s) => s.name),
  };
}

function throwIfAny(problems: readonly string[]): void {
  if (problems.length === 0) return;
  throw new ConfigurationError(
    problems.length === 1
      ? `Cannot build the autoencoder: ${problems[0]}`
      : `Cannot build the autoencoder, ${problems.length} problems:\n${problems.map((p) => `- ${p}`).join('\n')}`,
  );
}

function initializerOf(value: unknown, problems: string[]): KernelInitializer {
  const init = value ?? 'glorotUniform';
  if (isKernelInitializer(init)) return init;
  problems.push(
    `kernelInitializer is ${describeValue(init)}; use one of ${KERNEL_INITIALIZERS.map((k) => `'${k}'`).join(', ')}.`,
  );
  return 'glorotUniform';
}

/**
 * Validates builder settings, collecting every problem.
 * @throws {@link ConfigurationError} naming every problem and what to do about it.
 * @internal
 */
export function resolveConfig(raw: RawSettings): ResolvedConfig {
  const problems: string[] = [];
  const inputDim = size(
    raw.inputDim,
    'inputDim',
    '.inputDim(n) with the number of features (e.g. 784 for MNIST)',
    problems,
  );
  const latentDim = size(
    raw.latentDim,
    'latentDim',
    '.latentDim(k) with the width of the code (e.g. 32)',
    problems,
  );
  const hiddenLayers = widths('hiddenLayers', raw.hiddenLayers ?? [], problems);
  const decoderLayers =
    raw.decoderLayers === undefined || raw.decoderLayers === null
      ? null
      : widths('decoderLayers', raw.decoderLayers, problems);
  const activation = activationOf(raw.activation ?? 'sigmoid', 'activation', problems);
  const outputActivation = activationOf(
    raw.outputActivation ?? 'linear',
    'outputActivation',
    problems,
  );
  const seed = seedOf(raw.seed, problems);
  const init = initializerOf(raw.kernelInitializer, problems);
  const optimizer = optimizerOf(raw, problems);
  const strategies = strategiesOf(raw.strategies, problems);
  const applied = effectiveActivations(
    strategies,
    activation ?? 'sigmoid',
    outputActivation ?? 'linear',
  );
  const architecture = architectureOf(
    { inputDim, latentDim },
    hiddenLayers,
    decoderLayers,
    applied,
    strategies,
  );
  problems.push(...combinationProblems(strategies, architecture));
  validateEach(strategies, architecture, problems);
  const combination = combine(strategies, architecture, problems);
  throwIfAny(problems);
  return {
    inputDim: inputDim!,
    hiddenLayers,
    decoderLayers,
    latentDim: latentDim!,
    activation: activation!,
    outputActivation: outputActivation!,
    seed,
    kernelInitializer: init,
    ...optimizer,
    strategies,
    architecture,
    ...combination,
  };
}

import type { Activation } from '../network/activations.js';
import type { Architecture, ReconstructionLoss, Strategy } from '../strategies/strategy.js';

/** What the strategies together decide about the model. @internal */
export interface Combination {
  /** The one strategy whose `sampleLatent` draws a variational code while training. */
  readonly sampler: Strategy | undefined;
  /** The variational heads' layer names, mean first. */
  readonly latentHeadNames: readonly [mean: string, spread: string];
  readonly reconstructionLoss: ReconstructionLoss;
}

const DEFAULT_HEAD_NAMES: readonly [string, string] = ['z_mean', 'z_log_variance'];

/**
 * The rules by which strategies combine, stated over their capabilities (never their names), so
 * that a user's strategy with the same capability meets the same rule. Each problem says what
 * to change. @internal
 */
export function combinationProblems(strategies: readonly Strategy[], a: Architecture): string[] {
  const problems: string[] = [];
  const variational = strategies.filter((s) => s.latentHead === 'variational');
  const linear = strategies.filter((s) => s.forcesLinear === true);
  for (const v of variational) {
    for (const l of linear) {
      problems.push(
        `${v.name} does not combine with ${l.name}: ${v.name} replaces the code layer with variational heads, while ${l.name} makes every layer linear; remove one of them.`,
      );
    }
  }
  for (const s of strategies) {
    const needed = s.requiredCodeActivation;
    if (needed === undefined) continue;
    for (const v of variational) {
      problems.push(
        `${v.name} does not combine with ${s.name}: ${s.name} needs a deterministic ${needed} code layer and ${v.name} has variational heads; remove one of them.`,
      );
    }
    const forced = needed === 'linear' ? [] : linear;
    for (const l of forced) {
      problems.push(
        `${s.name} does not combine with ${l.name}: ${s.name} needs a ${needed} code layer and ${l.name} makes every layer linear.`,
      );
    }
    if (variational.length === 0 && forced.length === 0 && a.activation !== needed) {
      problems.push(
        `${s.name} needs a ${needed} code layer, but the activation is '${a.activation}': call .activation('${needed}').`,
      );
    }
  }
  problems.push(...samplerProblems(strategies, variational.length > 0));
  if (a.inputDim !== undefined && a.latentDim !== undefined && a.latentDim >= a.inputDim) {
    if (!strategies.some((s) => s.allowsOvercomplete === true)) {
      problems.push(
        `latentDim ${a.latentDim} is not smaller than inputDim ${a.inputDim}: a plain, linear or variational autoencoder would learn the identity; use a latentDim below ${a.inputDim} (or SparseStrategy for an overcomplete code).`,
      );
    }
  }
  return problems;
}

/** Exactly one sampler for a variational head, none without one: no hook is silently skipped. */
function samplerProblems(strategies: readonly Strategy[], variational: boolean): string[] {
  const samplers = strategies.filter((s) => typeof s.sampleLatent === 'function');
  const names = samplers.map((s) => s.name).join(' and ');
  if (!variational && samplers.length > 0) {
    return [
      `${names} ${samplers.length > 1 ? 'define' : 'defines'} sampleLatent but no strategy asks for a variational head (latentHead: 'variational'), so it would never run.`,
    ];
  }
  if (variational && samplers.length === 0) {
    return [
      'The variational head needs one strategy with sampleLatent to draw the code while training; add one (VariationalStrategy has it).',
    ];
  }
  if (samplers.length > 1) {
    return [
      `${names} all define sampleLatent: exactly one strategy may sample the variational code; combine them into one.`,
    ];
  }
  return [];
}

/**
 * The sampler, head names and reconstruction loss the strategies agree on, with a problem for
 * each disagreement. @internal
 */
export function combine(
  strategies: readonly Strategy[],
  a: Architecture,
  problems: string[],
): Combination {
  const losses = new Set<ReconstructionLoss>();
  for (const s of strategies) {
    const choice = s.reconstructionLoss?.(a);
    if (choice !== undefined) losses.add(choice);
  }
  if (losses.size > 1) {
    problems.push(
      `The strategies ask for different reconstruction losses (${[...losses].join(', ')}); combine strategies that agree.`,
    );
  }
  const reconstructionLoss: ReconstructionLoss = losses.values().next().value ?? 'squaredError';
  if (reconstructionLoss === 'bernoulli' && a.outputActivation !== 'sigmoid') {
    problems.push("The Bernoulli reconstruction loss needs .outputActivation('sigmoid').");
  }
  const head = strategies.find((s) => s.latentHead === 'variational');
  const names = head?.latentHeadNames ?? DEFAULT_HEAD_NAMES;
  if (
    !Array.isArray(names) ||
    names.length !== 2 ||
    names.some((n) => typeof n !== 'string' || n.length === 0) ||
    names[0] === names[1]
  ) {
    problems.push(`${head?.name}.latentHeadNames must be two different non-empty layer names.`);
  }
  return {
    sampler: strategies.find((s) => typeof s.sampleLatent === 'function'),
    latentHeadNames: [String(names[0]), String(names[1])],
    reconstructionLoss,
  };
}

/** The activations after strategies applied theirs (a linear strategy makes every layer linear). @internal */
export function effectiveActivations(
  strategies: readonly Strategy[],
  activation: Activation,
  outputActivation: Activation,
): { activation: Activation; outputActivation: Activation } {
  return strategies.some((s) => s.forcesLinear === true)
    ? { activation: 'linear', outputActivation: 'linear' }
    : { activation, outputActivation };
}

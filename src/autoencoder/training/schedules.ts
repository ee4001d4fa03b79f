import { ConfigurationError } from '../../errors/configuration-error.js';
import { readOptions } from '../../pca/options.js';
import { describeValue } from '../../pca/validate.js';

/**
 * Cosine decay (Loshchilov and Hutter 2017, without restarts) after an optional linear warm-up:
 * the rate climbs from `initial / warm-up steps` to `initial` over `warmupEpochs`, then follows
 * half a cosine down to `minimum` at epoch `epochs`, and stays there.
 *
 * @example
 * ```ts
 * import type { CosineSchedule } from 'autoencoders';
 * const schedule: CosineSchedule = { kind: 'cosine', initial: 1e-3, minimum: 1e-5, epochs: 40, warmupEpochs: 2 };
 * ```
 */
export interface CosineSchedule {
  /** Always `'cosine'`. */
  readonly kind: 'cosine';
  /** The peak rate, reached at the end of the warm-up; finite, > 0. */
  readonly initial: number;
  /**
   * The floor the rate decays to; finite, ≥ 0 and below `initial`.
   * @defaultValue 0
   */
  readonly minimum?: number;
  /** The epoch at which the decay reaches `minimum` (counted over the model's whole history). */
  readonly epochs: number;
  /**
   * Epochs of linear warm-up (fractions allowed); Adam's early steps, with its second-moment
   * estimate still poor, are the ones a warm-up tames.
   * @defaultValue 0
   */
  readonly warmupEpochs?: number;
}

/**
 * Step decay: the rate is multiplied by `factor` every `everyEpochs` epochs after the warm-up.
 *
 * @example
 * ```ts
 * import type { StepSchedule } from 'autoencoders';
 * const schedule: StepSchedule = { kind: 'step', initial: 1e-3, factor: 0.5, everyEpochs: 10 };
 * ```
 */
export interface StepSchedule {
  /** Always `'step'`. */
  readonly kind: 'step';
  /** The rate after the warm-up, before the first decay; finite, > 0. */
  readonly initial: number;
  /** The multiplier at each decay, in (0, 1). */
  readonly factor: number;
  /** Epochs between decays, a positive integer. */
  readonly everyEpochs: number;
  /**
   * Epochs of linear warm-up (fractions allowed).
   * @defaultValue 0
   */
  readonly warmupEpochs?: number;
}

/**
 * A learning-rate schedule as plain JSON: saved with the model when given to the builder.
 *
 * @example
 * ```ts
 * import type { LearningRateSchedule } from 'autoencoders';
 * const s: LearningRateSchedule = { kind: 'step', initial: 0.01, factor: 0.1, everyEpochs: 30 };
 * ```
 */
export type LearningRateSchedule = CosineSchedule | StepSchedule;

/**
 * A rate as a function of the epoch (0-based over the model's whole history) and the step
 * within the epoch. It cannot be saved with the model: pass it to `fit` only.
 *
 * @example
 * ```ts
 * import type { LearningRateFunction } from 'autoencoders';
 * const halving: LearningRateFunction = (epoch) => 1e-3 * 0.5 ** Math.floor(epoch / 10);
 * ```
 */
export type LearningRateFunction = (epoch: number, step: number) => number;

/**
 * What `fit`'s `learningRate` accepts: a constant, a {@link LearningRateSchedule} or a
 * {@link LearningRateFunction}.
 *
 * @example
 * ```ts
 * import type { LearningRate } from 'autoencoders';
 * const rate: LearningRate = { kind: 'cosine', initial: 1e-3, epochs: 30, warmupEpochs: 1 };
 * ```
 */
export type LearningRate = number | LearningRateSchedule | LearningRateFunction;

const KINDS = ['cosine', 'step'] as const;
const COSINE_KEYS = ['kind', 'initial', 'minimum', 'epochs', 'warmupEpochs'] as const;
const STEP_KEYS = ['kind', 'initial', 'factor', 'everyEpochs', 'warmupEpochs'] as const;

function rateProblem(name: string, value: unknown, min: 'positive' | 'nonNegative'): string[] {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (min === 'positive' ? value > 0 : value >= 0);
  if (ok) return [];
  return [
    `${name} is ${describeValue(value)}; pass a finite number ${min === 'positive' ? '> 0' : '≥ 0'}.`,
  ];
}

function scheduleProblems(where: string, value: Record<string, unknown>): string[] {
  const p: string[] = [];
  const { kind } = value;
  if (kind === 'cosine') {
    const s = readOptions(value as Partial<CosineSchedule>, COSINE_KEYS, `${where} schedule`);
    p.push(...rateProblem(`${where}.initial`, s.initial, 'positive'));
    p.push(...rateProblem(`${where}.minimum`, s.minimum ?? 0, 'nonNegative'));
    if (p.length === 0 && (s.minimum ?? 0) >= (s.initial as number))
      p.push(`${where}.minimum (${s.minimum}) must be below initial (${s.initial}).`);
    if (!Number.isInteger(s.epochs) || (s.epochs as number) <= 0)
      p.push(`${where}.epochs is ${describeValue(s.epochs)}; pass a positive integer.`);
    p.push(...rateProblem(`${where}.warmupEpochs`, s.warmupEpochs ?? 0, 'nonNegative'));
    if ((s.warmupEpochs ?? 0) >= (s.epochs as number))
      p.push(`${where}.warmupEpochs must be below epochs: the decay needs epochs of its own.`);
    return p;
  }
  if (kind === 'step') {
    const s = readOptions(value as Partial<StepSchedule>, STEP_KEYS, `${where} schedule`);
    p.push(...rateProblem(`${where}.initial`, s.initial, 'positive'));
    const f = s.factor;
    if (typeof f !== 'number' || !(f > 0 && f < 1))
      p.push(`${where}.factor is ${describeValue(f)}; pass a number in (0, 1), e.g. 0.5.`);
    if (!Number.isInteger(s.everyEpochs) || (s.everyEpochs as number) <= 0)
      p.push(`${where}.everyEpochs is ${describeValue(s.everyEpochs)}; pass a positive integer.`);
    p.push(...rateProblem(`${where}.warmupEpochs`, s.warmupEpochs ?? 0, 'nonNegative'));
    return p;
  }
  return [
    `${where}.kind is ${describeValue(kind)}; use ${KINDS.map((k) => `'${k}'`).join(' or ')}.`,
  ];
}

/**
 * Checks a learning rate: a finite number > 0, a schedule object, or (with `allowFunction`) a
 * function. Returns the problems found, each naming `where`.
 * @throws {@link ConfigurationError} for an unknown key of a schedule object.
 * @internal
 */
export function learningRateProblems(
  where: string,
  value: unknown,
  allowFunction: boolean,
): string[] {
  if (typeof value === 'number') return rateProblem(where, value, 'positive');
  if (typeof value === 'function') {
    if (allowFunction) return [];
    return [
      `${where} is a function, which cannot be saved with the model; pass it to fit instead.`,
    ];
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    try {
      return scheduleProblems(where, value as Record<string, unknown>);
    } catch (error) {
      if (error instanceof ConfigurationError) return [error.message];
      throw error;
    }
  }
  return [
    `${where} is ${describeValue(value)}; pass a number > 0, a schedule such as { kind: 'cosine', initial: 1e-3, epochs: 30 }, or a function (epoch, step) => rate.`,
  ];
}

function warmup(initial: number, warmupEpochs: number, t: number): number | undefined {
  return t < warmupEpochs ? (initial * t) / warmupEpochs : undefined;
}

/**
 * The rate of a schedule at a step. `t` is the training time in epochs, counting the step being
 * taken (epoch + (step + 1) / stepsPerEpoch), so the first warm-up step is not at rate 0.
 * @internal
 */
export function scheduleRate(s: LearningRateSchedule, epoch: number, t: number): number {
  const warm = warmup(s.initial, s.warmupEpochs ?? 0, t);
  if (warm !== undefined) return warm;
  if (s.kind === 'step') {
    const decays = Math.floor(Math.max(0, epoch - (s.warmupEpochs ?? 0)) / s.everyEpochs);
    return s.initial * s.factor ** decays;
  }
  const minimum = s.minimum ?? 0;
  const start = s.warmupEpochs ?? 0;
  const u = Math.min(1, Math.max(0, (t - start) / (s.epochs - start)));
  return minimum + ((s.initial - minimum) * (1 + Math.cos(Math.PI * u))) / 2;
}

/**
 * The rate at `step` of `epoch` for any {@link LearningRate}.
 * @throws {@link ConfigurationError} when a function returns a rate that is not finite and > 0.
 * @internal
 */
export function rateAt(rate: LearningRate, epoch: number, step: number, steps: number): number {
  if (typeof rate === 'number') return rate;
  if (typeof rate === 'function') {
    const value = rate(epoch, step);
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new ConfigurationError(
        `fit: the learningRate function returned ${describeValue(value)} at epoch ${epoch + 1}, step ${step + 1}; it must return a finite number > 0.`,
      );
    }
    return value;
  }
  return scheduleRate(rate, epoch, epoch + (step + 1) / steps);
}

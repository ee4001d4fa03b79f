import { ConfigurationError } from '../../errors/configuration-error.js';
import { readOptions } from '../../pca/options.js';
import type { CheckpointOptions } from '../io/checkpoint.js';
import type { AutoencoderInput } from '../model/input.js';
import {
  type BatchLogs,
  CALLBACK_HOOKS,
  type Callback,
  type EpochLogs,
  type TrainingController,
} from './callback.js';
import { type LearningRate, learningRateProblems } from './schedules.js';

/**
 * Options of {@link Autoencoder.fit}.
 *
 * @example
 * ```ts
 * import type { FitOptions } from 'autoencoders';
 * const controller = new AbortController();
 * const options: FitOptions = {
 *   epochs: 20, batchSize: 128, shuffle: true, clipNorm: 5, signal: controller.signal,
 *   onEpochEnd: (epoch, logs) => console.log(epoch, logs.loss),
 * };
 * ```
 */
export interface FitOptions {
  /**
   * Passes over the data.
   * @defaultValue 1
   */
  epochs?: number;
  /**
   * Rows per step; a batch size ≥ the row count gives one full-batch step per epoch (so
   * `epochs: 1001` with `batchSize: n` is the notebook's 1,001 full-batch iterations). Refused
   * for an iterable source, whose batches are used as they come.
   * @defaultValue 32
   */
  batchSize?: number;
  /**
   * Learning rate for this call: a number, a {@link LearningRateSchedule} (warm-up, cosine or
   * step decay, over the model's whole history of epochs) or a function `(epoch, step) => rate`.
   * The rate is set on the model's one optimizer at each step, so its moment estimates (Adam's
   * m and v) carry over whatever the rate does.
   * @defaultValue the builder's learning rate (a number or schedule)
   */
  learningRate?: LearningRate;
  /**
   * Hold out this fraction of the rows, the last ones as given (before any shuffling, as
   * Keras), for the validation loss; in (0, 1). Not with `validationData`.
   * @defaultValue undefined (no split)
   */
  validationSplit?: number;
  /**
   * Reshuffle the rows (with the model's seeded generator) before each epoch. Refused for an
   * iterable source, whose batches are used in the order they come.
   * @defaultValue true (rows in memory)
   */
  shuffle?: boolean;
  /** Data for the validation loss and mse after each epoch (deterministic passes). */
  validationData?: AutoencoderInput;
  /**
   * Early stopping: stop when the validation loss has not improved for this many epochs (0 and 1
   * both stop at the first epoch without improvement). However `fit` resolves (stopped early, all
   * epochs done, or aborted), the weights of the epoch with the best validation loss are
   * restored. Needs `validationData` or `validationSplit`. A shorthand for
   * `callbacks: [new EarlyStopping({ patience })]`, run before the other callbacks (see
   * {@link EarlyStopping} for `minDelta`, `monitor` and `restoreBestWeights`).
   * @defaultValue undefined (no early stopping)
   */
  patience?: number;
  /**
   * Gradient clipping: scale the gradients down when their global norm exceeds this value.
   * @defaultValue undefined (no clipping)
   */
  clipNorm?: number;
  /**
   * Read the loss back and check it for NaN/Infinity every this many steps (1 = every step, the
   * right choice on cpu and wasm; a larger value saves GPU→CPU reads on webgl/webgpu). The last
   * step of every epoch is always checked, and so is the state its update leaves. On divergence
   * the weights of the last good check are restored. A batch hook makes every step read.
   * @defaultValue 1
   */
  divergenceCheckInterval?: number;
  /** Called after each epoch, awaited when it returns a promise (a shorthand for a {@link Callback}). */
  onEpochEnd?: (
    epoch: number,
    logs: EpochLogs,
    training: TrainingController,
  ) => void | Promise<void>;
  /** Called after each step, awaited when it returns a promise (a shorthand for a {@link Callback}). */
  onBatchEnd?: (
    batch: number,
    logs: BatchLogs,
    training: TrainingController,
  ) => void | Promise<void>;
  /** Training callbacks, run in order after the built-in ones (see {@link Callback}). */
  callbacks?: readonly Callback[];
  /** Aborting stops training before the next step; `fit` then resolves with the epochs completed. */
  signal?: AbortSignal;
  /**
   * Save checkpoints while training: every `everyEpochs` epochs to `<destination>/epoch-NNNN`,
   * and with `keepBest` the best so far to `<destination>/best` (see {@link CheckpointOptions}).
   * A shorthand for a built-in {@link Callback}.
   * @defaultValue undefined (no checkpoints)
   */
  checkpoint?: CheckpointOptions;
}

const FIT_KEYS = [
  'epochs',
  'batchSize',
  'learningRate',
  'validationSplit',
  'shuffle',
  'validationData',
  'patience',
  'clipNorm',
  'divergenceCheckInterval',
  'onEpochEnd',
  'onBatchEnd',
  'callbacks',
  'signal',
  'checkpoint',
] as const satisfies readonly (keyof FitOptions)[];

/** {@link FitOptions} checked, with their defaults filled in. @internal */
export interface CheckedFitOptions {
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: LearningRate | undefined;
  readonly validationSplit: number | undefined;
  readonly shuffle: boolean;
  readonly validationData: AutoencoderInput | undefined;
  readonly patience: number | undefined;
  readonly clipNorm: number | undefined;
  readonly checkInterval: number;
  readonly signal: AbortSignal | undefined;
  readonly checkpoint: CheckpointOptions | undefined;
  /** The `onEpochEnd`/`onBatchEnd` shorthands as one callback, then `callbacks`. */
  readonly callbacks: readonly Callback[];
}

type Problems = string[];

function positiveInteger(p: Problems, key: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
  p.push(`${key} is ${String(value)}; pass a positive integer.`);
  return fallback;
}

function positiveFinite(p: Problems, key: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value;
  p.push(`${key} is ${String(value)}; pass a finite number > 0.`);
  return undefined;
}

/**
 * Refuses a callback that is not an object and a hook that is not a function; in a plain object
 * (not a class instance, which may have helpers of its own) also an `on…` key that is no hook,
 * most likely a misspelt one.
 */
function checkCallbacks(p: Problems, value: unknown): readonly Callback[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    p.push('callbacks must be an array of callback objects, e.g. [{ onEpochEnd }].');
    return [];
  }
  const hooks: readonly string[] = CALLBACK_HOOKS;
  value.forEach((callback: unknown, i) => {
    if (typeof callback !== 'object' || callback === null) {
      p.push(
        `callbacks[${i}] is ${String(callback)}; pass an object with hooks such as onEpochEnd.`,
      );
      return;
    }
    const record = callback as Record<string, unknown>;
    for (const key of hooks) {
      if (record[key] !== undefined && typeof record[key] !== 'function')
        p.push(`callbacks[${i}].${key} must be a function.`);
    }
    const proto: unknown = Object.getPrototypeOf(callback);
    if (proto !== Object.prototype && proto !== null) return;
    for (const key of Object.keys(callback)) {
      if (/^on[A-Z]/.test(key) && !hooks.includes(key))
        p.push(`callbacks[${i}].${key} is not a hook; the hooks are ${hooks.join(', ')}.`);
    }
  });
  return value as Callback[];
}

function splitOf(p: Problems, o: Partial<FitOptions>): number | undefined {
  const split = o.validationSplit;
  if (split === undefined) return undefined;
  if (typeof split !== 'number' || !(split > 0 && split < 1))
    p.push(`validationSplit is ${String(split)}; pass a fraction in (0, 1), e.g. 0.1.`);
  if (o.validationData !== undefined)
    p.push('validationSplit and validationData are both given; pass one of them.');
  return split;
}

function checkSignal(p: Problems, value: unknown): AbortSignal | undefined {
  if (value === undefined) return undefined;
  const aborted = (value as { aborted?: unknown } | null)?.aborted;
  if (typeof value !== 'object' || typeof aborted !== 'boolean')
    p.push('signal must be an AbortSignal.');
  return value as AbortSignal;
}

function shorthands(p: Problems, o: Partial<FitOptions>): Callback[] {
  for (const key of ['onEpochEnd', 'onBatchEnd'] as const) {
    if (o[key] !== undefined && typeof o[key] !== 'function') p.push(`${key} must be a function.`);
  }
  const callback: Callback = {};
  if (typeof o.onEpochEnd === 'function') callback.onEpochEnd = o.onEpochEnd;
  if (typeof o.onBatchEnd === 'function') callback.onBatchEnd = o.onBatchEnd;
  return Object.keys(callback).length > 0 ? [callback] : [];
}

/** What `batchSize`, `shuffle` and `epochs` mean for an iterable source. */
function streamProblems(p: Problems, o: Partial<FitOptions>, stream: { reusable: boolean }): void {
  for (const key of ['batchSize', 'shuffle', 'validationSplit'] as const) {
    if (o[key] !== undefined)
      p.push(
        `${key} does not apply to an iterable source: its batches are used as they come, in their order; leave ${key} out and make the iterable yield the batches you want.`,
      );
  }
  if (!stream.reusable && typeof o.epochs === 'number' && o.epochs > 1)
    p.push(
      `epochs is ${o.epochs}, but an iterable gives one pass only; pass a function that returns a fresh iterable for each epoch, e.g. fit(() => batches(), { epochs: ${o.epochs} }).`,
    );
}

/**
 * Checks `fit`'s options once: unknown keys (a misspelt `epoch`), `null`, and every bad value are
 * reported together; with `stream` (an iterable source) also `batchSize`, `shuffle`, and
 * `epochs > 1` for a one-shot iterable.
 *
 * @throws {@link ConfigurationError} naming every problem.
 * @internal
 */
export function readFitOptions(
  options: FitOptions | undefined,
  stream?: { readonly reusable: boolean },
): CheckedFitOptions {
  const o = readOptions(options, FIT_KEYS, 'fit options');
  const p: Problems = [];
  if (stream) streamProblems(p, o, stream);
  const patience = o.patience;
  if (patience !== undefined) {
    if (typeof patience !== 'number' || !Number.isInteger(patience) || patience < 0)
      p.push(`patience is ${String(patience)}; pass a whole number of epochs ≥ 0.`);
    if (o.validationData === undefined && o.validationSplit === undefined)
      p.push(
        'patience needs validationData or validationSplit: early stopping watches the validation loss.',
      );
  }
  if (o.learningRate !== undefined)
    p.push(...learningRateProblems('learningRate', o.learningRate, true));
  const shuffle = o.shuffle ?? true;
  if (typeof shuffle !== 'boolean') p.push(`shuffle is ${String(shuffle)}; pass true or false.`);
  const checked: CheckedFitOptions = {
    epochs: positiveInteger(p, 'epochs', o.epochs, 1),
    batchSize: positiveInteger(p, 'batchSize', o.batchSize, 32),
    learningRate: o.learningRate,
    validationSplit: splitOf(p, o),
    shuffle: shuffle && !stream,
    validationData: o.validationData,
    patience,
    clipNorm: positiveFinite(p, 'clipNorm', o.clipNorm),
    checkInterval: positiveInteger(p, 'divergenceCheckInterval', o.divergenceCheckInterval, 1),
    signal: checkSignal(p, o.signal),
    // Checked by the checkpoint code when training starts, before the first step.
    checkpoint: o.checkpoint,
    callbacks: [...shorthands(p, o), ...checkCallbacks(p, o.callbacks)],
  };
  if (p.length === 1) throw new ConfigurationError(`fit: ${p[0]}`);
  if (p.length > 1)
    throw new ConfigurationError(
      `fit has ${p.length} invalid options:\n${p.map((line) => `- ${line}`).join('\n')}`,
    );
  return checked;
}

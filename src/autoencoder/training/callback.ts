import type { History } from '../model/history.js';
import type { WeightsSnapshot } from './weight-snapshots.js';

/**
 * What `onBatchEnd` receives after each training step.
 *
 * @example
 * ```ts
 * import type { BatchLogs } from 'autoencoders';
 * const log = (batch: number, logs: BatchLogs) => console.log(logs.epoch, batch, logs.loss);
 * ```
 */
export interface BatchLogs {
  /** The 0-based epoch over the model's whole history (`ae.history.loss[epoch]` once it ends). */
  readonly epoch: number;
  /** Rows in the batch. */
  readonly size: number;
  /** The batch's training loss (computed before the step's update). */
  readonly loss: number;
  /** The batch's mse (mean over rows of each row's summed squared error). */
  readonly mse: number;
  /** The batch's strategy loss terms. */
  readonly terms: Readonly<Record<string, number>>;
}

/**
 * What `onEpochEnd` receives after each epoch.
 *
 * @example
 * ```ts
 * import type { EpochLogs } from 'autoencoders';
 * const log = (epoch: number, logs: EpochLogs) => console.log(epoch, logs.loss, logs.valLoss);
 * ```
 */
export interface EpochLogs {
  /** Mean training loss over the epoch's samples. */
  readonly loss: number;
  /** Mean training mse over the epoch's samples. */
  readonly mse: number;
  /** Mean strategy loss terms over the epoch's samples. */
  readonly terms: Readonly<Record<string, number>>;
  /** Validation loss (deterministic pass), with `validationData`. */
  readonly valLoss?: number;
  /** Validation mse, with `validationData`. */
  readonly valMse?: number;
}

/**
 * What every {@link Callback} hook receives last: the handle through which it ends training,
 * as Keras' `model.stop_training = True`.
 *
 * @example
 * ```ts
 * import type { Callback } from 'autoencoders';
 * const stopBelow = (target: number): Callback => ({
 *   onEpochEnd: (_epoch, logs, training) => {
 *     if (logs.loss < target) training.stop();
 *   },
 * });
 * ```
 */
export interface TrainingController {
  /**
   * Ends training: from `onEpochEnd` after the epoch (the other callbacks of that epoch still
   * run); from `onTrainBegin`, `onEpochBegin` or `onBatchEnd` before the next step, and an
   * unfinished epoch is then dropped from the history, as when `signal` aborts. `fit` resolves
   * with the epochs completed and `onTrainEnd` runs.
   */
  stop(): void;
  /** True once a hook has called {@link TrainingController.stop} (or the `signal` aborted). */
  readonly stopped: boolean;
  /** The learning rate of the latest step (NaN before the first one). */
  readonly learningRate: number;
  /**
   * Multiplies every later step's rate of this `fit` call by `factor` (on top of the
   * `learningRate` schedule), as {@link ReduceLROnPlateau} does.
   */
  scaleLearningRate(factor: number): void;
  /** True when this `fit` call has `validationData` or `validationSplit` (so `valLoss` is logged). */
  readonly hasValidation: boolean;
  /**
   * Copies the model's current weights, as {@link EarlyStopping} does at each best epoch. The
   * copy shares memory with the weights until the next update; `fit` frees it when it settles.
   */
  snapshotWeights(): WeightsSnapshot;
  /**
   * Sets the model's weights to a snapshot of this `fit` call (the optimizer state is kept).
   * @throws {@link DisposedError} when the snapshot was freed; {@link ConfigurationError} when it
   * is not one of this call's.
   */
  restoreWeights(snapshot: WeightsSnapshot): void;
}

/**
 * A training callback, passed as `fit(x, { callbacks: [...] })`. Every hook is optional and may
 * return a promise, which `fit` awaits. Hooks run in the order of the array, after the built-in
 * ones (`patience`, `checkpoint`, then the `onEpochEnd`/`onBatchEnd` shorthands).
 *
 * Epochs are 0-based over the model's whole history (a second `fit` call continues the count,
 * so `epoch` indexes `ae.history`), and batches 0-based within the epoch; error messages count
 * from 1. `onTrainEnd` runs when `fit` resolves (all epochs done, stopped or aborted), not when
 * it rejects. A hook that throws makes `fit` reject with its error.
 *
 * @example
 * ```ts
 * import { Autoencoder, type Callback } from 'autoencoders';
 * const ae = Autoencoder.builder().inputDim(4).latentDim(2).seed(1).build();
 * const timer: Callback = {
 *   onEpochBegin: () => console.time('epoch'),
 *   onEpochEnd: (epoch, logs, training) => {
 *     console.timeEnd('epoch');
 *     if (logs.loss < 0.01) training.stop();
 *   },
 *   onTrainEnd: (history) => console.log(`${history.loss.length} epochs`),
 * };
 * await ae.fit([[0, 1, 0, 1], [1, 0, 1, 0]], { epochs: 100, callbacks: [timer] });
 * ```
 */
export interface Callback {
  /** Before the first epoch of this `fit` call. */
  onTrainBegin?(training: TrainingController): void | Promise<void>;
  /** Before each epoch's first step. */
  onEpochBegin?(epoch: number, training: TrainingController): void | Promise<void>;
  /** After each step (its update applied); `batch` is the 0-based step within the epoch. */
  onBatchEnd?(batch: number, logs: BatchLogs, training: TrainingController): void | Promise<void>;
  /** After each epoch, once `ae.history` holds it (and after validation). */
  onEpochEnd?(epoch: number, logs: EpochLogs, training: TrainingController): void | Promise<void>;
  /** When `fit` is about to resolve, with the history of this call. */
  onTrainEnd?(history: History, training: TrainingController): void | Promise<void>;
}

/** The hook names of {@link Callback}. @internal */
export const CALLBACK_HOOKS = [
  'onTrainBegin',
  'onEpochBegin',
  'onBatchEnd',
  'onEpochEnd',
  'onTrainEnd',
] as const satisfies readonly (keyof Callback)[];

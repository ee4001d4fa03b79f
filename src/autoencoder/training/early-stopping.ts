import { ConfigurationError } from '../../errors/configuration-error.js';
import { readOptions } from '../../pca/options.js';
import { describeValue } from '../../pca/validate.js';
import type { History } from '../model/history.js';
import type { Callback, EpochLogs, TrainingController } from './callback.js';
import type { WeightsSnapshot } from './weight-snapshots.js';

/**
 * Settings of {@link EarlyStopping}.
 *
 * @example
 * ```ts
 * import type { EarlyStoppingOptions } from 'autoencoders';
 * const options: EarlyStoppingOptions = { patience: 5, minDelta: 1e-4, monitor: 'valLoss' };
 * ```
 */
export interface EarlyStoppingOptions {
  /**
   * Epochs without improvement before training stops (a whole number ≥ 0; 0 and 1 both stop at
   * the first epoch without improvement, as Keras).
   */
  patience: number;
  /**
   * An epoch improves when its loss is below the best by more than this absolute amount (≥ 0),
   * as Keras' `min_delta`.
   * @defaultValue 0
   */
  minDelta?: number;
  /**
   * The loss watched: `'valLoss'` needs `validationData` or `validationSplit`.
   * @defaultValue 'valLoss'
   */
  monitor?: 'valLoss' | 'loss';
  /**
   * When training ends (stopped, all epochs done or aborted), restore the weights of the epoch
   * with the best monitored loss.
   * @defaultValue true
   */
  restoreBestWeights?: boolean;
}

const KEYS = ['patience', 'minDelta', 'monitor', 'restoreBestWeights'] as const;

function check(o: Partial<EarlyStoppingOptions>): string[] {
  const p: string[] = [];
  const { patience, minDelta = 0, monitor = 'valLoss', restoreBestWeights = true } = o;
  if (typeof patience !== 'number' || !Number.isInteger(patience) || patience < 0)
    p.push(`patience is ${describeValue(patience)}; pass a whole number of epochs ≥ 0.`);
  if (typeof minDelta !== 'number' || !Number.isFinite(minDelta) || minDelta < 0)
    p.push(`minDelta is ${describeValue(minDelta)}; pass a finite number ≥ 0.`);
  if (monitor !== 'valLoss' && monitor !== 'loss')
    p.push(`monitor is ${describeValue(monitor)}; pass 'valLoss' or 'loss'.`);
  if (typeof restoreBestWeights !== 'boolean')
    p.push(`restoreBestWeights is ${describeValue(restoreBestWeights)}; pass true or false.`);
  return p;
}

/**
 * A {@link Callback} that stops training when the monitored loss has not improved by more than
 * `minDelta` for `patience` epochs and, with `restoreBestWeights`, puts back the weights of the
 * best epoch when training ends, as Keras' `EarlyStopping`. `fit`'s `patience` option is this
 * callback with its defaults. An instance may serve several `fit` calls: each starts afresh.
 *
 * @example
 * ```ts
 * import { Autoencoder, EarlyStopping } from 'autoencoders';
 * const ae = Autoencoder.builder().inputDim(4).latentDim(2).seed(1).build();
 * const x = [[0, 1, 0, 1], [1, 0, 1, 0], [1, 1, 0, 0], [0, 0, 1, 1]];
 * const early = new EarlyStopping({ patience: 3 });
 * await ae.fit(x, { epochs: 100, validationSplit: 0.25, callbacks: [early] });
 * console.log(early.bestEpoch, early.stoppedEpoch);
 * ```
 */
export class EarlyStopping implements Callback {
  private readonly patience: number;
  private readonly minDelta: number;
  private readonly monitor: 'valLoss' | 'loss';
  private readonly restoreBestWeights: boolean;
  private best = Number.POSITIVE_INFINITY;
  private wait = 0;
  private bestWeights: WeightsSnapshot | undefined;
  private bestAt: number | undefined;
  private stoppedAt: number | undefined;

  /**
   * @param options - See {@link EarlyStoppingOptions}.
   * @throws {@link ConfigurationError} for missing or `null` options, an unknown key or a bad value.
   */
  constructor(options: EarlyStoppingOptions) {
    const o = readOptions(options, KEYS, 'EarlyStopping options');
    const problems = check(o);
    if (problems.length > 0) throw new ConfigurationError(`EarlyStopping: ${problems.join(' ')}`);
    this.patience = o.patience ?? 0;
    this.minDelta = o.minDelta ?? 0;
    this.monitor = o.monitor ?? 'valLoss';
    this.restoreBestWeights = o.restoreBestWeights ?? true;
  }

  /** The epoch (0-based over the model's history) with the best monitored loss of the latest `fit`. */
  get bestEpoch(): number | undefined {
    return this.bestAt;
  }

  /** The epoch after which the latest `fit` was stopped; undefined when it was not. */
  get stoppedEpoch(): number | undefined {
    return this.stoppedAt;
  }

  /**
   * Starts watching afresh.
   * @throws {@link ConfigurationError} when monitoring `'valLoss'` in a `fit` without validation.
   */
  onTrainBegin(training: TrainingController): void {
    if (this.monitor === 'valLoss' && !training.hasValidation)
      throw new ConfigurationError(
        "EarlyStopping monitors 'valLoss', but fit has no validation data: pass validationData or validationSplit, or monitor: 'loss'.",
      );
    this.best = Number.POSITIVE_INFINITY;
    this.wait = 0;
    this.bestWeights = undefined; // the previous call's snapshot was freed when it settled
    this.bestAt = undefined;
    this.stoppedAt = undefined;
  }

  /** Compares the epoch's loss with the best so far; stops after `patience` epochs without improvement. */
  onEpochEnd(epoch: number, logs: EpochLogs, training: TrainingController): void {
    const loss = (this.monitor === 'valLoss' ? logs.valLoss : logs.loss) ?? Number.NaN;
    // NaN never improves (the divergence guard stops training on a non-finite loss anyway).
    if (loss < this.best - this.minDelta) {
      this.best = loss;
      this.wait = 0;
      this.bestAt = epoch;
      if (this.restoreBestWeights) {
        this.bestWeights?.dispose();
        this.bestWeights = training.snapshotWeights();
      }
    } else if (++this.wait >= Math.max(1, this.patience)) {
      this.stoppedAt = epoch;
      training.stop();
    }
  }

  /** Restores the best epoch's weights (with `restoreBestWeights`). */
  onTrainEnd(_history: History, training: TrainingController): void {
    if (this.bestWeights) training.restoreWeights(this.bestWeights);
    this.bestWeights = undefined;
  }
}

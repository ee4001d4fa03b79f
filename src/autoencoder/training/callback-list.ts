import { ConfigurationError } from '../../errors/configuration-error.js';
import { DisposedError } from '../../errors/disposed-error.js';
import type { History } from '../model/history.js';
import type { BatchLogs, Callback, EpochLogs, TrainingController } from './callback.js';
import type { WeightSnapshots, WeightsSnapshot } from './weight-snapshots.js';

class Controller implements TrainingController {
  private stopRequested = false;
  /** The product of every {@link scaleLearningRate} factor, applied on top of the schedule. */
  scale = 1;
  learningRate = Number.NaN;

  constructor(
    private readonly signal: AbortSignal | undefined,
    private readonly snapshots: WeightSnapshots,
    readonly hasValidation: boolean,
  ) {}

  stop(): void {
    this.stopRequested = true;
  }

  scaleLearningRate(factor: number): void {
    if (typeof factor !== 'number' || !Number.isFinite(factor) || factor <= 0)
      throw new ConfigurationError(
        `scaleLearningRate(${String(factor)}): pass a finite factor > 0, e.g. 0.5.`,
      );
    this.scale *= factor;
  }

  snapshotWeights(): WeightsSnapshot {
    return this.snapshots.take();
  }

  restoreWeights(snapshot: WeightsSnapshot): void {
    this.snapshots.restore(snapshot);
  }

  get stopped(): boolean {
    return this.stopRequested || this.signal?.aborted === true;
  }
}

/**
 * Runs the callbacks' hooks in order, awaiting each, and after each await checks that the model
 * was not disposed meanwhile (a hook may call `dispose()`). @internal
 */
export class CallbackList {
  readonly controller: Controller;

  constructor(
    private readonly callbacks: readonly Callback[],
    signal: AbortSignal | undefined,
    private readonly isDisposed: () => boolean,
    snapshots: WeightSnapshots,
    hasValidation: boolean,
  ) {
    this.controller = new Controller(signal, snapshots, hasValidation);
  }

  /** True when some callback reads every step (so every step's loss is read back). */
  get watchesBatches(): boolean {
    return this.callbacks.some((c) => c.onBatchEnd);
  }

  /** True when some callback looks at the end of every epoch. */
  get watchesEpochs(): boolean {
    return this.callbacks.some((c) => c.onEpochEnd);
  }

  /**
   * Throws when the model was disposed since the last check.
   * @throws {@link DisposedError}
   */
  assertAlive(): void {
    if (this.isDisposed()) {
      throw new DisposedError(
        'The Autoencoder was disposed during fit (by a callback?), so training stopped: dispose it after fit settles.',
      );
    }
  }

  trainBegin(): Promise<void> {
    return this.each((c) => c.onTrainBegin?.(this.controller));
  }

  epochBegin(epoch: number): Promise<void> {
    return this.each((c) => c.onEpochBegin?.(epoch, this.controller));
  }

  batchEnd(batch: number, logs: BatchLogs): Promise<void> {
    return this.each((c) => c.onBatchEnd?.(batch, logs, this.controller));
  }

  epochEnd(epoch: number, logs: EpochLogs): Promise<void> {
    return this.each((c) => c.onEpochEnd?.(epoch, logs, this.controller));
  }

  /** Training is over by then, so a hook may dispose the model. */
  trainEnd(history: History): Promise<void> {
    return this.each((c) => c.onTrainEnd?.(history, this.controller), false);
  }

  private async each(
    hook: (c: Callback) => void | Promise<void> | undefined,
    checkAlive = true,
  ): Promise<void> {
    for (const callback of this.callbacks) {
      await hook(callback);
      if (checkAlive) this.assertAlive();
    }
  }
}

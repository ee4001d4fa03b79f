import * as tf from '@tensorflow/tfjs-core';
import { TrainingDivergedError } from '../../errors/training-diverged-error.js';
import { objective } from '../strategies/objective.js';
import type { TrainingHost } from './host.js';

/** One step's statistics once read back and found finite. @internal */
export interface CheckedStep {
  /** `[loss, mse, ...terms]`, computed before the step's update. */
  readonly values: Float32Array;
  readonly names: readonly string[];
  readonly size: number;
}

/** A step's stats waiting to be read back. @internal */
export interface QueuedStep {
  readonly stats: tf.Tensor1D;
  readonly names: readonly string[];
  readonly size: number;
  readonly epoch: number;
  readonly step: number;
}

const ADVICE = 'lower the learning rate, set clipNorm, or rescale the data.';

/**
 * Stops training at the first non-finite loss and restores the last weights whose loss was
 * found finite. A step's loss is computed before its update, so it vouches for the weights the
 * step started from; the state an update leaves is checked separately (its weights, and the loss
 * they give) wherever someone looks at it: at the end of an epoch that callbacks or validation
 * observe, at the end of the last epoch, and when training ends however it ends. So no update,
 * the last one included, goes unchecked. Reading a loss back stalls a GPU pipeline, so steps are
 * read `interval` at a time; the snapshot of good weights is taken at each read. Epochs and
 * steps are 0-based here and 1-based in the messages. @internal
 */
export class DivergenceGuard {
  private good: tf.Tensor[];
  private readonly pending: QueuedStep[] = [];
  /** The last step queued, whose update the current weights hold unless checked since. */
  private lastStep: { readonly epoch: number; readonly step: number } | undefined;

  constructor(
    private readonly host: TrainingHost,
    private readonly interval: number,
    private readonly probe: tf.Tensor2D,
  ) {
    this.good = this.snapshot();
  }

  /**
   * Queues a step's stats (just before its update is applied); reads every queued step when
   * `interval` steps are queued or `now` is set.
   * @returns the steps read (empty when none was due).
   * @throws {@link TrainingDivergedError} at the first non-finite value.
   */
  afterStep(queued: QueuedStep, now: boolean): CheckedStep[] {
    this.pending.push(queued);
    this.lastStep = queued;
    if (!now && this.pending.length < this.interval) return [];
    const checked = this.readPending();
    // Every value was finite: the weights now (before this step's update) are good.
    tf.dispose(this.good);
    this.good = this.snapshot();
    return checked;
  }

  /**
   * Reads the steps still queued, for a stream, whose pass says it ended only after its last
   * step's update. No snapshot is taken: the weights now hold an update no loss vouched for.
   * @throws {@link TrainingDivergedError} at the first non-finite value.
   */
  flush(): CheckedStep[] {
    return this.readPending();
  }

  /**
   * Checks the state the last update left, once: the steps not yet read, the weights, and the
   * loss they give (the validation loss when given, else a deterministic pass on a few rows).
   * @throws {@link TrainingDivergedError} with the last good weights restored.
   */
  checkState(validationLoss?: number): void {
    const last = this.lastStep;
    if (!last) return;
    this.readPending();
    const vars = this.host.network.variables;
    const state = tf.tidy(() => {
      // Finite weights have a finite sum (short of sums beyond 3e38, divergence in any case).
      const weights = tf.addN(vars.map((v) => tf.sum(v)));
      if (validationLoss !== undefined) return tf.stack([weights]);
      const context = { training: false, epoch: last.epoch + 1, step: 0, seed: 0 };
      const { loss } = objective(this.host.network, this.host.config, this.probe, context);
      return tf.stack([weights, loss]);
    });
    const [weights, probeLoss] = state.dataSync();
    state.dispose();
    const where = `Training diverged at epoch ${last.epoch + 1}, step ${last.step + 1}:`;
    const restored = `The last good weights were restored; ${ADVICE}`;
    if (!Number.isFinite(weights))
      this.fail(`${where} its update made some weights NaN or infinite. ${restored}`);
    const loss = validationLoss ?? probeLoss;
    if (!Number.isFinite(loss)) {
      const what =
        validationLoss === undefined ? 'the loss on the training rows' : 'the validation loss';
      this.fail(`${where} after its update ${what} is ${loss}. ${restored}`);
    }
    this.lastStep = undefined;
    tf.dispose(this.good);
    this.good = this.snapshot();
  }

  private readPending(): CheckedStep[] {
    if (this.pending.length === 0) return [];
    const checked: CheckedStep[] = [];
    // One read for all the queued steps (a read stalls a GPU pipeline, however small).
    const all =
      this.pending.length === 1
        ? this.pending[0].stats
        : tf.concat(this.pending.map((p) => p.stats));
    // A copy: the backend may reuse the memory once the tensor is disposed.
    const read = Float32Array.from(all.dataSync());
    if (all !== this.pending[0].stats) all.dispose();
    let offset = 0;
    for (const p of this.pending) {
      const values = read.subarray(offset, offset + p.stats.size);
      offset += p.stats.size;
      if (!values.every(Number.isFinite)) {
        this.fail(
          `Training diverged at epoch ${p.epoch + 1}, step ${p.step + 1}: the loss is ${values[0]}. ` +
            `The last good weights were restored; ${ADVICE}`,
        );
      }
      checked.push({ values, names: p.names, size: p.size });
    }
    this.release();
    return checked;
  }

  /**
   * The weights now, without copying them: tfjs never writes a tensor in place (an update
   * assigns the variable a new tensor), so a reshape to the same shape, which every backend
   * makes as one more reference to the same memory, keeps these values as they are. On wasm a
   * clone copied the 476,720 weights of the notebook's model at every check.
   */
  private snapshot(): tf.Tensor[] {
    return this.host.network.variables.map((v) => tf.reshape(v, v.shape));
  }

  private fail(message: string): never {
    this.host.network.variables.forEach((v, i) => {
      v.assign(this.good[i]);
    });
    // The optimizer's moments saw the diverging gradients: start it afresh.
    this.host.resetOptimizer();
    throw new TrainingDivergedError(message);
  }

  private release(): void {
    for (const p of this.pending) p.stats.dispose();
    this.pending.length = 0;
  }

  dispose(): void {
    this.release();
    tf.dispose(this.good);
    this.probe.dispose();
  }
}

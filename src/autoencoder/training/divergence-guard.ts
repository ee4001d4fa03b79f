import * as tf from '@tensorflow/tfjs-core';
import { TrainingDivergedError } from '../../errors/training-diverged-error.js';
import { objective } from '../objective.js';
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
 * step started from; the state an epoch's last update leaves is checked separately (its
 * weights and the loss they give), so no update, the last one included, goes unchecked.
 * Reading a loss back stalls a GPU pipeline, so steps are read `interval` at a time; the
 * snapshot of good weights is taken at each read. Epochs and steps are 0-based here and
 * 1-based in the messages. @internal
 */
export class DivergenceGuard {
  private good: tf.Tensor[];
  private readonly pending: QueuedStep[] = [];

  constructor(
    private readonly host: TrainingHost,
    private readonly interval: number,
    private readonly probe: tf.Tensor2D,
  ) {
    this.good = host.network.variables.map((v) => tf.clone(v));
  }

  /**
   * Queues a step's stats (before its update is applied); reads every queued step when
   * `interval` steps are queued or `now` is set.
   * @returns the steps read (empty when none was due).
   * @throws {@link TrainingDivergedError} at the first non-finite value.
   */
  afterStep(queued: QueuedStep, now: boolean): CheckedStep[] {
    this.pending.push(queued);
    if (!now && this.pending.length < this.interval) return [];
    const checked: CheckedStep[] = [];
    for (const p of this.pending) {
      // A copy: the backend may reuse the memory once the tensor is disposed.
      const values = Float32Array.from(p.stats.dataSync());
      if (!values.every(Number.isFinite)) {
        this.fail(
          `Training diverged at epoch ${p.epoch + 1}, step ${p.step + 1}: the loss is ${values[0]}. ` +
            `The last good weights were restored; ${ADVICE}`,
        );
      }
      checked.push({ values, names: p.names, size: p.size });
    }
    this.release();
    tf.dispose(this.good);
    this.good = this.host.network.variables.map((v) => tf.clone(v));
    return checked;
  }

  /**
   * Checks the state an epoch's last update left: the weights are finite, and so is the loss they
   * give (the validation loss when there is one, else a deterministic pass on a few rows).
   * @throws {@link TrainingDivergedError} otherwise, with the weights from before that update restored.
   */
  afterEpoch(epoch: number, step: number, validationLoss: number | undefined): void {
    const vars = this.host.network.variables;
    const state = tf.tidy(() => {
      // 0 · w is 0 for a finite w and NaN for NaN or ±Infinity.
      const weights = tf.addN(vars.map((v) => tf.sum(tf.mul(v, 0))));
      if (validationLoss !== undefined) return tf.stack([weights]);
      const context = { training: false, epoch: epoch + 1, step: 0, seed: 0 };
      return tf.stack([
        weights,
        objective(this.host.network, this.host.config, this.probe, context).loss,
      ]);
    });
    const [weights, probeLoss] = state.dataSync();
    state.dispose();
    const where = `Training diverged at epoch ${epoch + 1}, step ${step + 1}:`;
    const restored = `The weights from before that update were restored; ${ADVICE}`;
    if (!Number.isFinite(weights))
      this.fail(`${where} its update made some weights NaN or infinite. ${restored}`);
    const loss = validationLoss ?? probeLoss;
    if (!Number.isFinite(loss)) {
      const what =
        validationLoss === undefined ? 'the loss on the training rows' : 'the validation loss';
      this.fail(`${where} after its update ${what} is ${loss}. ${restored}`);
    }
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

import * as tf from '@tensorflow/tfjs-core';
import type { Callback, EpochLogs, TrainingController } from './callback.js';

/**
 * `fit`'s `patience`: stops when the validation loss has not improved for `patience` epochs
 * (0 and 1 both stop at the first epoch without improvement) and, when training ends, restores
 * the weights of the epoch with the best validation loss. @internal
 */
export class EarlyStopping implements Callback {
  private best = Number.POSITIVE_INFINITY;
  private sinceBest = 0;
  private bestWeights: tf.Tensor[] | undefined;

  constructor(
    private readonly variables: readonly tf.Variable[],
    private readonly patience: number,
  ) {}

  onEpochEnd(_epoch: number, logs: EpochLogs, training: TrainingController): void {
    const loss = logs.valLoss ?? Number.NaN;
    if (loss < this.best) {
      this.best = loss;
      this.sinceBest = 0;
      tf.dispose(this.bestWeights);
      this.bestWeights = this.variables.map((v) => tf.clone(v));
    } else if (++this.sinceBest >= Math.max(1, this.patience)) {
      training.stop();
    }
  }

  onTrainEnd(): void {
    this.bestWeights?.forEach((w, i) => {
      this.variables[i].assign(w);
    });
  }

  /** Frees the saved weights, however `fit` ended. */
  dispose(): void {
    tf.dispose(this.bestWeights);
    this.bestWeights = undefined;
  }
}

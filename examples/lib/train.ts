import type * as tf from '@tensorflow/tfjs-core';
import type { Autoencoder, History } from 'autoencoders';
import { progressBar } from './progress.js';

/** How long and how fast to train, and how often to report. */
export interface TrainingPlan {
  readonly epochs: number;
  /** Rows per step; the number of rows gives the notebook's full-batch iterations. */
  readonly batchSize: number;
  readonly learningRate: number;
  /** Print the mse (and checkpoint) after the first epoch and then every this many epochs. */
  readonly logEvery: number;
}

/** Options of {@link train}. */
export interface TrainOptions {
  /** Shown on the progress bar. */
  readonly label: string;
  /** Draw a progress bar (when stdout is a terminal). */
  readonly showProgress: boolean;
  /** Called after each report with the 0-based epoch just finished, e.g. to save a digit grid. */
  readonly onCheckpoint?: (epoch: number) => Promise<void> | void;
}

/**
 * Trains an autoencoder as the notebook's loops do: prints the mse after epoch 0 and every
 * `logEvery` epochs after it, with a checkpoint at each report. Training runs as successive
 * `fit` calls; the model keeps its optimizer state and history across them.
 *
 * @param ae - The model.
 * @param x - Training rows.
 * @param plan - Epochs, batch size, learning rate and report interval.
 * @param options - Label, progress bar and checkpoint hook.
 * @returns The model's whole training history.
 */
export async function train(
  ae: Autoencoder,
  x: tf.Tensor2D,
  plan: TrainingPlan,
  options: TrainOptions,
): Promise<History> {
  const batchesPerEpoch = Math.ceil(x.shape[0] / plan.batchSize);
  const progress = progressBar(options.label, plan.epochs * batchesPerEpoch, options.showProgress);
  const width = String(plan.epochs - 1).length;
  let batches = 0;
  let epochsDone = 0;
  try {
    while (epochsDone < plan.epochs) {
      const epochs = Math.min(epochsDone === 0 ? 1 : plan.logEvery, plan.epochs - epochsDone);
      const history = await ae.fit(x, {
        epochs,
        batchSize: plan.batchSize,
        learningRate: plan.learningRate,
        onBatchEnd: (_batch, logs) => {
          batches += 1;
          progress.update(batches, logs.loss);
        },
      });
      epochsDone += epochs;
      const epoch = String(epochsDone - 1).padStart(Math.max(4, width), '0');
      const loss = history.loss.at(-1) ?? Number.NaN;
      const mse = history.mse.at(-1) ?? Number.NaN;
      progress.log(`epoch ${epoch}  mse ${mse.toFixed(9)}  loss ${loss.toFixed(6)}`);
      await options.onCheckpoint?.(epochsDone - 1);
    }
  } finally {
    progress.stop();
  }
  return ae.history;
}

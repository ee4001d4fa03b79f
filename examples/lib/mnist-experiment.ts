import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { Autoencoder, History } from 'autoencoders';
import { writeDigitRow } from './digit-grid.js';
import type { DigitSets } from './mnist-digits.js';
import { type ExampleOptions, outDir } from './options.js';
import { lossCurvesSpec } from './plots.js';
import { writeChart } from './render-svg.js';
import { takeRows } from './tensors.js';
import { type TrainingPlan, train } from './train.js';

/** What {@link trainOnDigits} needs besides the model. */
export interface DigitExperiment {
  /** File prefix, e.g. `'05'`. */
  readonly id: string;
  /** Model description for the printout and chart, e.g. `'deep 784-256-128-32'`. */
  readonly title: string;
  readonly digits: DigitSets;
  readonly plan: TrainingPlan;
  readonly options: ExampleOptions;
}

/**
 * Trains an autoencoder on MNIST digits as the notebook's sections 4 to 7 do, and scores it:
 * prints the mse at each report, writes the first ten digits (`NN-originals.png`) and their
 * reconstruction at each report (`NN-epoch-E.png`), the training curves (`NN-loss.svg`), and
 * prints the reconstruction mse on the held-out digits.
 *
 * @param ae - A freshly built model; the caller disposes it.
 * @param experiment - Digits, plan and naming.
 * @returns The held-out mse and the model's training history.
 */
export async function trainOnDigits(
  ae: Autoencoder,
  experiment: DigitExperiment,
): Promise<{ heldOutMse: number; history: History }> {
  const { id, title, digits, plan, options } = experiment;
  const out = outDir(options);
  console.log(
    `${title}: ${digits.train.length} digits, ${plan.epochs} epochs of batches of ` +
      `${plan.batchSize}, Adam ${plan.learningRate}`,
  );
  const shown = digits.train.slice(0, 10);
  writeDigitRow(join(out, `${id}-originals.png`), shown);
  const x = tf.tensor2d(digits.train);
  try {
    const history = await train(ae, x, plan, {
      label: `${id} ${title}`,
      showProgress: options.tiny !== true,
      onCheckpoint: (epoch) =>
        writeDigitRow(join(out, `${id}-epoch-${epoch}.png`), takeRows(ae.reconstruct(shown))),
    });
    const heldOutMse = ae.evaluate(digits.heldOut).mse;
    console.log(
      `reconstruction error (mse) on ${digits.heldOut.length} held-out digits: ${heldOutMse.toFixed(7)}`,
    );
    await writeChart(
      join(out, `${id}-loss.svg`),
      lossCurvesSpec(`${title}: training curves`, {
        ...history.terms,
        // A plain autoencoder's loss is its mse; one line is enough then.
        ...(history.loss.every((v, i) => v === history.mse[i]) ? {} : { loss: history.loss }),
        mse: history.mse,
      }),
    );
    return { heldOutMse, history };
  } finally {
    x.dispose();
  }
}

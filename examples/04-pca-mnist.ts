/**
 * Section 3 of the notebook on MNIST: PCA with 30 components as the baseline for the
 * autoencoders, first as the notebook does it (SVD of the raw digits, projectData, recoverData),
 * then with the PCA class, which centres the digits. Then the check that a linear autoencoder
 * 784-30-784 trained on the centred digits finds PCA's subspace and error.
 *
 * npx tsx examples/04-pca-mnist.ts [--backend wasm|cpu] [--full | --tiny] [--out dir]
 */
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import {
  Autoencoder,
  LinearStrategy,
  mse,
  PCA,
  principalAngles,
  projectData,
  recoverData,
  svd,
} from 'autoencoders';
import { useBackend } from './lib/backend.js';
import { decoderDirections } from './lib/decoder-directions.js';
import { writeDigitRow } from './lib/digit-grid.js';
import { duration, stopwatch } from './lib/format.js';
import { centre, columnMeans, digitSets } from './lib/mnist-digits.js';
import { bySize, type ExampleOptions, type ExampleResult, outDir } from './lib/options.js';
import { lossCurvesSpec } from './lib/plots.js';
import { writeChart } from './lib/render-svg.js';
import { runIfMain } from './lib/run-main.js';
import { takeRows } from './lib/tensors.js';
import { train } from './lib/train.js';

const k = 30;

/**
 * Runs this example and returns its headline figures for the tour.
 *
 * @param options - The command-line flags as an object; see {@link ExampleOptions}.
 */
export async function run(options: ExampleOptions = {}): Promise<ExampleResult> {
  await useBackend(options.backend);
  const out = outDir(options);
  const { train: digits, heldOut } = digitSets(options);
  console.log(`PCA-${k} on ${digits.length} MNIST digits`);

  // The notebook's way: no centring, the exact SVD of the raw pixels as np.linalg.svd. (The
  // default solver would pick a randomized SVD for rank 30, faster and a little less accurate.)
  let elapsed = stopwatch();
  const { Vt } = svd(digits, { rank: k, solver: 'exact' });
  const R = recoverData(Vt, projectData(Vt, digits, k));
  console.log(`SVD of the raw digits (${duration(elapsed())}): mse ${mse(digits, R).toFixed(7)}`);
  writeDigitRow(join(out, '04-originals.png'), digits.slice(0, 10));
  writeDigitRow(join(out, '04-pca30.png'), R.to2DArray().slice(0, 10));

  // The PCA class centres first, which is what PCA means; on MNIST the data are centred, not
  // standardized, because the border pixels are constant.
  elapsed = stopwatch();
  // The covariance solver is exact and, for 784 columns, faster than a full SVD; the default
  // randomized one errs here by about 0.3%, too much for the 2% comparison below.
  const pca = new PCA({ nComponents: k, solver: 'covariance' }).fit(digits);
  const pcaTrainMse = mse(digits, pca.inverseTransform(pca.transform(digits)));
  const pcaHeldOutMse = mse(heldOut, pca.inverseTransform(pca.transform(heldOut)));
  const kept = pca.explainedVarianceRatio.reduce((sum, r) => sum + r, 0);
  console.log(
    `PCA class, centred (${duration(elapsed())}): mse ${pcaTrainMse.toFixed(7)}, ` +
      `${(kept * 100).toFixed(1)}% of the variance kept`,
  );
  console.log(
    `PCA-${k} reconstruction error (mse) on ${heldOut.length} held-out digits: ${pcaHeldOutMse.toFixed(7)}`,
  );

  const comparison = await linearAutoencoderVersusPca(digits, pca, pcaTrainMse, options);
  return {
    heldOut: { [`PCA-${k} (centred)`]: pcaHeldOutMse },
    figures: {
      [`PCA-${k} training mse`]: pcaTrainMse,
      [`linear autoencoder 784-${k}-784 training mse`]: comparison.aeMse,
      'linear AE / PCA mse ratio': comparison.ratio,
      'mean principal angle, degrees': comparison.meanAngle,
      'median principal angle, degrees': comparison.medianAngle,
      "largest angle, PCA's top 10 to the decoder's span, degrees": comparison.top10Angle,
    },
  };
}

/**
 * Trains 784-30-784 with LinearStrategy on the centred digits and compares it with PCA-30
 * (whose error is the same on raw and centred digits: centring is a shift).
 */
async function linearAutoencoderVersusPca(
  digits: number[][],
  pca: PCA,
  pcaMse: number,
  options: ExampleOptions,
) {
  const centred = centre(digits, columnMeans(digits));
  const plan = bySize(options, {
    tiny: { epochs: 2, batchSize: 100, learningRate: 0.003, logEvery: 1 },
    small: { epochs: 30, batchSize: 50, learningRate: 0.003, logEvery: 10 },
    quick: { epochs: 20, batchSize: 128, learningRate: 0.003, logEvery: 5 },
    full: { epochs: 200, batchSize: 128, learningRate: 0.001, logEvery: 20 },
  });
  console.log(
    `linear autoencoder 784-${k}-784 on the centred digits: ${plan.epochs} epochs of batches of ` +
      `${plan.batchSize}, Adam ${plan.learningRate}`,
  );
  const ae = Autoencoder.builder()
    .inputDim(784)
    .latentDim(k)
    .strategy(new LinearStrategy())
    .seed(42)
    .build();
  const x = tf.tensor2d(centred);
  try {
    const history = await train(ae, x, plan, {
      label: `04 linear 784-${k}-784`,
      showProgress: options.tiny !== true,
    });
    const aeMse = mse(centred, takeRows(ae.reconstruct(x)));
    const ratio = aeMse / pcaMse;
    const angles = Array.from(
      principalAngles(decoderDirections(ae, k), pca.components),
      (a) => (a * 180) / Math.PI,
    );
    const meanAngle = angles.reduce((sum, a) => sum + a, 0) / angles.length;
    const medianAngle = angles[angles.length >> 1];
    // PCA's leading components have well separated variances, so they are the part of the
    // subspace a short run finds first: how far the top 10 lie from the decoder's span.
    const top10Angle =
      (Math.max(
        ...principalAngles(decoderDirections(ae, k), pca.components.subMatrix(0, 9, 0, 783)),
      ) *
        180) /
      Math.PI;
    console.log(`mse, PCA-${k}:                        ${pcaMse.toFixed(7)}`);
    console.log(
      `mse, linear autoencoder 784-${k}-784: ${aeMse.toFixed(7)} (ratio ${ratio.toFixed(4)})`,
    );
    // principalAngles returns the angles in ascending order.
    console.log(
      `principal angles between the decoder's rows and PCA's components: mean ` +
        `${meanAngle.toFixed(2)}°, median ${medianAngle.toFixed(2)}°, ` +
        `largest ${angles[angles.length - 1].toFixed(2)}°`,
    );
    console.log(
      `largest angle between PCA's top 10 components and the decoder's span: ${top10Angle.toFixed(2)}°`,
    );
    await writeChart(
      join(outDir(options), '04-linear-autoencoder-loss.svg'),
      lossCurvesSpec(`Linear autoencoder 784-${k}-784 on centred digits: training mse`, {
        mse: history.mse,
        [`PCA-${k}`]: history.mse.map(() => pcaMse),
      }),
    );
    return { aeMse, ratio, meanAngle, medianAngle, top10Angle };
  } finally {
    x.dispose();
    ae.dispose();
  }
}

runIfMain(import.meta.url, run);

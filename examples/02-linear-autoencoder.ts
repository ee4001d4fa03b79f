/**
 * Section 2 of the notebook: a linear autoencoder 2-1-2 trained on the standardized 2-D data
 * finds the same subspace as PCA, and PCA's reconstruction error.
 *
 * npx tsx examples/02-linear-autoencoder.ts [--mat ex7data1.mat] [--backend wasm|cpu] [--tiny]
 */
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import {
  Autoencoder,
  LinearStrategy,
  mse,
  principalAngles,
  projectData,
  recoverData,
  standardize,
  svd,
} from 'autoencoders';
import { useBackend } from './lib/backend.js';
import { decoderDirections } from './lib/decoder-directions.js';
import { vector } from './lib/format.js';
import { type ExampleOptions, type ExampleResult, outDir } from './lib/options.js';
import { lossCurvesSpec, projectionSpec } from './lib/plots.js';
import { loadPoints2d } from './lib/points-2d.js';
import { writeChart } from './lib/render-svg.js';
import { runIfMain } from './lib/run-main.js';
import { takeRows } from './lib/tensors.js';
import { train } from './lib/train.js';

/**
 * Runs this example and returns its headline figures for the tour.
 *
 * @param options - The command-line flags as an object; see {@link ExampleOptions}.
 */
export async function run(options: ExampleOptions = {}): Promise<ExampleResult> {
  await useBackend(options.backend);
  const out = outDir(options);
  const { X, source } = loadPoints2d(options.mat);
  console.log(`data: ${source}`);
  const { data: Xnorm } = standardize(X);
  const { Vt: loadings } = svd(Xnorm);
  const pcaMse = mse(Xnorm, recoverData(loadings, projectData(loadings, Xnorm, 1)));

  // The notebook: Adam 0.1, 1001 full-batch iterations (one epoch = one step on all 50 points).
  // They take seconds, so only --tiny shortens them.
  const plan = {
    epochs: options.tiny === true ? 201 : 1001,
    batchSize: Xnorm.rows,
    learningRate: 0.1,
    logEvery: 100,
  };
  const ae = Autoencoder.builder()
    .inputDim(2)
    .latentDim(1)
    .strategy(new LinearStrategy())
    .seed(42)
    .build();
  const x = tf.tensor2d(Xnorm.to2DArray());
  try {
    console.log(
      `linear autoencoder 2-1-2: ${plan.epochs} full-batch iterations, Adam ${plan.learningRate}`,
    );
    const history = await train(ae, x, plan, { label: '02 linear 2-1-2', showProgress: false });
    const recovered = takeRows(ae.reconstruct(x));
    const aeMse = mse(Xnorm, recovered);
    console.log(`reconstruction error (mse) with PCA (SVD):           ${pcaMse.toFixed(7)}`);
    console.log(`reconstruction error (mse) with a linear autoencoder: ${aeMse.toFixed(7)}`);

    const [direction] = decoderDirections(ae, 1);
    const [angle] = principalAngles([direction], loadings.subMatrixRow([0]));
    const degrees = (angle * 180) / Math.PI;
    console.log(`decoder direction ${vector(direction)}, ${degrees.toFixed(3)}° from PCA1`);
    await writeChart(
      join(out, '02-autoencoder-projection.svg'),
      projectionSpec(
        'Linear autoencoder 2-1-2: original and recovered points',
        Xnorm.to2DArray(),
        recovered,
      ),
    );
    await writeChart(
      join(out, '02-loss.svg'),
      lossCurvesSpec('Linear autoencoder 2-1-2: training mse', { mse: history.mse }),
    );
    return {
      figures: {
        'PCA 2-D → 1-D mse': pcaMse,
        'linear autoencoder 2-1-2 mse': aeMse,
        'linear autoencoder 2-1-2: decoder direction to PCA1, degrees': degrees,
      },
    };
  } finally {
    x.dispose();
    ae.dispose();
  }
}

runIfMain(import.meta.url, run);

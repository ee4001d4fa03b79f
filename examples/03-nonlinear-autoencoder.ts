/**
 * Section 3 of the notebook: a nonlinear autoencoder 2-2-1-2-2 with sigmoid hidden layers. Its
 * 1-D code can follow a curve rather than a line, so it may beat PCA's error on the same data.
 *
 * npx tsx examples/03-nonlinear-autoencoder.ts [--mat ex7data1.mat] [--backend wasm|cpu] [--tiny]
 */
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { Autoencoder, mse, projectData, recoverData, standardize, svd } from 'autoencoders';
import { useBackend } from './lib/backend.js';
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

  // The notebook: Adam 0.15, 2001 full-batch iterations; they take seconds, so only --tiny
  // shortens them.
  const plan = {
    epochs: options.tiny === true ? 201 : 2001,
    batchSize: Xnorm.rows,
    learningRate: 0.15,
    logEvery: 100,
  };
  const ae = Autoencoder.builder()
    .inputDim(2)
    .hiddenLayers([2])
    .latentDim(1)
    .activation('sigmoid')
    .outputActivation('linear')
    .seed(42)
    .build();
  const x = tf.tensor2d(Xnorm.to2DArray());
  try {
    console.log(
      `nonlinear autoencoder 2-2-1-2-2 (sigmoid): ${plan.epochs} full-batch iterations, Adam ${plan.learningRate}`,
    );
    const history = await train(ae, x, plan, {
      label: '03 nonlinear 2-2-1-2-2',
      showProgress: false,
    });
    const recovered = takeRows(ae.reconstruct(x));
    const aeMse = mse(Xnorm, recovered);
    console.log(`reconstruction error (mse) with PCA (SVD):              ${pcaMse.toFixed(7)}`);
    console.log(`reconstruction error (mse) with a nonlinear autoencoder: ${aeMse.toFixed(7)}`);
    await writeChart(
      join(out, '03-autoencoder-reconstruction.svg'),
      projectionSpec(
        'Nonlinear autoencoder 2-2-1-2-2: original and recovered points',
        Xnorm.to2DArray(),
        recovered,
        false,
      ),
    );
    await writeChart(
      join(out, '03-loss.svg'),
      lossCurvesSpec('Nonlinear autoencoder 2-2-1-2-2: training mse', { mse: history.mse }),
    );
    return { figures: { 'nonlinear autoencoder 2-2-1-2-2 mse': aeMse } };
  } finally {
    x.dispose();
    ae.dispose();
  }
}

runIfMain(import.meta.url, run);

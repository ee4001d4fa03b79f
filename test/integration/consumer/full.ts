import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import type { FitOptions, History } from 'autoencoders';
import { Autoencoder, AutoencodersError, PCA, ShapeError } from 'autoencoders';

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  const x = [
    [0.1, 0.9, 0.2, 0.8],
    [0.9, 0.1, 0.8, 0.2],
    [0.2, 0.8, 0.1, 0.9],
    [0.8, 0.2, 0.9, 0.1],
  ];
  const ae = Autoencoder.builder().inputDim(4).latentDim(2).seed(7).build();
  const options: FitOptions = { epochs: 3, batchSize: 4 };
  const history: History = await ae.fit(x, options);
  const code = ae.encode(x);
  let shapeRefused = false;
  try {
    ae.encode([[1, 2, 3]]);
  } catch (error) {
    shapeRefused = ShapeError.is(error) && AutoencodersError.is(error);
  }
  const pca = new PCA({ nComponents: 2 }).fit(x);
  console.log(
    JSON.stringify({
      epochs: history.loss.length,
      codeShape: code.shape,
      shapeRefused,
      pcaComponents: pca.components.rows,
    }),
  );
  code.dispose();
  ae.dispose();
}

void main();

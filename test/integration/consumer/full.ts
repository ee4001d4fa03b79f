import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import type { FitOptions, History } from 'autoencoders';
import { Autoencoder, AutoencodersError, PCA, ShapeError } from 'autoencoders';
import * as pcaEntry from 'autoencoders/pca';

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
  // One PCA class for both entry points, in the types (assignable both ways) and at run time.
  const fromPcaEntry: PCA = new pcaEntry.PCA({ nComponents: 1 });
  const fromRoot: pcaEntry.PCA = pca;
  let builderError: unknown;
  try {
    Autoencoder.builder().inputDim(0).latentDim(1).build();
  } catch (error) {
    builderError = error;
  }
  console.log(
    JSON.stringify({
      epochs: history.loss.length,
      codeShape: code.shape,
      shapeRefused,
      pcaComponents: pca.components.rows,
      crossEntry:
        fromPcaEntry instanceof PCA &&
        fromRoot instanceof pcaEntry.PCA &&
        builderError instanceof pcaEntry.AutoencodersError,
    }),
  );
  code.dispose();
  ae.dispose();
}

void main();

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { Autoencoder, DenoisingStrategy, SparseStrategy, VariationalStrategy } from 'autoencoders';

export { tf };

/** Selects the cpu backend (the tests' default). */
export async function useCpu(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}

/** A fresh temporary folder under os.tmpdir(); remove it with {@link removeTemp}. */
export async function makeTemp(tag = 'io'): Promise<string> {
  return mkdtemp(join(tmpdir(), `autoencoders-${tag}-`));
}

export async function removeTemp(dir: string | undefined): Promise<void> {
  if (dir) await rm(dir, { recursive: true, force: true });
}

/** Eight rows of six features in [0, 1], reproducible. */
export function data(rows = 8, cols = 6, offset = 0): number[][] {
  return Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (Math.sin(1 + (i + offset) * 1.7 + j * 0.9) + 1) / 2),
  );
}

/** A small sparse + denoising autoencoder, trained for two epochs. */
export async function trainedModel(): Promise<Autoencoder> {
  const ae = Autoencoder.builder()
    .inputDim(6)
    .hiddenLayers([5])
    .latentDim(3)
    .strategy(
      new DenoisingStrategy({ stddev: 0.1 }),
      new SparseStrategy({ target: 0.1, weight: 0.1 }),
    )
    .seed(11)
    .build();
  await ae.fit(data(), { epochs: 2, batchSize: 4, validationData: data(4, 6, 20) });
  return ae;
}

/** A small variational autoencoder, trained for two epochs. */
export async function trainedVae(): Promise<Autoencoder> {
  const vae = Autoencoder.builder()
    .inputDim(6)
    .hiddenLayers([4])
    .latentDim(2)
    .outputActivation('sigmoid')
    .strategy(new VariationalStrategy({ beta: 0.5 }))
    .seed(5)
    .build();
  await vae.fit(data(), { epochs: 2, batchSize: 4 });
  return vae;
}

/** The values of a tensor the caller no longer needs (disposed here). */
export function values(t: tf.Tensor): number[] {
  const out = Array.from(t.dataSync());
  t.dispose();
  return out;
}

export { rejection } from '../helpers/rejection.js';

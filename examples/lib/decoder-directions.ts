import * as tf from '@tensorflow/tfjs-core';
import type { Autoencoder } from 'autoencoders';
import { takeRows } from './tensors.js';

/**
 * The directions a linear decoder maps each code unit to: row k is decode(e_k) − decode(0).
 * Their span is the subspace the linear autoencoder learned, which principalAngles compares
 * with PCA's components. Only the public `decode` is used, so the layer layout does not matter.
 *
 * @param ae - A model built with LinearStrategy.
 * @param latentDim - Its code width.
 * @returns latentDim rows of the input's width.
 */
export function decoderDirections(ae: Autoencoder, latentDim: number): number[][] {
  const [units, origin] = tf.tidy(() => [tf.eye(latentDim), tf.zeros([1, latentDim])]);
  try {
    const images = takeRows(ae.decode(units as tf.Tensor2D));
    const [offset] = takeRows(ae.decode(origin as tf.Tensor2D));
    return images.map((row) => row.map((value, j) => value - offset[j]));
  } finally {
    units.dispose();
    origin.dispose();
  }
}

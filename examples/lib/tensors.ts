import type * as tf from '@tensorflow/tfjs-core';

/**
 * Copies a 2-D tensor the library returned into plain rows and disposes it: tensors returned by
 * `encode`, `decode`, `reconstruct` and `sample` belong to the caller.
 *
 * @param tensor - The tensor to read and free.
 */
export function takeRows(tensor: tf.Tensor2D): number[][] {
  try {
    return tensor.arraySync();
  } finally {
    tensor.dispose();
  }
}

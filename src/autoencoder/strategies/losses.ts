import * as tf from '@tensorflow/tfjs-core';

/**
 * The default reconstruction loss, and the notebook's `mse`: the sum of squared errors over each
 * row's features, averaged over rows, `mean(sum((target − output)², axis=1))` (784 times tfjs's
 * `meanSquaredError` on MNIST; the same quantity as the PCA module's `mse`).
 *
 * @param target - the clean batch, rows × features.
 * @param output - the reconstruction, same shape.
 * @returns a scalar tensor (the caller owns it).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { squaredErrorLoss } from 'autoencoders';
 * const loss = squaredErrorLoss(tf.tensor2d([[1, 2]]), tf.tensor2d([[0, 0]])); // 5
 * ```
 */
export function squaredErrorLoss(target: tf.Tensor2D, output: tf.Tensor2D): tf.Scalar {
  return tf.tidy(
    () => tf.div(tf.sum(tf.square(tf.sub(output, target))), target.shape[0]) as tf.Scalar,
  );
}

/**
 * The Bernoulli reconstruction loss from logits: the sigmoid cross-entropy
 * `max(l, 0) − l·x + log(1 + e^{−|l|})` (as `tf.nn.sigmoid_cross_entropy_with_logits`, stable for
 * any logit), summed over each row's features and averaged over rows.
 *
 * @param target - the clean batch (values in [0, 1]).
 * @param logits - the output layer's pre-activations, same shape.
 * @returns a scalar tensor (the caller owns it).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { bernoulliLossFromLogits } from 'autoencoders';
 * const loss = bernoulliLossFromLogits(tf.tensor2d([[1, 0]]), tf.tensor2d([[0, 0]])); // 2·log 2
 * ```
 */
export function bernoulliLossFromLogits(target: tf.Tensor2D, logits: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const perEntry = tf.add(
      tf.sub(tf.relu(logits), tf.mul(logits, target)),
      tf.log1p(tf.exp(tf.neg(tf.abs(logits)))),
    );
    return tf.div(tf.sum(perEntry), target.shape[0]) as tf.Scalar;
  });
}

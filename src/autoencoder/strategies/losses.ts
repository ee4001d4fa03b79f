import * as tf from '@tensorflow/tfjs-core';

/**
 * The same value with a hand-written gradient, 2·(output − target)/rows·dy: tfjs's own saves a
 * copy of every input of the subtraction, square, sum and division for the backward pass and
 * spends six more kernels on it; this one keeps the difference only (fewer kernels and copies
 * a training step, docs/performance.md).
 */
const squaredError = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const [output, target] = args as [tf.Tensor2D, tf.Tensor2D];
  const save = args[2] as tf.GradSaveFunc;
  const rows = target.shape[0];
  const difference = tf.sub(output, target);
  save([difference]);
  return {
    value: tf.div(tf.sum(tf.square(difference)), rows) as tf.Scalar,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const dOutput = tf.mul(saved[0], tf.mul(dy, 2 / rows));
      return [dOutput, tf.neg(dOutput)];
    },
  };
}) as unknown as (output: tf.Tensor2D, target: tf.Tensor2D) => tf.Scalar;

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
  // Broadcasting shapes take tfjs's own gradient, which reduces over the broadcast axes.
  if (!tf.util.arraysEqual(target.shape, output.shape))
    return tf.tidy(() => tf.div(tf.sum(tf.square(tf.sub(output, target))), target.shape[0]));
  return tf.tidy(() => squaredError(output, target));
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

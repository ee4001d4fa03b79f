import * as tf from '@tensorflow/tfjs-core';
import { objective } from '../strategies/objective.js';
import type { StepContext } from '../strategies/strategy.js';
import type { TrainingHost } from './host.js';

/** One step's gradients and its statistics `[loss, mse, ...terms]`, before the update. @internal */
export interface StepResult {
  readonly grads: tf.NamedTensorMap;
  readonly stats: tf.Tensor1D;
  readonly names: readonly string[];
}

function clipByGlobalNorm(grads: tf.NamedTensorMap, clipNorm: number): tf.NamedTensorMap {
  return tf.tidy(() => {
    const names = Object.keys(grads);
    const norm = tf.sqrt(tf.addN(names.map((k) => tf.sum(tf.square(grads[k])))));
    const scale = tf.div(clipNorm, tf.maximum(norm, clipNorm));
    return Object.fromEntries(names.map((k) => [k, tf.mul(grads[k], scale)]));
  });
}

/**
 * The loss of one batch and its gradients w.r.t. the weights (clipped with `clipNorm`). The
 * caller applies and disposes the gradients and disposes the stats.
 *
 * A strategy hook that throws runs under the gradient tape, which keeps tensors for the backward
 * pass and frees them only when the backward pass runs. So the error is caught inside the taped
 * function, which returns a stand-in loss tied to the weights; the backward pass then frees
 * what the tape kept, and the error is thrown again.
 *
 * @internal
 */
export function trainStep(
  host: TrainingHost,
  batch: tf.Tensor2D,
  context: StepContext,
  clipNorm: number | undefined,
): StepResult {
  const vars = host.network.variables;
  let failure: { error: unknown } | undefined;
  let stats: tf.Tensor1D | undefined;
  let names: string[] = [];
  const { value, grads } = tf.variableGrads(() => {
    try {
      const r = objective(host.network, host.config, batch, context);
      names = Object.keys(r.terms);
      stats = tf.keep(tf.stack([r.loss, r.mse, ...names.map((k) => r.terms[k])]) as tf.Tensor1D);
      return r.loss;
    } catch (error) {
      failure = { error };
      stats?.dispose();
      return tf.mul(tf.sum(vars[0]), 0) as tf.Scalar;
    }
  }, vars);
  value.dispose();
  if (failure || !stats) {
    tf.dispose(grads);
    throw failure?.error;
  }
  if (clipNorm === undefined) return { grads, stats, names };
  const clipped = clipByGlobalNorm(grads, clipNorm);
  tf.dispose(grads);
  return { grads: clipped, stats, names };
}

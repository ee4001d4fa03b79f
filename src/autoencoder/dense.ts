import * as tf from '@tensorflow/tfjs-core';
import { type Activation, activationGradient, applyActivation, isFusable } from './activations.js';

/** The weights of one Dense layer as the functional forward pass uses them. @internal */
export interface DenseParams {
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable;
  readonly activation: Activation;
}

type DenseOp = (x: tf.Tensor2D, kernel: tf.Tensor2D, bias: tf.Tensor1D) => tf.Tensor2D;

const cache = new Map<string, DenseOp>();

function forward(
  x: tf.Tensor2D,
  kernel: tf.Tensor2D,
  bias: tf.Tensor1D,
  activation: Activation,
): tf.Tensor2D {
  if (isFusable(activation))
    return tf.fused.matMul({ a: x, b: kernel, bias, activation }) as tf.Tensor2D;
  return applyActivation(tf.add(tf.matMul(x, kernel), bias) as tf.Tensor2D, activation);
}

/**
 * A dense layer `act(x·W + b)` with a hand-written gradient. The backward pass transposes
 * explicitly and then calls a plain matMul (dx = dz·Wᵀ, dW = xᵀ·dz, db = Σ dz): on wasm a
 * matMul with transpose flags is about ten times slower than transpose + matMul.
 * When `inputGradient` is false the gradient with respect to x (a data tensor) is skipped.
 *
 * @internal
 */
export function denseOp(activation: Activation, inputGradient: boolean): DenseOp {
  const key = `${activation}:${inputGradient}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const x = args[0] as tf.Tensor2D;
    const kernel = args[1] as tf.Tensor2D;
    const bias = args[2] as tf.Tensor1D;
    const save = args[3] as tf.GradSaveFunc;
    const y = forward(x, kernel, bias, activation);
    // The kernel is a layer variable that outlives the step (the optimizer updates it only after
    // the backward pass), so the gradient reads it directly instead of saving a copy.
    save([x, y]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sx, sy] = saved as [tf.Tensor2D, tf.Tensor2D];
        const dz = activationGradient(dy, sy, activation) as tf.Tensor2D;
        const dx = inputGradient ? tf.matMul(dz, tf.transpose(kernel)) : tf.zeros([1]);
        return [dx, tf.matMul(tf.transpose(sx), dz), tf.sum(dz, 0)];
      },
    };
  }) as unknown as DenseOp;
  cache.set(key, op);
  return op;
}

/** Runs one dense layer; with `differentiable` false it skips the custom-gradient wrapper. @internal */
export function dense(
  x: tf.Tensor2D,
  layer: DenseParams,
  options: { activation?: Activation; inputGradient?: boolean; differentiable?: boolean } = {},
): tf.Tensor2D {
  const activation = options.activation ?? layer.activation;
  const kernel = layer.kernel as unknown as tf.Tensor2D;
  const bias = layer.bias as unknown as tf.Tensor1D;
  if (options.differentiable === false) return forward(x, kernel, bias, activation);
  return denseOp(activation, options.inputGradient ?? true)(x, kernel, bias);
}

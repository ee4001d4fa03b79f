import * as tf from '@tensorflow/tfjs-core';
import { type Activation, activationGradient, applyActivation, isFusable } from './activations.js';

/** The weights of one Dense layer as the functional forward pass uses them. @internal */
export interface DenseParams {
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable;
  readonly activation: Activation;
}

type DenseOp = (x: tf.Tensor2D, kernel: tf.Tensor2D, bias: tf.Tensor1D) => tf.Tensor2D;

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

// The backward pass transposes explicitly and then calls a plain matMul: on wasm a matMul with
// transpose flags is about ten times slower than transpose + matMul.
//
// On wasm every product also packs its right operand afresh (XNNPACK packs the weights of each
// new operand, and in training each is new): a wide layer's dz·Wᵀ packs all of Wᵀ. (W·dzᵀ)ᵀ
// packs dzᵀ, rows × units, instead, at the price of two transposes of rows × units and rows ×
// inputs rather than one of W; it is taken where that moves fewer numbers (the notebook's
// 256→784 output layer: 233k against 401k; measured 2.5 against 2.9 ms on wasm, and fewer
// numbers transposed on cpu too).
function inputGradientOf(dz: tf.Tensor2D, kernel: tf.Tensor2D): tf.Tensor2D {
  const [rows, units] = dz.shape;
  const inputs = kernel.shape[0];
  if (2 * rows * units + rows * inputs < 2 * inputs * units)
    return tf.transpose(tf.matMul(kernel, tf.transpose(dz))) as tf.Tensor2D;
  return tf.matMul(dz, tf.transpose(kernel));
}

function weightGradientsOf(x: tf.Tensor2D, dz: tf.Tensor2D): [tf.Tensor2D, tf.Tensor1D] {
  return [tf.matMul(tf.transpose(x), dz), tf.sum(dz, 0)];
}

const cache = new Map<Activation, DenseOp>();

/** A layer whose input is a function of earlier weights, so its input gradient is always needed. */
function hiddenOp(activation: Activation): DenseOp {
  const cached = cache.get(activation);
  if (cached) return cached;
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [x, kernel, bias] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
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
        return [inputGradientOf(dz, kernel), ...weightGradientsOf(sx, dz)];
      },
    };
  }) as unknown as DenseOp;
  cache.set(activation, op);
  return op;
}

/**
 * A layer whose input is data (no weight reaches it). tfjs computes every gradient a customGrad
 * returns, needed or not, but skips a tape node that no differentiated tensor reaches. So the
 * input gradient lives on a node of its own whose only input is x: it yields a zero stand-in of
 * the pre-activation's shape, which the layer node takes as an input and passes dz back to.
 * Training differentiates the weights only, so that node is pruned and dz·Wᵀ is never computed;
 * whoever differentiates x (an input-gradient penalty) gets it, correctly shaped.
 */
function dataInputDense(
  x: tf.Tensor2D,
  kernel: tf.Tensor2D,
  bias: tf.Tensor1D,
  activation: Activation,
): tf.Tensor2D {
  const inputPath = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => ({
    value: tf.zeros([(args[0] as tf.Tensor2D).shape[0], kernel.shape[1]]),
    gradFunc: (dz: tf.Tensor) => inputGradientOf(dz as tf.Tensor2D, kernel),
  })) as (input: tf.Tensor2D) => tf.Tensor2D;
  const layer = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [, w, b] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
    const save = args[3] as tf.GradSaveFunc;
    const y = forward(x, w, b, activation);
    save([x, y]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sx, sy] = saved as [tf.Tensor2D, tf.Tensor2D];
        const dz = activationGradient(dy, sy, activation) as tf.Tensor2D;
        return [dz, ...weightGradientsOf(sx, dz)];
      },
    };
  }) as unknown as (standIn: tf.Tensor, w: tf.Tensor2D, b: tf.Tensor1D) => tf.Tensor2D;
  return layer(inputPath(x), kernel, bias);
}

/**
 * Runs one dense layer `act(x·W + b)` with a hand-written gradient (dx = dz·Wᵀ, dW = xᵀ·dz,
 * db = Σ dz, dz the gradient of the pre-activation). `inputGradient: false` says x is data: its
 * gradient is then computed only when something differentiates x. With `differentiable` false
 * the layer skips the custom-gradient wrapper (inference).
 *
 * @internal
 */
export function dense(
  x: tf.Tensor2D,
  layer: DenseParams,
  options: { activation?: Activation; inputGradient?: boolean; differentiable?: boolean } = {},
): tf.Tensor2D {
  const activation = options.activation ?? layer.activation;
  const kernel = layer.kernel as unknown as tf.Tensor2D;
  const bias = layer.bias as unknown as tf.Tensor1D;
  if (options.differentiable === false) return forward(x, kernel, bias, activation);
  if (options.inputGradient === false) return dataInputDense(x, kernel, bias, activation);
  return hiddenOp(activation)(x, kernel, bias);
}

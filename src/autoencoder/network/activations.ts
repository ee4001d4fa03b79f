import * as tf from '@tensorflow/tfjs-core';

/**
 * The names of the activations a layer may use (the same strings as tfjs-layers' `activation`).
 *
 * @example
 * ```ts
 * import { ACTIVATIONS } from 'autoencoders';
 * console.log(ACTIVATIONS.includes('elu')); // true
 * ```
 */
export const ACTIVATIONS = ['linear', 'sigmoid', 'tanh', 'relu', 'elu', 'softplus'] as const;

/**
 * An activation name: `'linear' | 'sigmoid' | 'tanh' | 'relu' | 'elu' | 'softplus'`.
 *
 * @example
 * ```ts
 * import type { Activation } from 'autoencoders';
 * const hidden: Activation = 'elu';
 * ```
 */
export type Activation = (typeof ACTIVATIONS)[number];

/** True when `value` names a supported activation. @internal */
export function isActivation(value: unknown): value is Activation {
  return typeof value === 'string' && (ACTIVATIONS as readonly string[]).includes(value);
}

const FUSABLE: ReadonlySet<Activation> = new Set<Activation>(['linear', 'sigmoid', 'relu', 'elu']);

/** True when tfjs-core's fused matMul applies this activation itself. @internal */
export function isFusable(
  activation: Activation,
): activation is 'linear' | 'sigmoid' | 'relu' | 'elu' {
  return FUSABLE.has(activation);
}

/** Applies an activation to pre-activations `z`. @internal */
export function applyActivation<T extends tf.Tensor>(z: T, activation: Activation): T {
  switch (activation) {
    case 'linear':
      return z;
    case 'sigmoid':
      return tf.sigmoid(z);
    case 'tanh':
      return tf.tanh(z);
    case 'relu':
      return tf.relu(z);
    case 'elu':
      return tf.elu(z);
    case 'softplus':
      return tf.softplus(z);
  }
}

/**
 * The gradient with respect to the pre-activation, written in terms of the activation's output
 * `y` (so the forward pass need not keep the pre-activation). @internal
 */
export function activationGradient(dy: tf.Tensor, y: tf.Tensor, activation: Activation): tf.Tensor {
  switch (activation) {
    case 'linear':
      return dy;
    case 'sigmoid':
      return tf.mul(dy, tf.mul(y, tf.sub(1, y)));
    case 'tanh':
      return tf.mul(dy, tf.sub(1, tf.square(y)));
    case 'relu':
      return tf.mul(dy, tf.step(y));
    case 'elu':
      // y > 0: 1; otherwise d/dz (e^z - 1) = e^z = y + 1.
      return tf.mul(dy, tf.where(tf.greater(y, 0), tf.onesLike(y), tf.add(y, 1)));
    case 'softplus':
      // d/dz log(1 + e^z) = sigmoid(z) = 1 - e^{-y}.
      return tf.mul(dy, tf.sub(1, tf.exp(tf.neg(y))));
  }
}

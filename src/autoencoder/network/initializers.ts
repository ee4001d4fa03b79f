import * as tfl from '@tensorflow/tfjs-layers';

/**
 * The kernel initializers the builder offers for the layers that use the hidden activation (the
 * output layer and variational heads always start Glorot uniform). Biases always start at zero.
 *
 * - `'glorotUniform'` (the default, as Keras and the notebook's TF1 `tf.layers.dense`): variance
 *   2 / (fan_in + fan_out), which keeps sigmoid and tanh layers, near-linear around 0, from
 *   shrinking or growing the signal in either pass.
 * - `'heNormal'`, `'heUniform'` (He et al. 2015): variance 2 / fan_in, for ReLU and ELU, which
 *   zero (or squash) half of their inputs, so the variance must double to keep the signal's scale.
 * - `'lecunNormal'`: variance 1 / fan_in, for SELU-like self-normalizing layers and linear ones.
 *
 * The normal ones draw from a normal truncated at two standard deviations, widened as Keras does
 * so that the variance is the one named (tfjs-layers' own `heNormal` leaves it at 0.774 of it).
 *
 * @example
 * ```ts
 * import { KERNEL_INITIALIZERS } from 'autoencoders';
 * console.log(KERNEL_INITIALIZERS); // ['glorotUniform', 'heNormal', 'heUniform', 'lecunNormal']
 * ```
 */
export const KERNEL_INITIALIZERS = [
  'glorotUniform',
  'heNormal',
  'heUniform',
  'lecunNormal',
] as const;

/**
 * A kernel initializer's name (see {@link KERNEL_INITIALIZERS}).
 *
 * @example
 * ```ts
 * import type { KernelInitializer } from 'autoencoders';
 * const init: KernelInitializer = 'heNormal';
 * ```
 */
export type KernelInitializer = (typeof KERNEL_INITIALIZERS)[number];

/** True when `value` names a kernel initializer. @internal */
export function isKernelInitializer(value: unknown): value is KernelInitializer {
  return typeof value === 'string' && (KERNEL_INITIALIZERS as readonly string[]).includes(value);
}

/**
 * The variance of a standard normal truncated to [−2, 2]: tfjs's `truncatedNormal` keeps this
 * share of σ², so a target variance is divided by it (Keras' 0.87962566103423978²).
 */
const TRUNCATED_VARIANCE = 0.87962566103423978 ** 2;

/** A seeded tfjs-layers initializer for `name`. @internal */
export function kernelInitializer(name: KernelInitializer, seed: number) {
  switch (name) {
    case 'glorotUniform':
      return tfl.initializers.glorotUniform({ seed });
    case 'heUniform':
      return tfl.initializers.heUniform({ seed });
    case 'heNormal':
      return tfl.initializers.varianceScaling({
        scale: 2 / TRUNCATED_VARIANCE,
        mode: 'fanIn',
        distribution: 'normal',
        seed,
      });
    case 'lecunNormal':
      return tfl.initializers.varianceScaling({
        scale: 1 / TRUNCATED_VARIANCE,
        mode: 'fanIn',
        distribution: 'normal',
        seed,
      });
  }
}

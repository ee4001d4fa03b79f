import * as tf from '@tensorflow/tfjs-core';

/**
 * The optimizers the builder offers, by name: tfjs-core's `tf.train.adam`, `.sgd` and
 * `.rmsprop`, each made from a learning rate. {@link OptimizerName} is derived from this map, so
 * a new optimizer is one line here.
 *
 * @example
 * ```ts
 * import { OPTIMIZERS } from 'autoencoders';
 * console.log(Object.keys(OPTIMIZERS)); // ['adam', 'sgd', 'rmsprop']
 * ```
 */
export const OPTIMIZERS = {
  /** Adam (Kingma and Ba 2015) at tfjs-core's default moments: the builder's default. */
  adam: (learningRate: number): tf.Optimizer => tf.train.adam(learningRate),
  /** Plain stochastic gradient descent. */
  sgd: (learningRate: number): tf.Optimizer => tf.train.sgd(learningRate),
  /** RMSProp at tfjs-core's defaults. */
  rmsprop: (learningRate: number): tf.Optimizer => tf.train.rmsprop(learningRate),
} as const;

/**
 * The name of an optimizer the builder offers: `'adam' | 'sgd' | 'rmsprop'` (the keys of
 * {@link OPTIMIZERS}).
 *
 * @example
 * ```ts
 * import type { OptimizerName } from 'autoencoders';
 * const name: OptimizerName = 'rmsprop';
 * ```
 */
export type OptimizerName = keyof typeof OPTIMIZERS;

/**
 * Optimizer settings for {@link AutoencoderBuilder.optimizer}.
 *
 * @example
 * ```ts
 * import type { OptimizerOptions } from 'autoencoders';
 * const options: OptimizerOptions = { learningRate: 0.1 };
 * ```
 */
export interface OptimizerOptions {
  /**
   * The learning rate, > 0.
   * @defaultValue 0.001
   */
  learningRate?: number;
}

/** The keys {@link OptimizerOptions} understands (for `readOptions`). @internal */
export const OPTIMIZER_OPTION_KEYS: readonly (keyof OptimizerOptions)[] = ['learningRate'];

/** True when `value` names an optimizer of {@link OPTIMIZERS}. @internal */
export function isOptimizerName(value: unknown): value is OptimizerName {
  return typeof value === 'string' && Object.hasOwn(OPTIMIZERS, value);
}

/**
 * One model's optimizer: created on first use and kept while the learning rate stays the same
 * (so Adam's moment estimates carry over between `fit` calls); a new rate starts a fresh one.
 * @internal
 */
export class OptimizerSlot {
  private current: { optimizer: tf.Optimizer; learningRate: number } | undefined;

  constructor(private readonly name: OptimizerName) {}

  /** The optimizer for `learningRate`, creating (and replacing) it when the rate changed. */
  get(learningRate: number): tf.Optimizer {
    if (this.current?.learningRate !== learningRate) {
      this.reset();
      this.current = { optimizer: OPTIMIZERS[this.name](learningRate), learningRate };
    }
    return this.current.optimizer;
  }

  /** Frees the optimizer's state; the next {@link get} starts afresh. */
  reset(): void {
    this.current?.optimizer.dispose();
    this.current = undefined;
  }
}

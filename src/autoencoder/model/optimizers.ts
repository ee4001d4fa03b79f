import * as tf from '@tensorflow/tfjs-core';
import { LeanAdam } from '../training/lean-adam.js';
import type { LearningRateSchedule } from '../training/schedules.js';

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
  /**
   * Adam (Kingma and Ba 2015) at tfjs-core's default moments: the builder's default. Its update
   * is `tf.train.adam`'s in fewer kernels (to float32 rounding; the same saved state).
   */
  adam: (learningRate: number): tf.Optimizer => new LeanAdam(learningRate),
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
   * The learning rate: a number > 0 or a {@link LearningRateSchedule}, saved with the model
   * (a function cannot be saved: pass it to `fit`). Adam at 0.001 is Kingma and Ba's default
   * and Keras'.
   * @defaultValue 0.001
   */
  learningRate?: number | LearningRateSchedule;
}

/** The keys {@link OptimizerOptions} understands (for `readOptions`). @internal */
export const OPTIMIZER_OPTION_KEYS: readonly (keyof OptimizerOptions)[] = ['learningRate'];

/** True when `value` names an optimizer of {@link OPTIMIZERS}. @internal */
export function isOptimizerName(value: unknown): value is OptimizerName {
  return typeof value === 'string' && Object.hasOwn(OPTIMIZERS, value);
}

/** What tfjs-core's Adam and RMSProp read their rate from at each update (a protected field). */
interface RateField {
  learningRate: number;
}

/**
 * Sets an optimizer's rate in place, keeping its moment estimates: SGD through its public
 * `setLearningRate`; Adam and RMSProp read the protected `learningRate` field at every update
 * (tfjs-core 4.x), so writing it is their rate change.
 */
function setRate(optimizer: tf.Optimizer, learningRate: number): void {
  // Not `instanceof`: tfjs-core's Optimizer answers it by duck typing, so Adam "is" an SGD.
  const sgd = optimizer as Partial<Pick<tf.SGDOptimizer, 'setLearningRate'>>;
  if (typeof sgd.setLearningRate === 'function') sgd.setLearningRate(learningRate);
  else (optimizer as unknown as RateField).learningRate = learningRate;
}

/**
 * An optimizer's state as plain arrays: its update count and its slot variables (Adam's m then
 * v, RMSProp's accumulators) in tfjs-core's `getWeights` order, one per model variable. @internal
 */
export interface OptimizerState {
  readonly name: OptimizerName;
  readonly iterations: number;
  readonly slots: readonly { readonly shape: readonly number[]; readonly values: Float32Array }[];
}

/**
 * One model's optimizer: created on first use and kept for the model's life, so its moment
 * estimates carry over between steps and `fit` calls; a new learning rate is set in place
 * (a schedule changes it at every step). @internal
 */
export class OptimizerSlot {
  private current: tf.Optimizer | undefined;
  private pending: OptimizerState | undefined;

  constructor(private readonly name: OptimizerName) {}

  /** The optimizer, at `learningRate` from this update on. */
  get(learningRate: number): tf.Optimizer {
    this.current ??= OPTIMIZERS[this.name](learningRate);
    setRate(this.current, learningRate);
    return this.current;
  }

  /** The state to save, or undefined before the first update (nothing to resume then). */
  async state(): Promise<OptimizerState | undefined> {
    if (this.current === undefined) return this.pending;
    const [iterations, ...slots] = await this.current.getWeights();
    return {
      name: this.name,
      iterations: (await iterations.tensor.data())[0],
      slots: await Promise.all(
        slots.map(async (w) => ({
          shape: [...w.tensor.shape],
          values: Float32Array.from(await w.tensor.data()),
        })),
      ),
    };
  }

  /** Keeps a saved state for {@link ready} to apply, replacing the current optimizer. */
  resume(state: OptimizerState): void {
    this.reset();
    this.pending = state;
  }

  /** Applies a state given to {@link resume}; `fit` awaits it before the first step. */
  async ready(): Promise<void> {
    const pending = this.pending;
    this.pending = undefined;
    if (pending) await this.load(pending);
  }

  /**
   * Replaces the optimizer with one in a saved state. tfjs-core names the slots after the
   * variables of the run that made them; they are matched by position, so only their shapes
   * need to agree with this model's variables (the caller checks them).
   */
  private async load(state: OptimizerState): Promise<void> {
    // The rate is set again at every update; this one only satisfies the constructor.
    const optimizer = OPTIMIZERS[this.name](1e-3);
    const named = [
      { name: 'iter', tensor: tf.scalar(state.iterations, 'int32') },
      ...state.slots.map((s, i) => ({
        name: `slot_${i}`,
        tensor: tf.tensor(s.values, [...s.shape]),
      })),
    ];
    try {
      await optimizer.setWeights(named);
    } catch (error) {
      optimizer.dispose();
      throw error;
    } finally {
      tf.dispose(named.map((n) => n.tensor));
    }
    this.current = optimizer;
  }

  /** Frees the optimizer's state; the next {@link get} starts afresh. */
  reset(): void {
    this.current?.dispose();
    this.current = undefined;
    this.pending = undefined;
  }
}

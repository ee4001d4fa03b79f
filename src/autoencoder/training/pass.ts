import type * as tf from '@tensorflow/tfjs-core';
import type { InputTensor } from '../model/input.js';
import type { SeededRandom } from '../network/random.js';

/** Rows in the probe that checks the state an epoch's last update leaves. @internal */
export const PROBE_ROWS = 32;

/**
 * One pass over the training data, a batch at a time; the trainer is done with a batch (and
 * frees it when `owned`) before it asks for the next. @internal
 */
export interface Pass {
  /** The next batch, validated, or undefined at the end of the pass. */
  next(): InputTensor | undefined | Promise<InputTensor | undefined>;
  /**
   * Ends the pass, closing what it opened if it ends early; `quiet` when an error is already on
   * its way (a failure to close then does not replace it, as in a `for...of` loop).
   */
  close(quiet: boolean): void | Promise<void>;
}

/** The training data of one `fit` call: rows in memory or a stream of batches. @internal */
export interface TrainingData {
  /** Steps per pass when known before it starts (rows in memory); undefined for a stream. */
  readonly steps: number | undefined;
  /** Starts the pass of the given 0-based epoch, shuffling first with `random` when given. */
  pass(epoch: number, random: SeededRandom | undefined): Pass;
  /** A few training rows in data order, a new tensor the caller disposes (a stream has them after its first batch). */
  probe(): tf.Tensor2D;
  dispose(): void;
}

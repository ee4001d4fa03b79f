import * as tf from '@tensorflow/tfjs-core';
import type { HostRows } from '../model/input.js';
import type { SeededRandom } from '../network/random.js';
import { type Pass, PROBE_ROWS, type TrainingData } from './pass.js';

/**
 * The training rows cut into batches. The rows stay on the host: gathering a shuffled batch
 * there and uploading it is far cheaper than `tf.gather` on wasm. With one batch per epoch the
 * data are uploaded once. @internal
 */
export class Batches implements TrainingData {
  /** Steps per epoch. */
  readonly steps: number;
  private readonly batchSize: number;
  private readonly order: Int32Array;
  private readonly whole: tf.Tensor2D | undefined;

  constructor(
    private readonly data: HostRows,
    batchSize: number,
  ) {
    this.batchSize = Math.min(batchSize, data.rows);
    this.steps = Math.ceil(data.rows / this.batchSize);
    this.order = Int32Array.from({ length: data.rows }, (_, i) => i);
    this.whole = this.steps === 1 ? tf.tensor2d(data.data, [data.rows, data.columns]) : undefined;
  }

  /** Rows in all batches together. */
  get rows(): number {
    return this.data.rows;
  }

  /**
   * Draws a new row order (one full batch needs none). Each epoch shuffles the rows in data
   * order, as Keras does, so the order depends on the generator alone: a run split over several
   * `fit` calls, or resumed from a checkpoint, sees the same batches as one long call.
   */
  shuffle(random: SeededRandom): void {
    if (this.steps <= 1) return;
    for (let i = 0; i < this.order.length; i++) this.order[i] = i;
    random.shuffle(this.order);
  }

  /** One pass over the batches, in a fresh order when `random` is given. */
  pass(_epoch: number, random: SeededRandom | undefined): Pass {
    if (random) this.shuffle(random);
    let step = 0;
    return {
      next: () => {
        if (step >= this.steps) return undefined;
        const tensor = this.batch(step++);
        return { tensor, owned: !this.owns(tensor) };
      },
      close: () => {},
    };
  }

  /** The rows of one step; the caller disposes it unless {@link Batches.owns} says otherwise. */
  batch(step: number): tf.Tensor2D {
    if (this.whole) return this.whole;
    const { data, columns } = this.data;
    const start = step * this.batchSize;
    const size = Math.min(this.batchSize, data.length / columns - start);
    const values = new Float32Array(size * columns);
    for (let k = 0; k < size; k++) {
      const row = this.order[start + k];
      values.set(data.subarray(row * columns, (row + 1) * columns), k * columns);
    }
    return tf.tensor2d(values, [size, columns]);
  }

  /** True when `batch` belongs to this object (the uploaded full batch). */
  owns(batch: tf.Tensor2D): boolean {
    return batch === this.whole;
  }

  /** A few rows in data order, a new tensor the caller disposes. */
  probe(): tf.Tensor2D {
    const rows = Math.min(PROBE_ROWS, this.data.rows);
    const { data, columns } = this.data;
    return tf.tensor2d(data.subarray(0, rows * columns), [rows, columns]);
  }

  dispose(): void {
    this.whole?.dispose();
  }
}

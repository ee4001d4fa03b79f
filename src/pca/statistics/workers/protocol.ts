import type { Moments } from '../moments.js';

/**
 * What the main thread posts to a worker of `fitStream({ workers })`: a block of rows of chunk
 * `chunk` (its buffer transferred), or `finish`, which asks for the worker's merged moments.
 * @internal
 */
export type ToWorker =
  | {
      readonly type: 'block';
      readonly chunk: number;
      readonly data: Float64Array;
      readonly rows: number;
      readonly columns: number;
    }
  | { readonly type: 'finish' };

/**
 * What a worker answers: `ack` after each block (the main thread's backpressure), its moments
 * (null when it got no rows) after `finish`, or the error a block raised.
 * @internal
 */
export type FromWorker =
  | { readonly type: 'ack' }
  | { readonly type: 'moments'; readonly moments: Moments | null }
  | {
      readonly type: 'error';
      readonly chunk: number;
      readonly name: string;
      readonly message: string;
    };

/**
 * The worker pool as `fitStream` drives it (Node: worker-pool.ts; the browser stub throws).
 * @internal
 */
export interface ExactPool {
  /** Sends chunk `index` (validated, row-major float64; its buffer is transferred) in blocks. */
  add(index: number, x: { data: Float64Array; rows: number; columns: number }): Promise<void>;
  /** The workers' moments merged in worker order, or null when no rows came. */
  finish(): Promise<Moments | null>;
  /** Terminates every worker and waits until each has exited. */
  close(): Promise<void>;
}

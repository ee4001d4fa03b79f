import { Worker } from 'node:worker_threads';
import { InvalidInputError } from '../../errors/invalid-input-error.js';
import type { DenseMatrix } from '../matrix-input.js';
import { checkFeatureCount } from './feature-count.js';
import { type Moments, mergeMoments } from './moments.js';
import type { ExactPool, FromWorker } from './workers/protocol.js';
import { WORKER_SOURCE } from './workers/worker-source.generated.js';

/**
 * Rows per block: a chunk is cut into blocks of about 16 MB (2²¹ float64 entries, at least 64
 * rows) so that one big matrix spreads over the workers too. A fixed rule, like the round-robin
 * assignment of blocks to workers, so the same chunks and worker count give the same bits.
 */
function blockRows(columns: number): number {
  return Math.max(64, Math.floor(2 ** 21 / columns));
}

/** Blocks posted to one worker and not yet acknowledged, at most: the bound on memory. */
const IN_FLIGHT = 2;

/**
 * Worker threads that each keep the moments of the blocks they are sent (chunkMoments +
 * mergeMoments, as PcaStatistics.add does on the main thread).
 */
class WorkerPool implements ExactPool {
  readonly #workers: Worker[] = [];
  readonly #pending: number[];
  readonly #waiters: (() => void)[][];
  readonly #results: ((m: Moments | null) => void)[] = [];
  readonly #failed: Promise<never>;
  readonly #signal: AbortSignal | undefined;
  readonly #onAbort = (): void => this.#fail(this.#signal?.reason);
  #reject: (reason: unknown) => void = () => {};
  #failure: { reason: unknown } | null = null;
  #closing = false;
  #blocks = 0;
  #columns = -1;

  constructor(count: number, signal: AbortSignal | undefined) {
    this.#failed = new Promise<never>((_, reject) => {
      this.#reject = reject;
    });
    // Awaited only through races; this keeps a failure before any race from going unhandled.
    this.#failed.catch(() => {});
    this.#pending = new Array<number>(count).fill(0);
    this.#waiters = Array.from({ length: count }, () => []);
    this.#signal = signal;
    signal?.addEventListener('abort', this.#onAbort, { once: true });
    for (let i = 0; i < count; i++) this.#workers.push(this.#start(i));
  }

  #start(i: number): Worker {
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.on('message', (message: FromWorker) => this.#receive(i, message));
    worker.on('error', (error) => {
      this.#fail(new Error(`fitStream worker ${i} failed: ${error.message}`, { cause: error }));
    });
    worker.on('exit', (code) => {
      if (!this.#closing) {
        this.#fail(new Error(`fitStream worker ${i} exited (code ${code}) before it finished.`));
      }
    });
    return worker;
  }

  #receive(i: number, message: FromWorker): void {
    if (message.type === 'ack') {
      this.#pending[i]--;
      this.#waiters[i].shift()?.();
    } else if (message.type === 'moments') {
      this.#results[i]?.(message.moments);
    } else {
      const text = `Chunk ${message.chunk}: ${message.message}`;
      this.#fail(
        message.name === 'InvalidInputError'
          ? new InvalidInputError(text)
          : new Error(`fitStream worker ${i}: ${text}`),
      );
    }
  }

  #fail(reason: unknown): void {
    if (this.#failure !== null) return;
    this.#failure = { reason };
    this.#reject(reason);
  }

  #race<T>(promise: Promise<T>): Promise<T> {
    if (this.#failure !== null) return Promise.reject(this.#failure.reason);
    return Promise.race([promise, this.#failed]);
  }

  async add(index: number, x: DenseMatrix): Promise<void> {
    if (this.#failure !== null) throw this.#failure.reason;
    const held = this.#columns === -1 ? null : this.#columns;
    checkFeatureCount(x.columns, held, true, 'rows have', `Chunk ${index}: `);
    this.#columns = x.columns;
    const step = blockRows(x.columns);
    for (let start = 0; start < x.rows; start += step) {
      const rows = Math.min(step, x.rows - start);
      // A chunk that is one block goes as it is, its buffer transferred; others are sliced.
      const data =
        rows === x.rows ? x.data : x.data.slice(start * x.columns, (start + rows) * x.columns);
      const target = this.#blocks++ % this.#workers.length;
      while (this.#pending[target] >= IN_FLIGHT) {
        await this.#race(new Promise<void>((resolve) => this.#waiters[target].push(resolve)));
      }
      this.#pending[target]++;
      const message = { type: 'block', chunk: index, data, rows, columns: x.columns } as const;
      this.#workers[target].postMessage(message, [data.buffer as ArrayBuffer]);
    }
  }

  async finish(): Promise<Moments | null> {
    const answers = this.#workers.map(
      (worker, i) =>
        new Promise<Moments | null>((resolve) => {
          this.#results[i] = resolve;
          worker.postMessage({ type: 'finish' });
        }),
    );
    // In worker order, whatever order they answer in: the merge is part of the fixed rule.
    let total: Moments | null = null;
    for (const answer of answers) {
      const m = await this.#race(answer);
      if (m === null) continue;
      if (total === null) total = m;
      else mergeMoments(total, m);
    }
    return total;
  }

  async close(): Promise<void> {
    this.#closing = true;
    this.#signal?.removeEventListener('abort', this.#onAbort);
    await Promise.all(this.#workers.map((worker) => worker.terminate()));
  }
}

/**
 * Starts `workers` worker threads for `fitStream({ workers })`. The caller must `close` the
 * pool (in a `finally`); an abort of `signal` makes the pending `add` or `finish` reject with the
 * signal's reason.
 * @internal
 */
export function openWorkerPool(workers: number, signal?: AbortSignal): ExactPool {
  return new WorkerPool(workers, signal);
}

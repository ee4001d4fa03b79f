import { ConfigurationError } from '../../errors/configuration-error.js';
import { InvalidInputError } from '../../errors/invalid-input-error.js';
import { ShapeError } from '../../errors/shape-error.js';
import { type MatrixInput, readMatrix } from '../matrix-input.js';
import { readOptions } from '../options.js';
import { describeValue } from '../validate.js';
import {
  PcaStatistics,
  type PcaStatisticsOptions,
  statisticsFromMoments,
} from './pca-statistics.js';
import { openWorkerPool } from './worker-pool.js';
import type { ExactPool } from './workers/protocol.js';

/**
 * A source of row chunks for `fitStream`: any sync or async iterable of {@link MatrixInput}.
 *
 * @example
 * ```ts
 * import type { RowChunks } from 'autoencoders/pca';
 * const chunks: RowChunks = [[[1, 2], [3, 5]], [[4, 4], [0, 1]]];
 * ```
 */
export type RowChunks = Iterable<MatrixInput> | AsyncIterable<MatrixInput>;

/**
 * Options of `PCA.fitStream`.
 *
 * @example
 * ```ts
 * import { PCA, type FitStreamOptions } from 'autoencoders/pca';
 * const options: FitStreamOptions = {
 *   signal: AbortSignal.timeout(60_000),
 *   onProgress: (rowsSeen) => console.log(`${rowsSeen} rows`),
 * };
 * await new PCA().fitStream([[[1, 2], [3, 5], [4, 4]]], options);
 * ```
 */
export interface FitStreamOptions {
  /** Stops reading at the next chunk; the promise rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Called after each chunk with the number of rows read so far. */
  readonly onProgress?: (rowsSeen: number) => void;
  /**
   * Keep an incremental truncated SVD of this many components (wide data; approximate) instead
   * of the exact d×d co-moments: see {@link PcaStatisticsOptions.rank}.
   * @defaultValue undefined (exact)
   */
  readonly rank?: number;
  /**
   * Node only: form the exact statistics (XᵀX, the costly part) on this many worker threads.
   * The main thread still reads and validates every chunk; it cuts each into blocks of about
   * 16 MB, sends block k to worker k mod `workers` (its buffer transferred, at most 2 blocks
   * waiting per worker), and merges the workers' moments in worker order at the end, so the
   * same chunks and worker count give bit-identical results (and results equal to the serial
   * path's up to rounding). `workers: 1` runs one worker thread, overlapping reading with the
   * arithmetic. Not with `rank`. In a browser build it throws: compute PcaStatistics in Web
   * Workers and `merge` them instead (docs/pca-at-scale.md).
   * @defaultValue undefined (everything on the main thread)
   * @example
   * ```ts
   * import { availableParallelism } from 'node:os';
   * import { PCA } from 'autoencoders/pca';
   * const X = Array.from({ length: 20_000 }, (_, i) => [i % 7, Math.sin(i), i % 3, Math.cos(i)]);
   * await new PCA({ nComponents: 2 }).fitStream([X], { workers: availableParallelism() });
   * ```
   */
  readonly workers?: number;
}

const KEYS: (keyof FitStreamOptions)[] = ['signal', 'onProgress', 'rank', 'workers'];

/** The most worker threads `fitStream` starts. */
const MAX_WORKERS = 256;

/** Time between yields to the event loop, so a timer or an abort can run during a sync source. */
const YIELD_EVERY_MS = 50;

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof setImmediate === 'function') setImmediate(resolve);
    else setTimeout(resolve, 0);
  });
}

function checkStreamOptions(options: FitStreamOptions | undefined): FitStreamOptions {
  const o = readOptions(options, KEYS, 'fitStream options');
  if (o.signal !== undefined && !(o.signal instanceof AbortSignal)) {
    throw new ConfigurationError(`signal must be an AbortSignal; got ${describeValue(o.signal)}.`);
  }
  if (o.onProgress !== undefined && typeof o.onProgress !== 'function') {
    throw new ConfigurationError(
      `onProgress must be a function (rowsSeen) => void; got ${describeValue(o.onProgress)}.`,
    );
  }
  if (o.workers !== undefined) {
    const w = o.workers;
    if (typeof w !== 'number' || !Number.isInteger(w) || w < 1 || w > MAX_WORKERS) {
      throw new ConfigurationError(
        `workers must be an integer from 1 to ${MAX_WORKERS} (os.availableParallelism() is a good ` +
          `choice), or left out to work on the main thread; got ${describeValue(w)}.`,
      );
    }
    if (o.rank !== undefined) {
      throw new ConfigurationError(
        'workers apply to the exact statistics; the incremental sketch of rank runs on the main ' +
          'thread: pass workers or rank, not both.',
      );
    }
  }
  return o;
}

function isRowChunks(source: unknown): source is RowChunks {
  return (
    typeof source === 'object' &&
    source !== null &&
    (Symbol.iterator in source || Symbol.asyncIterator in source)
  );
}

/** Where the chunks go: PcaStatistics on the main thread, or the worker pool. */
interface ChunkSink {
  /** Adds chunk `index`; a chunk's own errors are prefixed with `Chunk index: `. */
  add(index: number, chunk: MatrixInput): void | Promise<void>;
  /** Rows added so far. */
  readonly rows: number;
}

function prefixed<T>(index: number, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof Error) error.message = `Chunk ${index}: ${error.message}`;
    throw error;
  }
}

function serialSink(stats: PcaStatistics): ChunkSink {
  return {
    add: (index, chunk) => void prefixed(index, () => stats.add(chunk)),
    get rows() {
      return stats.count;
    },
  };
}

function poolSink(pool: ExactPool): ChunkSink {
  let rows = 0;
  return {
    async add(index, chunk) {
      const x = prefixed(index, () => readMatrix(chunk, 'rows'));
      rows += x.rows;
      await pool.add(index, x);
    },
    get rows() {
      return rows;
    },
  };
}

/**
 * Reads every chunk of `source` once into exact statistics: each chunk is added and dropped,
 * so memory is the d×d statistics plus one chunk (plus, with `workers`, at most 2 blocks of
 * about 16 MB per worker in flight). Empty chunks are skipped.
 *
 * @throws {@link ConfigurationError} for bad options, or `workers` in a browser build.
 * @throws {@link InvalidInputError} when `source` is not iterable, or for a bad chunk (its index
 *   is named); {@link ShapeError} for a chunk that is one row (a matrix passed as the source).
 * @throws the signal's reason when it aborts; an Error naming the worker when a worker fails.
 * @internal
 */
export async function streamStatistics(
  source: RowChunks,
  options: FitStreamOptions | undefined,
): Promise<PcaStatistics> {
  const { signal, onProgress, rank, workers } = checkStreamOptions(options);
  if (!isRowChunks(source)) {
    throw new InvalidInputError(
      `fitStream reads a sync or async iterable of row chunks (an array of chunks, a generator, a Node stream in object mode); got ${describeValue(source)}.`,
    );
  }
  signal?.throwIfAborted();
  if (workers === undefined) {
    const stats = new PcaStatistics(rank === undefined ? undefined : { rank });
    await readChunks(source, serialSink(stats), signal, onProgress);
    return stats;
  }
  const pool = openWorkerPool(workers, signal);
  try {
    await readChunks(source, poolSink(pool), signal, onProgress);
    const moments = await pool.finish();
    return moments === null ? new PcaStatistics() : statisticsFromMoments(moments);
  } finally {
    await pool.close();
  }
}

async function readChunks(
  source: RowChunks,
  sink: ChunkSink,
  signal: AbortSignal | undefined,
  onProgress: ((rowsSeen: number) => void) | undefined,
): Promise<void> {
  let index = 0;
  let lastYield = Date.now();
  for await (const chunk of source) {
    signal?.throwIfAborted();
    if (Array.isArray(chunk) && typeof chunk[0] === 'number') {
      throw new ShapeError(
        `Chunk ${index} is a single row of numbers: fitStream reads chunks of rows; yield arrays ` +
          'of rows (or Matrix objects), or pass [X] to fit one matrix X.',
      );
    }
    if (!(Array.isArray(chunk) && chunk.length === 0)) {
      await sink.add(index, chunk);
      onProgress?.(sink.rows);
    }
    index++;
    if (Date.now() - lastYield > YIELD_EVERY_MS) {
      await yieldToEventLoop();
      lastYield = Date.now();
    }
    // Before the next chunk is pulled, so an abort from onProgress reads nothing more.
    signal?.throwIfAborted();
  }
}

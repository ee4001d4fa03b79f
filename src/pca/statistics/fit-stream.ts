import { ConfigurationError } from '../../errors/configuration-error.js';
import { InvalidInputError } from '../../errors/invalid-input-error.js';
import { ShapeError } from '../../errors/shape-error.js';
import type { MatrixInput } from '../matrix-input.js';
import { readOptions } from '../options.js';
import { describeValue } from '../validate.js';
import { PcaStatistics, type PcaStatisticsOptions } from './pca-statistics.js';

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
}

const KEYS: (keyof FitStreamOptions)[] = ['signal', 'onProgress', 'rank'];

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
  return o;
}

function isRowChunks(source: unknown): source is RowChunks {
  return (
    typeof source === 'object' &&
    source !== null &&
    (Symbol.iterator in source || Symbol.asyncIterator in source)
  );
}

/**
 * Reads every chunk of `source` once into exact statistics: each chunk is added and dropped,
 * so memory is the d×d statistics plus one chunk. Empty chunks are skipped.
 *
 * @throws {@link ConfigurationError} for bad options.
 * @throws {@link InvalidInputError} when `source` is not iterable, or for a bad chunk (its index
 *   is named); {@link ShapeError} for a chunk that is one row (a matrix passed as the source).
 * @throws the signal's reason when it aborts.
 * @internal
 */
export async function streamStatistics(
  source: RowChunks,
  options: FitStreamOptions | undefined,
): Promise<PcaStatistics> {
  const { signal, onProgress, rank } = checkStreamOptions(options);
  const stats = new PcaStatistics(rank === undefined ? undefined : { rank });
  if (!isRowChunks(source)) {
    throw new InvalidInputError(
      `fitStream reads a sync or async iterable of row chunks (an array of chunks, a generator, a Node stream in object mode); got ${describeValue(source)}.`,
    );
  }
  signal?.throwIfAborted();
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
      try {
        stats.add(chunk);
      } catch (error) {
        if (error instanceof Error) error.message = `Chunk ${index}: ${error.message}`;
        throw error;
      }
      onProgress?.(stats.count);
    }
    index++;
    if (Date.now() - lastYield > YIELD_EVERY_MS) {
      await yieldToEventLoop();
      lastYield = Date.now();
    }
    // Before the next chunk is pulled, so an abort from onProgress reads nothing more.
    signal?.throwIfAborted();
  }
  return stats;
}

// The browser build's stand-in for worker-pool.ts, which needs node:worker_threads.
import { ConfigurationError } from '../../errors/configuration-error.js';
import type { ExactPool } from './workers/protocol.js';

/**
 * Refuses `fitStream({ workers })` in a browser, saying what to do instead.
 *
 * @throws {@link ConfigurationError} always.
 * @internal
 */
export function openWorkerPool(_workers: number, _signal?: AbortSignal): ExactPool {
  throw new ConfigurationError(
    'fitStream({ workers }) uses Node worker threads and is Node-only. In a browser, drop workers, ' +
      'or add row shards to a PcaStatistics in each of several Web Workers, send their toJSON() ' +
      'back and merge them (PcaStatistics.fromJSON(...).merge(...), docs/pca-at-scale.md).',
  );
}

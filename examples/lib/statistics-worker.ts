/**
 * The worker of example 13: computes the PcaStatistics of its rows of a shared matrix, in
 * chunks, and posts their JSON form back (what a Spark or Dask partition would send).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PcaStatistics } from 'autoencoders/pca';

/** What example 13 sends each worker: the shared n×d data and this worker's row range. */
export interface ShardTask {
  readonly buffer: SharedArrayBuffer;
  readonly columns: number;
  readonly start: number;
  readonly end: number;
}

const { buffer, columns, start, end } = workerData as ShardTask;
const data = new Float64Array(buffer);
const stats = new PcaStatistics();
for (let i = start; i < end; i += 2_000) {
  const rows: Float64Array[] = [];
  for (let r = i; r < Math.min(end, i + 2_000); r++) {
    rows.push(data.subarray(r * columns, (r + 1) * columns));
  }
  stats.add(rows);
}
parentPort?.postMessage(JSON.stringify(stats));

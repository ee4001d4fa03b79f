/**
 * PCA of data sharded across Node worker threads: each worker computes the PcaStatistics of its
 * shard, sends their JSON form back (the documented schema a Spark or Dask partition could write
 * as well), and the main thread merges them into one model, the same as a single fit. It times
 * one worker against two to show the speed-up on 2 cores. It imports only `autoencoders/pca`.
 *
 * npx tsx examples/13-pca-workers.ts [--tiny | --full] [--out dir]
 */

import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { PCA, PcaStatistics, principalAngles } from 'autoencoders/pca';
import { duration, stopwatch, vector } from './lib/format.js';
import { bySize, type ExampleOptions, type ExampleResult, outDir } from './lib/options.js';
import { gaussian } from './lib/random.js';
import { runIfMain } from './lib/run-main.js';
import type { ShardTask } from './lib/statistics-worker.js';

const workerUrl = new URL('./lib/statistics-worker.ts', import.meta.url).href;
// A worker does not inherit tsx's loader: it starts tsx's API, which imports the TypeScript file
// (a compiled project would start `new Worker(new URL('./statistics-worker.js', ...))` instead).
const tsxRoot = dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
const tsxApi = pathToFileURL(join(tsxRoot, 'dist/esm/api/index.mjs')).href;
const bootstrap = `import(${JSON.stringify(tsxApi)}).then((api) => api.tsImport(${JSON.stringify(workerUrl)}, ${JSON.stringify(workerUrl)}))`;

/** n×d rows with 5 strong directions over weak noise, in a SharedArrayBuffer the workers read. */
function sharedData(n: number, d: number): SharedArrayBuffer {
  const draw = gaussian(10);
  const directions = Array.from({ length: 5 }, () => Array.from({ length: d }, draw));
  const buffer = new SharedArrayBuffer(n * d * 8);
  const data = new Float64Array(buffer);
  for (let i = 0; i < n; i++) {
    const f = directions.map((_, k) => (5 - k) * draw());
    for (let j = 0; j < d; j++) {
      let v = 100 + 0.3 * draw();
      for (let k = 0; k < 5; k++) v += f[k] * directions[k][j];
      data[i * d + j] = v;
    }
  }
  return buffer;
}

/** Statistics of the rows, computed by `workers` threads on equal shards and merged. */
async function shardedStatistics(
  buffer: SharedArrayBuffer,
  n: number,
  d: number,
  workers: number,
): Promise<PcaStatistics> {
  const shards = Array.from({ length: workers }, (_, w) => {
    const task: ShardTask = {
      buffer,
      columns: d,
      start: Math.floor((w * n) / workers),
      end: Math.floor(((w + 1) * n) / workers),
    };
    const worker = new Worker(bootstrap, { eval: true, workerData: task });
    return new Promise<string>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    }).finally(() => worker.terminate());
  });
  const parts = (await Promise.all(shards)).map((json) => PcaStatistics.fromJSON(json));
  return parts.reduce((a, b) => a.merge(b));
}

/**
 * Runs this example and returns its headline figures for the tour.
 *
 * @param options - The command-line flags as an object; see {@link ExampleOptions}.
 */
export async function run(options: ExampleOptions = {}): Promise<ExampleResult> {
  const [n, d] = bySize(options, {
    tiny: [4_000, 40],
    small: [20_000, 100],
    quick: [100_000, 200],
    full: [400_000, 400],
  });
  const buffer = sharedData(n, d);
  console.log(`${n.toLocaleString('en')} rows of ${d} features in a SharedArrayBuffer`);
  const seconds: number[] = [];
  let stats = new PcaStatistics();
  for (const workers of [1, 2]) {
    const elapsed = stopwatch();
    stats = await shardedStatistics(buffer, n, d, workers);
    seconds.push(elapsed());
    console.log(
      `  ${workers} worker${workers > 1 ? 's' : ' '}: statistics in ${duration(seconds.at(-1) ?? 0)}`,
    );
  }
  const speedUp = (seconds[0] ?? 0) / (seconds[1] ?? 1);
  console.log(`speed-up with 2 workers: ${speedUp.toFixed(2)}×`);
  const file = join(outDir(options), '13-statistics.json');
  mkdirSync(outDir(options), { recursive: true });
  writeFileSync(file, JSON.stringify(stats));
  console.log(`merged statistics (the documented JSON schema) written to ${file}`);
  const pca = PCA.fromStatistics(stats, { nComponents: 5 });
  const rows = Array.from({ length: n }, (_, i) => new Float64Array(buffer, i * d * 8, d));
  const single = new PCA({ nComponents: 5, solver: 'covariance' }).fit(rows);
  const angle = Math.max(...principalAngles(pca.components, single.components));
  console.log(`explained variance of the merged model: ${vector(pca.explainedVariance, 3)}`);
  console.log(`largest principal angle to a single fit: ${angle.toExponential(1)} rad`);
  return { figures: { 'workers: speed-up on 2 threads': speedUp, 'workers: angle to fit': angle } };
}

runIfMain(import.meta.url, run);

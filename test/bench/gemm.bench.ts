// Kernel benchmark: `npm run bench:gemm` (tsx test/bench/gemm.bench.ts).
// The float64 gemm/syrk behind every PCA solver on its two paths, the pure TypeScript kernel and
// the WebAssembly SIMD one, interleaved in one run (medians of BENCH_RUNS, default 7), with
// numpy's (OpenBLAS) figure for the same products where python3 and numpy are present.
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { kernelBackend, ready, setKernelBackend } from '../../src/pca/index.js';
import { gemm, syrkUpper } from '../../src/pca/kernels/gemm.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const n = 2000;
const d = 784;

function random(length: number, seed: number): Float64Array {
  let state = seed >>> 0 || 1;
  return Float64Array.from({ length }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32 - 0.5;
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((p, q) => p - q);
  return sorted[sorted.length >> 1];
}

const x = random(n * d, 1);
const y = random(n * d, 2);
const work = {
  [`syrkUpper XᵀX, X ${n}×${d}`]: {
    flops: n * d * (d + 1),
    run: (out: Float64Array) => syrkUpper(n, d, 1, x, 0, d, 0, out, 0, d),
  },
  [`gemm XᵀY, ${d}×${d}×${n}`]: {
    flops: 2 * d * d * n,
    run: (out: Float64Array) => gemm(true, false, d, d, n, 1, x, 0, d, y, 0, d, 0, out, 0, d),
  },
};

if (!(await ready())) throw new Error('WebAssembly SIMD is unavailable here: nothing to compare.');
console.log(
  `load average before: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
for (const [name, { flops, run }] of Object.entries(work)) {
  const times = { js: [] as number[], wasm: [] as number[] };
  const outputs = { js: new Float64Array(d * d), wasm: new Float64Array(d * d) };
  for (let rep = 0; rep <= RUNS; rep++) {
    for (const backend of ['js', 'wasm'] as const) {
      setKernelBackend(backend);
      if (kernelBackend() !== backend) throw new Error(`the ${backend} path is not in use`);
      const start = performance.now();
      run(outputs[backend]);
      // The first round warms both paths up (JIT tiers) and is not counted.
      if (rep > 0) times[backend].push(performance.now() - start);
    }
  }
  const same = outputs.js.every((v, i) => Object.is(v, outputs.wasm[i]));
  const js = median(times.js);
  const wasm = median(times.wasm);
  const rate = (ms: number) => (flops / ms / 1e6).toFixed(2);
  console.log(
    `${name}: pure ${js.toFixed(0)} ms (${rate(js)} GFLOP/s), SIMD ${wasm.toFixed(0)} ms ` +
      `(${rate(wasm)} GFLOP/s), ${(js / wasm).toFixed(2)}x, same bits: ${same}`,
  );
}
setKernelBackend('wasm');
console.log(
  `load average after: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);

const numpy = spawnSync(
  'python3',
  [
    '-c',
    `import time, numpy as np
x = np.random.rand(${n}, ${d}) - 0.5; y = np.random.rand(${n}, ${d}) - 0.5
def t(f):
    f(); ts = []
    for _ in range(${RUNS}):
        s = time.perf_counter(); f(); ts.append(time.perf_counter() - s)
    return sorted(ts)[len(ts) // 2] * 1e3
print(f"numpy x.T @ x {t(lambda: x.T @ x):.0f} ms, x.T @ y {t(lambda: x.T @ y):.0f} ms")`,
  ],
  { encoding: 'utf8', env: { ...process.env, OPENBLAS_NUM_THREADS: '1' } },
);
console.log(numpy.status === 0 ? numpy.stdout.trim() : 'numpy: not available');

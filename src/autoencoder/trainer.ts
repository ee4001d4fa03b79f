import * as tf from '@tensorflow/tfjs-core';
import { InvalidInputError } from '../errors/invalid-input-error.js';
import { TrainingDivergedError } from '../errors/training-diverged-error.js';
import type { ResolvedConfig } from './config.js';
import { emptyHistory, type History } from './history.js';
import { type AutoencoderInput, type InputTensor, toHostRows, toTensor2D } from './input.js';
import type { CheckpointOptions } from './io/checkpoint.js';
import type { Network } from './network.js';
import { evaluateTensor, objective } from './objective.js';
import type { SeededRandom } from './random.js';

/**
 * What `onBatchEnd` receives after each training step.
 *
 * @example
 * ```ts
 * import type { BatchLogs } from 'autoencoders';
 * const log = (batch: number, logs: BatchLogs) => console.log(batch, logs.loss);
 * ```
 */
export interface BatchLogs {
  /** 0-based epoch of this fit call. */
  readonly epoch: number;
  /** Rows in the batch. */
  readonly size: number;
  /** The batch's training loss. */
  readonly loss: number;
  /** The batch's mse (mean over rows of each row's summed squared error). */
  readonly mse: number;
  /** The batch's strategy loss terms. */
  readonly terms: Readonly<Record<string, number>>;
}

/**
 * What `onEpochEnd` receives after each epoch.
 *
 * @example
 * ```ts
 * import type { EpochLogs } from 'autoencoders';
 * const log = (epoch: number, logs: EpochLogs) => console.log(epoch, logs.loss, logs.valLoss);
 * ```
 */
export interface EpochLogs {
  /** Mean training loss over the epoch's samples. */
  readonly loss: number;
  /** Mean training mse over the epoch's samples. */
  readonly mse: number;
  /** Mean strategy loss terms over the epoch's samples. */
  readonly terms: Readonly<Record<string, number>>;
  /** Validation loss (deterministic pass), with `validationData`. */
  readonly valLoss?: number;
  /** Validation mse, with `validationData`. */
  readonly valMse?: number;
}

/**
 * Options of {@link Autoencoder.fit}.
 *
 * @example
 * ```ts
 * import type { FitOptions } from 'autoencoders';
 * const controller = new AbortController();
 * const options: FitOptions = {
 *   epochs: 20, batchSize: 128, shuffle: true, clipNorm: 5, signal: controller.signal,
 *   onEpochEnd: (epoch, logs) => console.log(epoch, logs.loss),
 * };
 * ```
 */
export interface FitOptions {
  /**
   * Passes over the data.
   * @defaultValue 1
   */
  epochs?: number;
  /**
   * Rows per step; a batch size ≥ the row count gives one full-batch step per epoch (so
   * `epochs: 1001` with `batchSize: n` is the notebook's 1,001 full-batch iterations).
   * @defaultValue 32
   */
  batchSize?: number;
  /**
   * Learning rate for this call; a value other than the optimizer's current one starts a fresh
   * optimizer (its moment estimates are reset).
   * @defaultValue the builder's learning rate
   */
  learningRate?: number;
  /**
   * Reshuffle the rows (with the model's seeded generator) before each epoch.
   * @defaultValue true
   */
  shuffle?: boolean;
  /** Data for the validation loss and mse after each epoch (deterministic passes). */
  validationData?: AutoencoderInput;
  /**
   * Early stopping: stop when the validation loss has not improved for this many epochs (0 and 1
   * both stop at the first epoch without improvement). However `fit` ends (stopped early, all
   * epochs done, or aborted), the weights of the epoch with the best validation loss are
   * restored. Needs `validationData`.
   * @defaultValue undefined (no early stopping)
   */
  patience?: number;
  /**
   * Gradient clipping: scale the gradients down when their global norm exceeds this value.
   * @defaultValue undefined (no clipping)
   */
  clipNorm?: number;
  /**
   * Read the loss back and check it for NaN/Infinity every this many steps (1 = every step, the
   * right choice on cpu and wasm; a larger value saves GPU→CPU reads on webgl/webgpu). On
   * divergence the weights of the last good check are restored. `onBatchEnd` reads every step.
   * @defaultValue 1
   */
  divergenceCheckInterval?: number;
  /** Called after each epoch, awaited when it returns a promise. */
  onEpochEnd?: (epoch: number, logs: EpochLogs) => void | Promise<void>;
  /** Called after each step, awaited when it returns a promise. */
  onBatchEnd?: (batch: number, logs: BatchLogs) => void | Promise<void>;
  /** Aborting stops training before the next step; `fit` then resolves with the epochs completed. */
  signal?: AbortSignal;
  /**
   * Save checkpoints while training: every `everyEpochs` epochs to `<destination>/epoch-NNNN`,
   * and with `keepBest` the best so far to `<destination>/best` (see {@link CheckpointOptions}).
   * @defaultValue undefined (no checkpoints)
   */
  checkpoint?: CheckpointOptions;
}

/** What the trainer needs from the model. @internal */
export interface TrainingHost {
  readonly network: Network;
  readonly config: ResolvedConfig;
  readonly random: SeededRandom;
  epochsSoFar(): number;
  optimizer(learningRate: number): tf.Optimizer;
  resetOptimizer(): void;
  record(history: History): void;
}

/** Yields to the event loop (setImmediate in Node, a message-channel macrotask in browsers). @internal */
export function yieldToEventLoop(): Promise<void> {
  if (typeof setImmediate === 'function') return new Promise((resolve) => setImmediate(resolve));
  if (typeof MessageChannel === 'function') {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}

interface CheckedOptions {
  epochs: number;
  batchSize: number;
  learningRate: number | undefined;
  shuffle: boolean;
  patience: number | undefined;
  clipNorm: number | undefined;
  checkInterval: number;
}

function checkOptions(options: FitOptions): CheckedOptions {
  const problems: string[] = [];
  const o = (options ?? {}) as Record<string, unknown>;
  const positiveInt = (key: string, fallback: number): number => {
    const v = o[key] ?? fallback;
    if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) {
      problems.push(`${key} is ${String(v)}; pass a positive integer.`);
      return fallback;
    }
    return v;
  };
  const epochs = positiveInt('epochs', 1);
  const batchSize = positiveInt('batchSize', 32);
  const checkInterval = positiveInt('divergenceCheckInterval', 1);
  const lr = o.learningRate;
  if (lr !== undefined && (typeof lr !== 'number' || !Number.isFinite(lr) || lr <= 0)) {
    problems.push(`learningRate is ${String(lr)}; pass a finite number > 0.`);
  }
  const shuffle = o.shuffle ?? true;
  if (typeof shuffle !== 'boolean')
    problems.push(`shuffle is ${String(shuffle)}; pass true or false.`);
  const patience = o.patience;
  if (patience !== undefined) {
    if (typeof patience !== 'number' || !Number.isInteger(patience) || patience < 0) {
      problems.push(`patience is ${String(patience)}; pass a whole number of epochs ≥ 0.`);
    }
    if (o.validationData === undefined)
      problems.push('patience needs validationData: early stopping watches the validation loss.');
  }
  const clipNorm = o.clipNorm;
  if (
    clipNorm !== undefined &&
    (typeof clipNorm !== 'number' || !Number.isFinite(clipNorm) || clipNorm <= 0)
  ) {
    problems.push(`clipNorm is ${String(clipNorm)}; pass a finite number > 0.`);
  }
  for (const key of ['onEpochEnd', 'onBatchEnd']) {
    if (o[key] !== undefined && typeof o[key] !== 'function')
      problems.push(`${key} must be a function.`);
  }
  const signal = o.signal as { aborted?: unknown } | undefined;
  if (
    signal !== undefined &&
    (typeof signal !== 'object' || signal === null || typeof signal.aborted !== 'boolean')
  ) {
    problems.push('signal must be an AbortSignal.');
  }
  if (problems.length > 0) {
    throw new InvalidInputError(
      problems.length === 1
        ? `fit: ${problems[0]}`
        : `fit has ${problems.length} invalid options:\n${problems.map((p) => `- ${p}`).join('\n')}`,
    );
  }
  return {
    epochs,
    batchSize,
    learningRate: lr as number | undefined,
    shuffle: shuffle as boolean,
    patience: patience as number | undefined,
    clipNorm: clipNorm as number | undefined,
    checkInterval,
  };
}

function clone(vars: readonly tf.Variable[]): tf.Tensor[] {
  return vars.map((v) => tf.clone(v));
}

function restore(vars: readonly tf.Variable[], saved: readonly tf.Tensor[]): void {
  vars.forEach((v, i) => {
    v.assign(saved[i]);
  });
}

function clipByGlobalNorm(grads: tf.NamedTensorMap, clipNorm: number): tf.NamedTensorMap {
  return tf.tidy(() => {
    const names = Object.keys(grads);
    const norm = tf.sqrt(tf.addN(names.map((k) => tf.sum(tf.square(grads[k])))));
    const scale = tf.div(clipNorm, tf.maximum(norm, clipNorm));
    return Object.fromEntries(names.map((k) => [k, tf.mul(grads[k], scale)]));
  });
}

interface Pending {
  readonly stats: tf.Tensor1D;
  readonly names: string[];
  readonly size: number;
  readonly step: number;
}

/** The training loop behind {@link Autoencoder.fit}. @internal */
export async function train(
  host: TrainingHost,
  x: AutoencoderInput,
  options: FitOptions = {},
): Promise<History> {
  const opts = checkOptions(options);
  const { network, config } = host;
  const inputs: InputTensor[] = [];
  const snapshots: { good?: tf.Tensor[]; best?: tf.Tensor[] } = {};
  const pending: Pending[] = [];
  const history = emptyHistory();
  const vars = network.variables;
  const varNames = new Set(vars.map((v) => v.name));
  try {
    const data = toHostRows(x, 'x', config.inputDim);
    let validation: tf.Tensor2D | undefined;
    if (options.validationData !== undefined) {
      const v = toTensor2D(options.validationData, 'validationData', config.inputDim);
      inputs.push(v);
      validation = v.tensor;
      history.valLoss = [];
      history.valMse = [];
    }
    const n = data.rows;
    const d = data.columns;
    const batchSize = Math.min(opts.batchSize, n);
    const steps = Math.ceil(n / batchSize);
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    const readEvery = options.onBatchEnd ? 1 : opts.checkInterval;
    let bestLoss = Number.POSITIVE_INFINITY;
    let sinceBest = 0;
    let stepsSinceCheck = 0;
    snapshots.good = clone(vars);
    // One step per epoch: upload the data once; otherwise gather each batch's rows on the host.
    const fullBatch = steps === 1 ? tf.tensor2d(data.data, [n, d]) : undefined;
    if (fullBatch) inputs.push({ tensor: fullBatch, owned: true });
    const batchOf = (start: number, size: number): tf.Tensor2D => {
      if (fullBatch) return fullBatch;
      const values = new Float32Array(size * d);
      for (let k = 0; k < size; k++) {
        const row = order[start + k];
        values.set(data.data.subarray(row * d, (row + 1) * d), k * d);
      }
      return tf.tensor2d(values, [size, d]);
    };

    const flush = (
      epoch: number,
      sums: { loss: number; mse: number; terms: Record<string, number> },
    ) => {
      for (const p of pending) {
        const values = p.stats.dataSync();
        const finite = values.every((v) => Number.isFinite(v));
        if (!finite) {
          restore(vars, snapshots.good!);
          host.resetOptimizer();
          const what = Number.isNaN(values[0]) ? 'NaN' : String(values[0]);
          throw new TrainingDivergedError(
            `Training diverged at epoch ${epoch + 1}, step ${p.step + 1} of this fit call: the loss is ${what}. ` +
              'The last good weights were restored; lower the learning rate, set clipNorm, or rescale the data.',
          );
        }
        sums.loss += values[0] * p.size;
        sums.mse += values[1] * p.size;
        p.names.forEach((k, i) => {
          sums.terms[k] = (sums.terms[k] ?? 0) + values[2 + i] * p.size;
        });
      }
      for (const p of pending) p.stats.dispose();
      pending.length = 0;
    };

    // A dry run of the loss on a few rows, outside the gradient tape: an error thrown by a
    // strategy there leaks nothing (under the tape, tensors saved for the backward pass would).
    if (!options.signal?.aborted && opts.epochs > 0) {
      const rows = Math.min(batchSize, n, 16);
      const probe = tf.tensor2d(data.data.subarray(0, rows * d), [rows, d]);
      try {
        tf.tidy(() => {
          objective(network, config, probe, {
            training: true,
            epoch: host.epochsSoFar(),
            step: 0,
            seed: 0,
          });
        });
      } finally {
        probe.dispose();
      }
    }

    const optimizer = host.optimizer(opts.learningRate ?? config.learningRate);

    for (let epoch = 0; epoch < opts.epochs; epoch++) {
      if (options.signal?.aborted) break;
      const globalEpoch = host.epochsSoFar();
      if (opts.shuffle && steps > 1) host.random.shuffle(order);
      const sums = { loss: 0, mse: 0, terms: {} as Record<string, number> };
      let aborted = false;
      for (let step = 0; step < steps; step++) {
        if (options.signal?.aborted) {
          aborted = true;
          break;
        }
        const start = step * batchSize;
        const size = Math.min(batchSize, n - start);
        const batch = batchOf(start, size);
        const context = {
          training: true,
          epoch: globalEpoch,
          step,
          seed: host.random.nextUint32(),
        };
        let stats: tf.Tensor1D | undefined;
        let names: string[] = [];
        let grads: tf.NamedTensorMap;
        let value: tf.Scalar;
        try {
          ({ value, grads } = tf.variableGrads(() => {
            const r = objective(network, config, batch, context);
            names = Object.keys(r.terms);
            stats = tf.keep(
              tf.stack([r.loss, r.mse, ...names.map((k) => r.terms[k])]) as tf.Tensor1D,
            );
            return r.loss;
          }, vars));
        } catch (error) {
          stats?.dispose();
          throw error;
        } finally {
          if (batch !== fullBatch) batch.dispose();
        }
        value.dispose();
        for (const k of Object.keys(grads)) {
          if (!varNames.has(k)) grads[k].dispose();
        }
        if (opts.clipNorm !== undefined) {
          const clipped = clipByGlobalNorm(grads, opts.clipNorm);
          tf.dispose(grads);
          grads = clipped;
        }
        pending.push({ stats: stats!, names, size, step });
        stepsSinceCheck++;
        const check = stepsSinceCheck >= readEvery || step === steps - 1;
        let batchLogs: BatchLogs | undefined;
        if (check) {
          const last = pending[pending.length - 1];
          const values = options.onBatchEnd ? Array.from(last.stats.dataSync()) : undefined;
          try {
            flush(epoch, sums);
          } catch (error) {
            tf.dispose(grads);
            throw error;
          }
          stepsSinceCheck = 0;
          tf.dispose(snapshots.good);
          snapshots.good = clone(vars);
          if (values) {
            batchLogs = {
              epoch,
              size,
              loss: values[0],
              mse: values[1],
              terms: Object.fromEntries(names.map((k, i) => [k, values[2 + i]])),
            };
          }
        }
        optimizer.applyGradients(grads);
        tf.dispose(grads);
        if (batchLogs && options.onBatchEnd) await options.onBatchEnd(step, batchLogs);
        await yieldToEventLoop();
      }
      if (aborted) break;
      flush(epoch, sums);
      const logs: {
        loss: number;
        mse: number;
        terms: Record<string, number>;
        valLoss?: number;
        valMse?: number;
      } = {
        loss: sums.loss / n,
        mse: sums.mse / n,
        terms: Object.fromEntries(Object.entries(sums.terms).map(([k, v]) => [k, v / n])),
      };
      history.loss.push(logs.loss);
      history.mse.push(logs.mse);
      for (const [k, v] of Object.entries(logs.terms)) {
        history.terms[k] ??= new Array<number>(history.loss.length - 1).fill(Number.NaN);
        history.terms[k].push(v);
      }
      let stop = false;
      if (validation) {
        const v = evaluateTensor(network, config, validation, globalEpoch + 1);
        logs.valLoss = v.loss;
        logs.valMse = v.mse;
        history.valLoss!.push(v.loss);
        history.valMse!.push(v.mse);
        if (opts.patience !== undefined) {
          if (v.loss < bestLoss) {
            bestLoss = v.loss;
            sinceBest = 0;
            tf.dispose(snapshots.best);
            snapshots.best = clone(vars);
          } else if (++sinceBest >= Math.max(1, opts.patience)) {
            stop = true;
          }
        }
      }
      host.record({
        loss: [logs.loss],
        mse: [logs.mse],
        terms: Object.fromEntries(Object.entries(logs.terms).map(([k, v]) => [k, [v]])),
        ...(validation ? { valLoss: [logs.valLoss!], valMse: [logs.valMse!] } : {}),
      });
      if (options.onEpochEnd) await options.onEpochEnd(epoch, logs);
      if (stop) break;
    }
    if (snapshots.best) restore(vars, snapshots.best);
    return history;
  } finally {
    for (const p of pending) p.stats.dispose();
    tf.dispose(snapshots.good);
    tf.dispose(snapshots.best);
    for (const input of inputs) if (input.owned) input.tensor.dispose();
  }
}

import * as tf from '@tensorflow/tfjs-core';
import { ConfigurationError } from '../../errors/configuration-error.js';
import { appendHistory, emptyHistory, epochHistory, type History } from '../model/history.js';
import { type HostRows, type InputTensor, toHostRows } from '../model/input.js';
import type { SortedSource } from './batch-source.js';
import { BatchStream } from './batch-stream.js';
import { Batches } from './batches.js';
import type { BatchLogs, Callback } from './callback.js';
import { CallbackList } from './callback-list.js';
import { checkpointCallback } from './checkpoints.js';
import { type CheckedStep, DivergenceGuard } from './divergence-guard.js';
import { EarlyStopping } from './early-stopping.js';
import { EpochMeans } from './epoch-means.js';
import { type CheckedFitOptions, type FitOptions, readFitOptions } from './fit-options.js';
import type { TrainingHost } from './host.js';
import type { Pass, TrainingData } from './pass.js';
import { type LearningRate, rateAt } from './schedules.js';
import { trainStep } from './step.js';
import { Validation } from './validation.js';
import { WeightSnapshots } from './weight-snapshots.js';
import { yieldToEventLoop } from './yield.js';

/** Everything one `fit` call trains with. */
interface Run {
  readonly host: TrainingHost;
  readonly options: CheckedFitOptions;
  readonly data: TrainingData;
  readonly callbacks: CallbackList;
  readonly learningRate: LearningRate;
  readonly own: Own;
  /** Made at the first batch: a stream's probe rows come from it. */
  guard: DivergenceGuard | undefined;
}

type Own = <T extends { dispose(): void }>(resource: T) => T;

/**
 * The training loop behind {@link Autoencoder.fit}: epochs of steps over rows in memory or a
 * stream of batches, each step checked by the divergence guard, with the callbacks (early
 * stopping and checkpoints among them) around them. Whatever happens, every tensor it made is
 * freed and a stream's unfinished pass is closed. @internal
 */
export async function train(
  host: TrainingHost,
  source: SortedSource,
  fitOptions?: FitOptions,
): Promise<History> {
  const stream = source.kind === 'stream' ? { reusable: source.reusable } : undefined;
  const options = readFitOptions(fitOptions, stream);
  const owned: { dispose(): void }[] = [];
  const own: Own = (resource) => {
    owned.push(resource);
    return resource;
  };
  try {
    const { data: made, heldOut } = trainingData(host, source, options);
    const data = own(made);
    const validationData = heldOut
      ? own(tf.tensor2d(heldOut.data, [heldOut.rows, heldOut.columns]))
      : options.validationData;
    const validation =
      validationData === undefined ? undefined : own(Validation.create(host, validationData));
    const callbacks = new CallbackList(
      [...builtInCallbacks(host, options), ...options.callbacks],
      options.signal,
      () => host.isDisposed(),
      own(new WeightSnapshots(host.network.variables)),
      validation !== undefined,
    );
    const learningRate = options.learningRate ?? host.config.learningRate;
    const run: Run = { host, options, data, callbacks, learningRate, own, guard: undefined };
    const history = emptyHistory(validation !== undefined);
    await host.optimizerReady();
    await callbacks.trainBegin();
    for (let e = 0; e < options.epochs && !callbacks.controller.stopped; e++) {
      const epoch = host.epochsSoFar();
      await callbacks.epochBegin(epoch);
      const means = await runEpoch(run, epoch);
      if (!means) break; // stopped or aborted mid-epoch: the unfinished epoch is dropped
      const evaluation = validation?.evaluate(epoch);
      // Check the update before anyone sees it (unseen, the next step's loss vouches for it).
      if (evaluation || callbacks.watchesEpochs || e === options.epochs - 1)
        run.guard?.checkState(evaluation?.loss);
      const logs = means.logs(evaluation);
      appendHistory(history, epochHistory(logs));
      host.record(epochHistory(logs));
      await callbacks.epochEnd(epoch, logs);
    }
    run.guard?.checkState(); // the state training ends with, also when stopped mid-epoch
    await callbacks.trainEnd(history);
    return history;
  } finally {
    for (const resource of owned) resource.dispose();
  }
}

function trainingData(
  host: TrainingHost,
  source: SortedSource,
  options: CheckedFitOptions,
): { data: TrainingData; heldOut?: HostRows | undefined } {
  const { inputDim, reconstructionLoss } = host.config;
  if (source.kind === 'rows') {
    const rows = splitRows(toHostRows(source.data, 'x', inputDim), options.validationSplit);
    return { data: new Batches(rows.train, options.batchSize), heldOut: rows.validation };
  }
  const stream = new BatchStream(
    source.open,
    source.reusable,
    inputDim,
    reconstructionLoss === 'bernoulli',
  );
  return { data: stream };
}

/** Steps per epoch for a schedule's fraction of an epoch; a stream's pass has no known length. */
function stepsOf(run: Run): number {
  return run.data.steps ?? Number.POSITIVE_INFINITY;
}

/** One epoch's pass; undefined when training stopped before its last step. */
async function runEpoch(run: Run, epoch: number): Promise<EpochMeans | undefined> {
  const { host, options, data } = run;
  const pass = data.pass(epoch, options.shuffle ? host.random : undefined);
  let failed = true;
  try {
    const means = await runSteps(run, epoch, pass);
    failed = false;
    return means;
  } finally {
    await pass.close(failed);
  }
}

async function runSteps(run: Run, epoch: number, pass: Pass): Promise<EpochMeans | undefined> {
  const { callbacks, data } = run;
  const means = new EpochMeans();
  for (let step = 0; ; step++) {
    if (callbacks.controller.stopped) return undefined;
    const batch = await pass.next();
    if (batch === undefined) break;
    const last = data.steps !== undefined && step === data.steps - 1;
    const checked = runStep(run, batch, epoch, step, last);
    means.add(checked);
    if (callbacks.watchesBatches) await callbacks.batchEnd(step, batchLogs(epoch, checked[0]));
    await yieldToEventLoop();
    callbacks.assertAlive();
  }
  // A stream says it ended only after its last step: read what that left unread.
  means.add(run.guard?.flush() ?? []);
  return means;
}

/** One step on one batch (freed here when the pass made it): gradients, check, update. */
function runStep(
  run: Run,
  batch: InputTensor,
  epoch: number,
  step: number,
  last: boolean,
): CheckedStep[] {
  const { host, options, callbacks } = run;
  const size = batch.tensor.shape[0];
  let result: ReturnType<typeof trainStep>;
  try {
    if (!run.guard) {
      const interval = callbacks.watchesBatches ? 1 : options.checkInterval;
      run.guard = run.own(new DivergenceGuard(host, interval, run.data.probe()));
    }
    const context = { training: true, epoch, step, seed: host.random.nextUint32() };
    result = trainStep(host, batch.tensor, context, options.clipNorm);
  } finally {
    if (batch.owned) batch.tensor.dispose();
  }
  try {
    const checked = run.guard.afterStep(
      { ...result, size, epoch, step },
      last || callbacks.watchesBatches,
    );
    // Asked for at each update, so a fit that fails before its first one makes no optimizer.
    const rate = rateAt(run.learningRate, epoch, step, stepsOf(run)) * callbacks.controller.scale;
    callbacks.controller.learningRate = rate;
    host.optimizer(rate).applyGradients(result.grads);
    return checked;
  } finally {
    tf.dispose(result.grads);
  }
}

/**
 * `validationSplit`: the last rows as the validation set (before shuffling, as Keras).
 * @throws {@link ConfigurationError} when the split leaves no row on either side.
 */
function splitRows(
  all: HostRows,
  split: number | undefined,
): { train: HostRows; validation?: HostRows } {
  if (split === undefined) return { train: all };
  const held = Math.floor(all.rows * split);
  if (held === 0 || held === all.rows) {
    throw new ConfigurationError(
      `fit: validationSplit ${split} of ${all.rows} rows leaves ${held === 0 ? 'no validation' : 'no training'} row; pass a fraction that keeps at least one row on each side.`,
    );
  }
  const kept = all.rows - held;
  const cut = kept * all.columns;
  return {
    train: { data: all.data.subarray(0, cut), rows: kept, columns: all.columns },
    validation: { data: all.data.subarray(cut), rows: held, columns: all.columns },
  };
}

function batchLogs(epoch: number, step: CheckedStep): BatchLogs {
  const { values, names, size } = step;
  const terms = Object.fromEntries(names.map((k, i) => [k, values[2 + i]]));
  return { epoch, size, loss: values[0], mse: values[1], terms };
}

/** `patience` and `checkpoint` as callbacks (early stopping first: it decides before a save). */
function builtInCallbacks(host: TrainingHost, options: CheckedFitOptions): Callback[] {
  const callbacks: Callback[] = [];
  if (options.patience !== undefined)
    callbacks.push(new EarlyStopping({ patience: options.patience }));
  if (options.checkpoint !== undefined)
    callbacks.push(checkpointCallback(host.model, options.checkpoint, host.trainingState));
  return callbacks;
}

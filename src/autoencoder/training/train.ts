import * as tf from '@tensorflow/tfjs-core';
import { ConfigurationError } from '../../errors/configuration-error.js';
import { appendHistory, emptyHistory, epochHistory, type History } from '../model/history.js';
import { type AutoencoderInput, type HostRows, toHostRows } from '../model/input.js';
import { Batches } from './batches.js';
import type { BatchLogs, Callback } from './callback.js';
import { CallbackList } from './callback-list.js';
import { checkpointCallback } from './checkpoints.js';
import { type CheckedStep, DivergenceGuard } from './divergence-guard.js';
import { EarlyStopping } from './early-stopping.js';
import { EpochMeans } from './epoch-means.js';
import { type CheckedFitOptions, type FitOptions, readFitOptions } from './fit-options.js';
import type { TrainingHost } from './host.js';
import { type LearningRate, rateAt } from './schedules.js';
import { trainStep } from './step.js';
import { Validation } from './validation.js';
import { yieldToEventLoop } from './yield.js';

/** Everything one `fit` call trains with. */
interface Run {
  readonly host: TrainingHost;
  readonly options: CheckedFitOptions;
  readonly batches: Batches;
  readonly guard: DivergenceGuard;
  readonly callbacks: CallbackList;
  readonly learningRate: LearningRate;
}

/**
 * The training loop behind {@link Autoencoder.fit}: epochs of steps, each checked by the
 * divergence guard, with the callbacks (early stopping and checkpoints among them) around them.
 * Whatever happens, every tensor it made is freed. @internal
 */
export async function train(
  host: TrainingHost,
  x: AutoencoderInput,
  fitOptions?: FitOptions,
): Promise<History> {
  const options = readFitOptions(fitOptions);
  const owned: { dispose(): void }[] = [];
  const own = <T extends { dispose(): void }>(resource: T): T => {
    owned.push(resource);
    return resource;
  };
  try {
    const rows = splitRows(toHostRows(x, 'x', host.config.inputDim), options.validationSplit);
    const batches = own(new Batches(rows.train, options.batchSize));
    const validationData = rows.validation ? own(rows.validation) : options.validationData;
    const validation =
      validationData === undefined ? undefined : own(Validation.create(host, validationData));
    const callbacks = new CallbackList(
      [...builtInCallbacks(host, options, own), ...options.callbacks],
      options.signal,
      () => host.isDisposed(),
    );
    const interval = callbacks.watchesBatches ? 1 : options.checkInterval;
    const guard = own(new DivergenceGuard(host, interval, batches.probe()));
    const learningRate = options.learningRate ?? host.config.learningRate;
    const run: Run = { host, options, batches, guard, callbacks, learningRate };
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
        guard.checkState(evaluation?.loss);
      const logs = means.logs(evaluation);
      appendHistory(history, epochHistory(logs));
      host.record(epochHistory(logs));
      await callbacks.epochEnd(epoch, logs);
    }
    guard.checkState(); // the state training ends with, also when stopped mid-epoch
    await callbacks.trainEnd(history);
    return history;
  } finally {
    for (const resource of owned) resource.dispose();
  }
}

/** The steps of one epoch; undefined when training stopped before its last step. */
async function runEpoch(run: Run, epoch: number): Promise<EpochMeans | undefined> {
  const { host, options, batches, guard, callbacks } = run;
  if (options.shuffle) batches.shuffle(host.random);
  const means = new EpochMeans();
  for (let step = 0; step < batches.steps; step++) {
    if (callbacks.controller.stopped) return undefined;
    const batch = batches.batch(step);
    const size = batch.shape[0];
    const context = { training: true, epoch, step, seed: host.random.nextUint32() };
    let result: ReturnType<typeof trainStep>;
    try {
      result = trainStep(host, batch, context, options.clipNorm);
    } finally {
      if (!batches.owns(batch)) batch.dispose();
    }
    let checked: CheckedStep[];
    try {
      const last = step === batches.steps - 1;
      checked = guard.afterStep({ ...result, size, epoch, step }, last || callbacks.watchesBatches);
      // Asked for at each update, so a fit that fails before its first one makes no optimizer.
      const rate =
        rateAt(run.learningRate, epoch, step, batches.steps) * callbacks.controller.scale;
      callbacks.controller.learningRate = rate;
      host.optimizer(rate).applyGradients(result.grads);
    } finally {
      tf.dispose(result.grads);
    }
    means.add(checked);
    if (callbacks.watchesBatches) await callbacks.batchEnd(step, batchLogs(epoch, checked[0]));
    await yieldToEventLoop();
    callbacks.assertAlive();
  }
  return means;
}

/**
 * `validationSplit`: the last rows as the validation set (before shuffling, as Keras).
 * @throws {@link ConfigurationError} when the split leaves no row on either side.
 */
function splitRows(
  all: HostRows,
  split: number | undefined,
): { train: HostRows; validation?: tf.Tensor2D } {
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
    validation: tf.tensor2d(all.data.subarray(cut), [held, all.columns]),
  };
}

function batchLogs(epoch: number, step: CheckedStep): BatchLogs {
  const { values, names, size } = step;
  const terms = Object.fromEntries(names.map((k, i) => [k, values[2 + i]]));
  return { epoch, size, loss: values[0], mse: values[1], terms };
}

/** `patience` and `checkpoint` as callbacks (early stopping first: it decides before a save). */
function builtInCallbacks(
  host: TrainingHost,
  options: CheckedFitOptions,
  own: <T extends { dispose(): void }>(resource: T) => T,
): Callback[] {
  const callbacks: Callback[] = [];
  if (options.patience !== undefined)
    callbacks.push(own(new EarlyStopping(host.network.variables, options.patience)));
  if (options.checkpoint !== undefined)
    callbacks.push(checkpointCallback(host.model, options.checkpoint, host.trainingState));
  return callbacks;
}

import { ConfigurationError } from '../../errors/index.js';
import { readOptions } from '../../pca/options.js';
import { type SavableAutoencoder, saveModel } from './model-io.js';
import { removeSave } from './node-files.js';
import { removeRecords } from './record-store.js';
import { schemeOf } from './scheme.js';
import type { TrainingState } from './training-state.js';

/**
 * The `checkpoint` option of `fit`: save the model while it trains.
 *
 * Every `everyEpochs` epochs the model is saved to `<destination>/epoch-NNNN` (the epoch counted
 * over the model's whole history, so a later `fit` call continues the numbering). With
 * `keepBest`, `<destination>/best` holds the checkpoint with the lowest validation loss (training
 * loss without `validationData`). With `keepLast`, older `epoch-NNNN` checkpoints written by this
 * `fit` call are removed; nothing else is ever removed.
 *
 * @example
 * ```ts
 * import { Autoencoder } from 'autoencoders';
 * const ae = Autoencoder.builder().inputDim(4).latentDim(2).seed(1).build();
 * const x = [[0, 1, 0, 1], [1, 0, 1, 0]];
 * await ae.fit(x, { epochs: 10, checkpoint: { destination: './checkpoints', everyEpochs: 5, keepLast: 1, keepBest: true } });
 * const best = await Autoencoder.load('./checkpoints/best');
 * ```
 */
export interface CheckpointOptions {
  /** A folder (Node) or a tfjs URL prefix such as `indexeddb://run-1`, under which checkpoints go. */
  destination: string;
  /**
   * Save every this many epochs.
   * @defaultValue 1
   */
  everyEpochs?: number;
  /**
   * Keep only this many of the newest `epoch-NNNN` checkpoints written by this `fit` call.
   * @defaultValue all of them
   */
  keepLast?: number;
  /**
   * Also keep `<destination>/best`, the checkpoint with the lowest monitored loss.
   * @defaultValue false
   */
  keepBest?: boolean;
}

/** Where a checkpoint named `name` goes under `destination`. */
function under(destination: string, name: string): string {
  return `${destination.replace(/[\\/]+$/, '')}/${name}`;
}

/** Removes an older checkpoint: a folder's own files, or a record scheme's three records. */
function remove(location: string): Promise<void> {
  return schemeOf(location) === undefined ? removeSave(location) : removeRecords(location);
}

/** Saves checkpoints after epochs, as {@link CheckpointOptions} describe. @internal */
export class Checkpointer {
  private readonly written: string[] = [];
  private best = Number.POSITIVE_INFINITY;

  private constructor(
    private readonly model: SavableAutoencoder,
    private readonly destination: string,
    private readonly every: number,
    private readonly keepLast: number,
    private readonly keepBest: boolean,
    private readonly trainingState: () => Promise<TrainingState>,
  ) {}

  /**
   * Checks the options.
   * @throws {@link ConfigurationError} naming every bad option (or an unknown key).
   */
  static create(
    model: SavableAutoencoder,
    options: CheckpointOptions,
    trainingState: () => Promise<TrainingState>,
  ): Checkpointer {
    const problems: string[] = [];
    const {
      destination,
      everyEpochs = 1,
      keepLast = Number.POSITIVE_INFINITY,
      keepBest = false,
    } = readOptions(
      options,
      ['destination', 'everyEpochs', 'keepLast', 'keepBest'],
      'fit: checkpoint',
    );
    if (typeof destination !== 'string' || destination.length === 0)
      problems.push('checkpoint.destination must be a folder path or a URL prefix.');
    if (!Number.isInteger(everyEpochs) || everyEpochs <= 0)
      problems.push(`checkpoint.everyEpochs is ${String(everyEpochs)}; pass a positive integer.`);
    if (keepLast !== Number.POSITIVE_INFINITY && (!Number.isInteger(keepLast) || keepLast <= 0)) {
      problems.push(`checkpoint.keepLast is ${String(keepLast)}; pass a positive integer.`);
    }
    if (typeof keepBest !== 'boolean')
      problems.push(`checkpoint.keepBest is ${String(keepBest)}; pass true or false.`);
    if (problems.length > 0) throw new ConfigurationError(`fit: ${problems.join(' ')}`);
    return new Checkpointer(
      model,
      destination as string,
      everyEpochs,
      keepLast,
      keepBest,
      trainingState,
    );
  }

  /** Called after each epoch, once the history holds it. */
  async afterEpoch(logs: { loss: number; valLoss?: number }): Promise<void> {
    const epoch = this.model.history.loss.length;
    if (epoch % this.every !== 0) return;
    const location = under(this.destination, `epoch-${String(epoch).padStart(4, '0')}`);
    // The optimizer's and generator's state go with every checkpoint: loading one and calling
    // fit continues the run as if it had not stopped.
    const training = await this.trainingState();
    await saveModel(this.model, location, training);
    this.written.push(location);
    while (this.written.length > this.keepLast) await remove(this.written.shift()!);
    const monitored =
      logs.valLoss !== undefined && Number.isFinite(logs.valLoss) ? logs.valLoss : logs.loss;
    if (this.keepBest && monitored < this.best) {
      this.best = monitored;
      await saveModel(this.model, under(this.destination, 'best'), training);
    }
  }
}

import { DisposedError } from '../../errors/disposed-error.js';
import { InvalidInputError } from '../../errors/invalid-input-error.js';
import { readOptions } from '../../pca/options.js';
import type { SavableAutoencoder } from '../io/model-io.js';
import { checkSlotShapes, type TrainingState } from '../io/training-state.js';
import { Network } from '../network/network.js';
import { deriveSeed, SeededRandom } from '../network/random.js';
import type { TrainingHost } from '../training/host.js';
import type { ResolvedConfig } from './config.js';
import type { ForwardNetwork } from './forward-network.js';
import { appendHistory, emptyHistory, type History } from './history.js';
import type { Model } from './inference.js';
import { type AutoencoderState, STATE_KEYS } from './model-options.js';
import { OptimizerSlot } from './optimizers.js';
import { setModelWeights } from './weights.js';

/**
 * Everything an Autoencoder owns (network, generators, history, optimizer) and its life cycle:
 * the public class only documents and delegates. @internal
 */
export class ModelState {
  readonly network: ForwardNetwork;
  readonly history: History = emptyHistory();
  private readonly trainRandom: SeededRandom;
  private readonly sampleRandom: SeededRandom;
  private readonly optimizer: OptimizerSlot;
  private isDisposed = false;
  private fitting = false;

  /** `network` is a wrapped pair of Layers models (`fromModels`); by default the config's own. */
  constructor(
    readonly config: ResolvedConfig,
    network?: ForwardNetwork,
  ) {
    this.network = network ?? Network.fromConfig(config);
    this.trainRandom = new SeededRandom(deriveSeed(config.seed, 2));
    this.sampleRandom = new SeededRandom(deriveSeed(config.seed, 3));
    this.optimizer = new OptimizerSlot(config.optimizerName);
  }

  /**
   * Sets saved weights and history; on a bad state, frees everything and rethrows.
   * @throws {@link ConfigurationError} for `null` or an unknown key.
   */
  restore(options: AutoencoderState | undefined): void {
    let state: Partial<AutoencoderState>;
    try {
      state = readOptions(options, STATE_KEYS, 'fromConfig state');
      const { encoder, decoder } = this.network;
      if (state.encoderWeights) setModelWeights(encoder, state.encoderWeights, 'encoder');
      if (state.decoderWeights) setModelWeights(decoder, state.decoderWeights, 'decoder');
    } catch (error) {
      this.dispose();
      throw error;
    }
    if (state.history) appendHistory(this.history, state.history);
  }

  get disposed(): boolean {
    return this.isDisposed;
  }

  /** The next seed of `sample()`'s own generator. */
  nextSampleSeed(): number {
    return this.sampleRandom.nextUint32();
  }

  /**
   * The parts a pass needs, after checking the model is usable.
   * @throws {@link DisposedError} after dispose, or when the user disposed the encoder or decoder.
   */
  usable(): Model {
    if (this.isDisposed) {
      throw new DisposedError(
        'This Autoencoder has been disposed: build (or load) a new one to use it again.',
      );
    }
    const part = this.network.disposedPart();
    if (part !== undefined) {
      throw new DisposedError(
        `This Autoencoder's ${part} has been disposed (ae.${part}.dispose() frees the model's own weights): build (or load) a new model; to keep a part, save the model or copy ${part}.getWeights() instead.`,
      );
    }
    return { network: this.network, config: this.config };
  }

  /** Runs one `fit` call, refusing a second one while the first runs. */
  async runFit<T>(model: SavableAutoencoder, run: (host: TrainingHost) => Promise<T>): Promise<T> {
    this.usable();
    if (this.fitting) {
      throw new InvalidInputError(
        'fit is already running on this model: await the first call before starting another.',
      );
    }
    this.fitting = true;
    try {
      return await run(this.host(model));
    } finally {
      this.fitting = false;
    }
  }

  /** The optimizer's and training generator's state, as checkpoints save it. */
  async trainingState(): Promise<TrainingState> {
    return { optimizer: await this.optimizer.state(), random: this.trainRandom.state };
  }

  /**
   * Resumes from a checkpoint's training state (applied when `fit` next starts).
   * @throws {@link ModelFileError} when the optimizer state does not fit this model.
   */
  resumeTraining(state: TrainingState, file: string): void {
    if (state.optimizer) {
      const shapes = this.network.variables.map((v) => v.shape);
      checkSlotShapes(state.optimizer, this.config.optimizerName, shapes, file);
      this.optimizer.resume(state.optimizer);
    }
    this.trainRandom.state = state.random;
  }

  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    this.optimizer.reset();
    this.network.dispose();
  }

  private host(model: SavableAutoencoder): TrainingHost {
    return {
      network: this.network,
      config: this.config,
      random: this.trainRandom,
      model,
      // A callback may dispose the model, or one of its parts, while it trains.
      isDisposed: () => this.isDisposed || this.network.disposedPart() !== undefined,
      epochsSoFar: () => this.history.loss.length,
      optimizer: (learningRate) => this.optimizer.get(learningRate),
      optimizerReady: () => this.optimizer.ready(),
      trainingState: () => this.trainingState(),
      resetOptimizer: () => this.optimizer.reset(),
      record: (h) => appendHistory(this.history, h),
    };
  }
}

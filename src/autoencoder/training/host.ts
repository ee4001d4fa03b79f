import type * as tf from '@tensorflow/tfjs-core';
import type { SavableAutoencoder } from '../io/model-io.js';
import type { TrainingState } from '../io/training-state.js';
import type { ResolvedConfig } from '../model/config.js';
import type { ForwardNetwork } from '../model/forward-network.js';
import type { History } from '../model/history.js';
import type { SeededRandom } from '../network/random.js';

/** What the training loop needs from the model. @internal */
export interface TrainingHost {
  readonly network: ForwardNetwork;
  readonly config: ResolvedConfig;
  readonly random: SeededRandom;
  /** The model itself, which checkpoints save. */
  readonly model: SavableAutoencoder;
  /** Epochs in the model's history: the 0-based number of the next epoch. */
  epochsSoFar(): number;
  optimizer(learningRate: number): tf.Optimizer;
  /** Applies optimizer state loaded from a checkpoint; awaited before the first step. */
  optimizerReady(): Promise<void>;
  /** What a checkpoint keeps to resume training. */
  trainingState(): Promise<TrainingState>;
  resetOptimizer(): void;
  record(history: History): void;
  /** True once `dispose()` was called (a callback may call it while training). */
  isDisposed(): boolean;
}

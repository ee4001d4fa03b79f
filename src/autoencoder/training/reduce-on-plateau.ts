import { ConfigurationError } from '../../errors/configuration-error.js';
import { readOptions } from '../../pca/options.js';
import { describeValue } from '../../pca/validate.js';
import type { Callback, EpochLogs, TrainingController } from './callback.js';

/**
 * Settings of {@link ReduceLROnPlateau}.
 *
 * @example
 * ```ts
 * import type { ReduceLROnPlateauOptions } from 'autoencoders';
 * const options: ReduceLROnPlateauOptions = { factor: 0.5, patience: 3, minLearningRate: 1e-5 };
 * ```
 */
export interface ReduceLROnPlateauOptions {
  /**
   * The multiplier applied to the rate at each plateau, in (0, 1).
   * @defaultValue 0.5
   */
  factor?: number;
  /**
   * Epochs without improvement before the rate is cut (a whole number ≥ 1).
   * @defaultValue 3
   */
  patience?: number;
  /**
   * The rate is never cut below this (≥ 0).
   * @defaultValue 0
   */
  minLearningRate?: number;
  /**
   * An epoch improves when its loss is below the best by more than this relative amount (≥ 0).
   * @defaultValue 1e-4 (Keras' min_delta in its 'rel' mode)
   */
  minDelta?: number;
}

const KEYS = ['factor', 'patience', 'minLearningRate', 'minDelta'] as const;

function check(o: Partial<ReduceLROnPlateauOptions>): string[] {
  const p: string[] = [];
  const { factor = 0.5, patience = 3, minLearningRate = 0, minDelta = 1e-4 } = o;
  if (typeof factor !== 'number' || !(factor > 0 && factor < 1))
    p.push(`factor is ${describeValue(factor)}; pass a number in (0, 1), e.g. 0.5.`);
  if (typeof patience !== 'number' || !Number.isInteger(patience) || patience < 1)
    p.push(`patience is ${describeValue(patience)}; pass a whole number of epochs ≥ 1.`);
  for (const [key, value] of [
    ['minLearningRate', minLearningRate],
    ['minDelta', minDelta],
  ] as const) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
      p.push(`${key} is ${describeValue(value)}; pass a finite number ≥ 0.`);
  }
  return p;
}

/**
 * A {@link Callback} that cuts the learning rate by `factor` when the validation loss (the
 * training loss without validation data) has not improved for `patience` epochs, as Keras'
 * `ReduceLROnPlateau`. It multiplies whatever rate or schedule `fit` was given, for the rest of
 * the `fit` call; the optimizer's moment estimates are kept. Use one instance per `fit` call.
 *
 * @example
 * ```ts
 * import { Autoencoder, ReduceLROnPlateau } from 'autoencoders';
 * const ae = Autoencoder.builder().inputDim(4).latentDim(2).seed(1).build();
 * const x = [[0, 1, 0, 1], [1, 0, 1, 0], [1, 1, 0, 0], [0, 0, 1, 1]];
 * await ae.fit(x, {
 *   epochs: 50, learningRate: 0.01, validationSplit: 0.25, patience: 10,
 *   callbacks: [new ReduceLROnPlateau({ factor: 0.5, patience: 3 })],
 * });
 * ```
 */
export class ReduceLROnPlateau implements Callback {
  /** The epochs (0-based over the model's history) after which the rate was cut. */
  readonly reductions: number[] = [];
  private readonly factor: number;
  private readonly patience: number;
  private readonly minLearningRate: number;
  private readonly minDelta: number;
  private best = Number.POSITIVE_INFINITY;
  private wait = 0;

  /**
   * @param options - See {@link ReduceLROnPlateauOptions}.
   * @throws {@link ConfigurationError} for an unknown key, `null` or a bad value.
   */
  constructor(options?: ReduceLROnPlateauOptions) {
    const o = readOptions(options, KEYS, 'ReduceLROnPlateau options');
    const problems = check(o);
    if (problems.length > 0)
      throw new ConfigurationError(`ReduceLROnPlateau: ${problems.join(' ')}`);
    this.factor = o.factor ?? 0.5;
    this.patience = o.patience ?? 3;
    this.minLearningRate = o.minLearningRate ?? 0;
    this.minDelta = o.minDelta ?? 1e-4;
  }

  /** Resets the plateau count: each `fit` call starts watching afresh. */
  onTrainBegin(): void {
    this.best = Number.POSITIVE_INFINITY;
    this.wait = 0;
  }

  /** Compares the epoch's loss with the best so far and cuts the rate on a plateau. */
  onEpochEnd(epoch: number, logs: EpochLogs, training: TrainingController): void {
    const loss = logs.valLoss ?? logs.loss;
    if (loss < this.best * (1 - this.minDelta)) {
      this.best = loss;
      this.wait = 0;
      return;
    }
    if (++this.wait < this.patience) return;
    this.wait = 0;
    const rate = training.learningRate;
    if (!(rate > this.minLearningRate)) return;
    const target = Math.max(rate * this.factor, this.minLearningRate);
    training.scaleLearningRate(target / rate);
    this.reductions.push(epoch);
  }
}

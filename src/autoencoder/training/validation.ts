import { InvalidInputError } from '../../errors/invalid-input-error.js';
import { type InputTensor, toTensor2D } from '../model/input.js';
import { evaluateTensor } from '../strategies/objective.js';
import type { TrainingHost } from './host.js';

/** The validation data of one `fit` call and its deterministic evaluation. @internal */
export class Validation {
  private constructor(
    private readonly host: TrainingHost,
    private readonly input: InputTensor,
  ) {}

  /**
   * Checks the data once.
   * @throws {@link ShapeError} / {@link InvalidInputError} for bad data.
   */
  static create(host: TrainingHost, data: unknown): Validation {
    return new Validation(host, toTensor2D(data, 'validationData', host.config.inputDim));
  }

  /**
   * Loss and mse after the given 0-based epoch.
   * @throws {@link InvalidInputError} when the caller's tensor was disposed during `fit`.
   */
  evaluate(epoch: number): { loss: number; mse: number } {
    if (this.input.tensor.isDisposed) {
      throw new InvalidInputError(
        'validationData was disposed during fit: keep the tensor until fit resolves (or pass rows, which fit copies).',
      );
    }
    // After epoch e the model has e + 1 epochs behind it, as for an evaluate() call then.
    const { loss, mse } = evaluateTensor(
      this.host.network,
      this.host.config,
      this.input.tensor,
      epoch + 1,
    );
    return { loss, mse };
  }

  dispose(): void {
    if (this.input.owned) this.input.tensor.dispose();
  }
}

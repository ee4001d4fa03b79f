import type { JsonObject } from '../model/json.js';
import { classNameOf } from './check.js';
import type { Strategy } from './strategy.js';

/**
 * Makes every layer linear (hidden, code and output layers). Trained with the squared-error loss
 * on centred or standardized data, a linear autoencoder spans the same subspace as PCA and
 * reaches PCA's reconstruction error (section 2 of the notebook). Any `activation` and
 * `outputActivation` set on the builder are overridden.
 *
 * @example
 * ```ts
 * import { Autoencoder, LinearStrategy } from 'autoencoders';
 * const ae = Autoencoder.builder().inputDim(2).latentDim(1).strategy(new LinearStrategy())
 *   .optimizer('adam', { learningRate: 0.1 }).seed(1).build();
 * ```
 */
export class LinearStrategy implements Strategy {
  /** The registry name. */
  static readonly className = 'LinearStrategy';
  /** The registry name, read from the class ({@link LinearStrategy.className}). */
  get name(): string {
    return classNameOf(this);
  }
  /** Every layer is linear. */
  readonly forcesLinear = true;

  /** The settings as plain JSON (none). */
  getConfig(): JsonObject {
    return {};
  }

  /** Rebuilds a LinearStrategy (it has no settings). */
  static fromConfig(_config?: JsonObject): LinearStrategy {
    return new LinearStrategy();
  }
}

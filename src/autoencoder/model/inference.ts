import * as tf from '@tensorflow/tfjs-core';
import { ConfigurationError } from '../../errors/configuration-error.js';
import { InvalidInputError } from '../../errors/invalid-input-error.js';
import { readOptions } from '../../pca/options.js';
import { evaluateTensor } from '../strategies/objective.js';
import type { ResolvedConfig } from './config.js';
import { checkFiniteNumbers, checkFiniteResult } from './finite.js';
import type { ForwardNetwork } from './forward-network.js';
import { withInput } from './input.js';
import {
  EVALUATE_KEYS,
  type EvaluateOptions,
  type Evaluation,
  SAMPLE_KEYS,
  type SampleOptions,
} from './model-options.js';
import { checkBernoulliTargets } from './unit-range.js';

// The deterministic passes behind Autoencoder's encode, decode, reconstruct, evaluate and
// sample: input validated once, every result checked finite, every intermediate tensor freed.

/** The model parts a pass needs. @internal */
export interface Model {
  readonly network: ForwardNetwork;
  readonly config: ResolvedConfig;
}

/** Codes of `x` (a variational model's mean). @internal */
export function encodeRows(m: Model, x: unknown): tf.Tensor2D {
  return withInput(x, 'x', m.config.inputDim, (t) => {
    const z = tf.tidy(() => {
      const pass = m.network.encode(t, false);
      return (pass.mean ?? pass.code) as tf.Tensor2D;
    });
    return checkFiniteResult(z, 'encode');
  });
}

/** Reconstructions decoded from codes `z`. @internal */
export function decodeCodes(m: Model, z: unknown): tf.Tensor2D {
  return withInput(
    z,
    'z',
    m.config.latentDim,
    (t) =>
      checkFiniteResult(
        tf.tidy(() => m.network.decode(t, false)),
        'decode',
      ),
    'latent units',
  );
}

/** `decode(encode(x))` in one pass. @internal */
export function reconstructRows(m: Model, x: unknown): tf.Tensor2D {
  return withInput(x, 'x', m.config.inputDim, (t) => {
    const r = tf.tidy(() => {
      const pass = m.network.encode(t, false);
      return m.network.decode((pass.mean ?? pass.code)!, false);
    });
    return checkFiniteResult(r, 'reconstruct');
  });
}

/** The deterministic loss and mse of `x` at a given epoch of the history. @internal */
export function evaluateRows(
  m: Model,
  x: unknown,
  options: EvaluateOptions | undefined,
  epoch: number,
): Evaluation {
  const { batchSize } = readOptions(options, EVALUATE_KEYS, 'evaluate options');
  if (batchSize !== undefined && (!Number.isInteger(batchSize) || batchSize <= 0)) {
    throw new ConfigurationError(
      `evaluate: batchSize is ${String(batchSize)}; pass a positive integer.`,
    );
  }
  return withInput(x, 'x', m.config.inputDim, (t) => {
    if (m.config.reconstructionLoss === 'bernoulli') checkBernoulliTargets(t, 'x');
    const r = evaluateTensor(m.network, m.config, t, epoch, batchSize);
    const result = { loss: r.loss, mse: r.mse };
    checkFiniteNumbers(result, 'evaluate');
    return result;
  });
}

/** `n` decoded draws from N(0, I); `nextSeed` gives the seed when the options set none. @internal */
export function sampleDraws(
  m: Model,
  n: number,
  options: SampleOptions | undefined,
  nextSeed: () => number,
): tf.Tensor2D {
  const o = readOptions(options, SAMPLE_KEYS, 'sample options');
  if (m.config.architecture.latentHead !== 'variational') {
    throw new ConfigurationError(
      'sample() needs a variational model: build it with .strategy(new VariationalStrategy()).',
    );
  }
  if (!Number.isInteger(n) || n <= 0)
    throw new InvalidInputError(`sample: n is ${String(n)}; pass a positive integer.`);
  const seed = o.seed ?? nextSeed();
  if (typeof seed !== 'number' || !Number.isFinite(seed)) {
    throw new ConfigurationError(`sample: seed is ${String(seed)}; pass a finite number.`);
  }
  const draws = tf.tidy(() =>
    m.network.decode(
      tf.randomNormal([n, m.config.latentDim], 0, 1, 'float32', seed) as tf.Tensor2D,
      false,
    ),
  );
  return checkFiniteResult(draws, 'sample');
}

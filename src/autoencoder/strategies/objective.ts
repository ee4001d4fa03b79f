import * as tf from '@tensorflow/tfjs-core';
import type { ResolvedConfig } from '../model/config.js';
import type { ForwardNetwork } from '../model/forward-network.js';
import { corruptInput, lossTerms, sampleLatent } from './hooks.js';
import { bernoulliLossFromLogits, squaredErrorLoss } from './losses.js';
import type { LossContext, StepContext } from './strategy.js';

/** One forward pass's loss, mse and named terms (scalars). @internal */
export interface ObjectiveResult {
  readonly loss: tf.Scalar;
  readonly mse: tf.Scalar;
  readonly terms: Record<string, tf.Scalar>;
}

/**
 * The loss of one batch: reconstruction loss plus every strategy's terms. While training the
 * strategies corrupt the input and sample the code; otherwise the pass is deterministic.
 * Call inside `tf.tidy` (or under `tf.variableGrads`). @internal
 */
export function objective(
  network: ForwardNetwork,
  config: ResolvedConfig,
  x: tf.Tensor2D,
  step: StepContext,
): ObjectiveResult {
  const training = step.training;
  let encoderInput = x;
  if (training) {
    for (const s of config.strategies) {
      if (s.corruptInput) encoderInput = corruptInput(s, encoderInput, step);
    }
  }
  const pass = network.encode(encoderInput, training);
  let code: tf.Tensor2D;
  if (pass.mean && pass.spread) {
    code = pass.mean;
    // build() makes sure a variational model has exactly one sampler.
    if (training && config.sampler)
      code = sampleLatent(config.sampler, pass.mean, pass.spread, step);
  } else {
    code = pass.code!;
  }
  const bernoulli = config.reconstructionLoss === 'bernoulli';
  const last = network.decode(code, training, bernoulli);
  const output = bernoulli ? tf.sigmoid(last) : last;
  const mse = squaredErrorLoss(x, output);
  const reconstruction = bernoulli ? bernoulliLossFromLogits(x, last) : mse;
  const context: LossContext = {
    ...step,
    input: x,
    encoderInput,
    hidden: pass.hidden,
    code,
    latentMean: pass.mean,
    latentSpread: pass.spread,
    output,
    batchSize: x.shape[0],
    architecture: config.architecture,
    weights: network.weights,
  };
  const terms: Record<string, tf.Scalar> = {};
  for (const s of config.strategies) {
    if (!s.lossTerms) continue;
    for (const [name, value] of Object.entries(lossTerms(s, context))) {
      terms[name] = terms[name] ? tf.add(terms[name], value) : value;
    }
  }
  const names = Object.keys(terms);
  const loss =
    names.length === 0 ? reconstruction : tf.addN([reconstruction, ...names.map((n) => terms[n])]);
  return { loss: loss as tf.Scalar, mse, terms };
}

/** Loss, mse and terms averaged over the rows of `x`, with a deterministic pass. @internal */
export function evaluateTensor(
  network: ForwardNetwork,
  config: ResolvedConfig,
  x: tf.Tensor2D,
  epoch: number,
  batchSize?: number,
): { loss: number; mse: number; terms: Record<string, number> } {
  const n = x.shape[0];
  const size = Math.min(n, batchSize ?? n);
  let loss = 0;
  let mse = 0;
  const terms: Record<string, number> = {};
  for (let start = 0; start < n; start += size) {
    const rows = Math.min(size, n - start);
    let names: string[] = [];
    const stats = tf.tidy(() => {
      const batch = rows === n ? x : tf.slice(x, [start, 0], [rows, -1]);
      const r = objective(network, config, batch, { training: false, epoch, step: 0, seed: 0 });
      names = Object.keys(r.terms);
      return tf.stack([r.loss, r.mse, ...names.map((k) => r.terms[k])]);
    });
    const values = stats.dataSync();
    stats.dispose();
    loss += values[0] * rows;
    mse += values[1] * rows;
    names.forEach((k, i) => {
      terms[k] = (terms[k] ?? 0) + values[2 + i] * rows;
    });
  }
  for (const k of Object.keys(terms)) terms[k] /= n;
  return { loss: loss / n, mse: mse / n, terms };
}

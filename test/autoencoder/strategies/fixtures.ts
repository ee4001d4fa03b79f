import type * as tf from '@tensorflow/tfjs-core';
import type { Architecture, LossContext } from 'autoencoders';

export const ARCH: Architecture = {
  inputDim: 3,
  hiddenLayers: [],
  encoderLayers: [],
  latentDim: 3,
  decoderLayers: [],
  activation: 'sigmoid',
  codeActivation: 'sigmoid',
  outputActivation: 'linear',
  latentHead: 'deterministic',
  strategyNames: [],
};

export const CODE = [
  [0.1, 0.5, 0.9],
  [0.2, 0.01, 0.7],
  [0.05, 0.3, 0.99],
  [0.4, 0.2, 0.6],
];
export const MEAN = [
  [0.5, -1.2],
  [0.0, 0.3],
  [2.0, -0.4],
];
export const SPREAD = [
  [-0.5, 0.2],
  [1.0, -2.0],
  [0.1, 0.0],
];

export function context(overrides: Partial<LossContext>, tensors: tf.Tensor2D): LossContext {
  return {
    training: true,
    epoch: 0,
    step: 0,
    seed: 1,
    input: tensors,
    encoderInput: tensors,
    hidden: [],
    code: tensors,
    latentMean: undefined,
    latentSpread: undefined,
    output: tensors,
    batchSize: tensors.shape[0],
    architecture: ARCH,
    weights: { encoder: [], decoder: [] },
    ...overrides,
  };
}

export function scalarOf(t: tf.Scalar): number {
  const v = t.dataSync()[0];
  t.dispose();
  return v;
}

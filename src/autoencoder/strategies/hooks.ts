import * as tf from '@tensorflow/tfjs-core';
import { ConfigurationError } from '../../errors/configuration-error.js';
import { ShapeError } from '../../errors/shape-error.js';
import { describeValue } from '../../pca/validate.js';
import type { LossContext, StepContext, Strategy } from './strategy.js';

// A strategy hook is user code: what it returns is checked here, where the strategy and the hook
// can be named, before TensorFlow.js meets it in an addN or a matMul with an untyped error.

function shapeText(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

function tensorOf(value: unknown, where: string, wanted: string): tf.Tensor {
  if (!(value instanceof tf.Tensor)) {
    throw new ConfigurationError(
      `${where} returned ${describeValue(value)}; it must return ${wanted}.`,
    );
  }
  if (value.isDisposed) {
    throw new ConfigurationError(`${where} returned a disposed tensor; it must return ${wanted}.`);
  }
  if (value.dtype !== 'float32') {
    throw new ShapeError(`${where} returned a ${value.dtype} tensor; it must return ${wanted}.`);
  }
  return value;
}

function sameShape(value: unknown, like: tf.Tensor2D, where: string, what: string): tf.Tensor2D {
  const wanted = `a float32 tensor shaped like ${what} ${shapeText(like.shape)}`;
  const t = tensorOf(value, where, wanted);
  if (t.rank !== 2 || t.shape[0] !== like.shape[0] || t.shape[1] !== like.shape[1]) {
    throw new ShapeError(
      `${where} returned a tensor of shape ${shapeText(t.shape)}; it must return ${wanted}.`,
    );
  }
  return t as tf.Tensor2D;
}

/** `s.corruptInput(x)`, checked to keep x's shape. @internal */
export function corruptInput(s: Strategy, x: tf.Tensor2D, step: StepContext): tf.Tensor2D {
  return sameShape(s.corruptInput!(x, step), x, `${s.name}.corruptInput`, 'its input');
}

/** `s.sampleLatent(mean, spread)`, checked to have the mean's shape. @internal */
export function sampleLatent(
  s: Strategy,
  mean: tf.Tensor2D,
  spread: tf.Tensor2D,
  step: StepContext,
): tf.Tensor2D {
  return sameShape(s.sampleLatent!(mean, spread, step), mean, `${s.name}.sampleLatent`, 'the mean');
}

/** `s.lossTerms(context)`, checked to be an object of float32 scalars. @internal */
export function lossTerms(s: Strategy, context: LossContext): Record<string, tf.Scalar> {
  const terms: unknown = s.lossTerms!(context);
  const where = `${s.name}.lossTerms`;
  if (typeof terms !== 'object' || terms === null || Array.isArray(terms)) {
    throw new ConfigurationError(
      `${where} returned ${describeValue(terms)}; it must return an object of named scalars, e.g. { penalty: tf.scalar(0) }.`,
    );
  }
  for (const [name, value] of Object.entries(terms)) {
    const t = tensorOf(value, `${where} (term '${name}')`, 'a float32 scalar');
    if (t.rank !== 0) {
      throw new ShapeError(
        `${where} returned term '${name}' of shape ${shapeText(t.shape)}; each term must be a scalar: reduce it (tf.sum or tf.mean).`,
      );
    }
  }
  return terms as Record<string, tf.Scalar>;
}

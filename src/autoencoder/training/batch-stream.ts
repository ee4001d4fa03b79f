import * as tf from '@tensorflow/tfjs-core';
import { InvalidInputError } from '../../errors/invalid-input-error.js';
import { describeValue } from '../../pca/validate.js';
import { type InputTensor, toTensor2D } from '../model/input.js';
import { checkBernoulliTargets } from '../model/unit-range.js';
import { type Pass, PROBE_ROWS, type TrainingData } from './pass.js';

type AnyIterator = Iterator<unknown> | AsyncIterator<unknown>;

/** The iterator of one pass; a source that gives none is refused (a factory's by epoch). */
function iteratorOf(iterable: unknown, epoch: number, reusable: boolean): AnyIterator {
  const o = iterable as { [Symbol.iterator]?: unknown; [Symbol.asyncIterator]?: unknown } | null;
  let iterator: unknown;
  if (typeof o?.[Symbol.asyncIterator] === 'function')
    iterator = (o as AsyncIterable<unknown>)[Symbol.asyncIterator]();
  else if (typeof o?.[Symbol.iterator] === 'function')
    iterator = (o as Iterable<unknown>)[Symbol.iterator]();
  if (typeof (iterator as { next?: unknown } | undefined)?.next === 'function')
    return iterator as AnyIterator;
  if (!reusable) {
    throw new InvalidInputError(
      "x's [Symbol.iterator]() or [Symbol.asyncIterator]() gave no iterator (an object with a next() method): pass a generator, an async generator or another iterable of batches.",
    );
  }
  const hint =
    iterable instanceof Promise
      ? ' (an async function returns a Promise: return the async iterable itself, e.g. call an async generator function)'
      : '';
  throw new InvalidInputError(
    `x() returned ${describeValue(iterable)} for epoch ${epoch + 1}${hint}: a batch source function must return a fresh sync or async iterable of batches on each call.`,
  );
}

/**
 * Training batches pulled from the user's iterable, each checked as rows are (width, finiteness,
 * and [0, 1] for a Bernoulli model) and named by its 0-based index in the pass. Tensors it yields
 * stay the iterable's: only the float32 copies made here are freed. @internal
 */
export class BatchStream implements TrainingData {
  readonly steps = undefined;
  private first: tf.Tensor2D | undefined;

  constructor(
    private readonly open: () => unknown,
    private readonly reusable: boolean,
    private readonly inputDim: number,
    private readonly bernoulli: boolean,
  ) {}

  pass(epoch: number): Pass {
    const iterator = iteratorOf(this.open(), epoch, this.reusable);
    let index = 0;
    let finished = false;
    const next = async (): Promise<InputTensor | undefined> => {
      let result: IteratorResult<unknown>;
      try {
        result = await iterator.next();
      } catch (error) {
        finished = true; // an iterator that threw is done: no return() for it, as in for...of
        throw error;
      }
      if (result.done) {
        finished = true;
        if (index === 0) throw this.empty(epoch);
        return undefined;
      }
      return this.check(result.value, `batches[${index++}]`);
    };
    const close = async (quiet: boolean): Promise<void> => {
      if (finished) return;
      finished = true;
      try {
        await iterator.return?.();
      } catch (error) {
        if (!quiet) throw error;
      }
    };
    return { next, close };
  }

  probe(): tf.Tensor2D {
    if (!this.first) throw new Error('BatchStream.probe() before the first batch');
    return tf.clone(this.first);
  }

  dispose(): void {
    this.first?.dispose();
  }

  private check(batch: unknown, name: string): InputTensor {
    if (this.bernoulli) checkBernoulliTargets(batch, name);
    const input = toTensor2D(batch, name, this.inputDim);
    if (!this.first) {
      const rows = Math.min(PROBE_ROWS, input.tensor.shape[0]);
      this.first = tf.slice(input.tensor, [0, 0], [rows, this.inputDim]);
    }
    return input;
  }

  private empty(epoch: number): InvalidInputError {
    const why = this.reusable
      ? 'the function must return a fresh iterable on each call (not the same, spent generator)'
      : 'an iterable gives one pass only (was it spent by an earlier fit call?); pass a function that returns a fresh iterable for each epoch, e.g. fit(() => batches(), { epochs })';
    return new InvalidInputError(
      `x yielded no batches in epoch ${epoch + 1}: ${why}. Every pass needs at least one batch.`,
    );
  }
}

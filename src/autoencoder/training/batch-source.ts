import * as tf from '@tensorflow/tfjs-core';
import { AbstractMatrix } from 'ml-matrix';
import type { AutoencoderInput } from '../model/input.js';

/**
 * A sync or async iterable of training batches, for data bigger than memory: each batch is an
 * {@link AutoencoderInput} (`number[][]`, typed-array rows, an ml-matrix `Matrix` or a
 * `tf.Tensor2D`), `inputDim` features per row, any number of rows. `fit` is done with a batch
 * before it asks for the next one, and it never disposes a tensor the iterable yields.
 *
 * @example
 * ```ts
 * import type { BatchIterable } from 'autoencoders';
 * async function* batches(): AsyncGenerator<number[][]> {
 *   for (let i = 0; i < 100; i++) yield [[i % 2, 1], [1, i % 2]];
 * }
 * const source: BatchIterable = batches();
 * ```
 */
export type BatchIterable = Iterable<AutoencoderInput> | AsyncIterable<AutoencoderInput>;

/**
 * What {@link Autoencoder.fit} trains on: rows or a tensor in memory; a {@link BatchIterable}
 * (one pass, so `epochs: 1`); or a function that returns a fresh {@link BatchIterable}, called
 * once per epoch. An array, typed array, `Matrix` or tensor is always the rows themselves.
 *
 * @example
 * ```ts
 * import type { FitSource } from 'autoencoders';
 * function* batches(): Generator<number[][]> {
 *   for (let i = 0; i < 10; i++) yield [[0, 1], [1, 0]];
 * }
 * const inMemory: FitSource = [[0, 1], [1, 0]];
 * const onePass: FitSource = batches();
 * const everyEpoch: FitSource = () => batches();
 * ```
 */
export type FitSource = AutoencoderInput | BatchIterable | (() => BatchIterable);

/** A {@link FitSource} sorted by kind. @internal */
export type SortedSource =
  | { readonly kind: 'rows'; readonly data: AutoencoderInput }
  | { readonly kind: 'stream'; readonly open: () => unknown; readonly reusable: boolean };

function isIterable(x: object): x is BatchIterable {
  const o = x as { [Symbol.iterator]?: unknown; [Symbol.asyncIterator]?: unknown };
  return typeof o[Symbol.iterator] === 'function' || typeof o[Symbol.asyncIterator] === 'function';
}

/**
 * Tells rows from a stream of batches. Arrays, typed arrays, matrices (ml-matrix ones are
 * iterable too) and tensors are rows; a function is a factory of fresh iterables; any other
 * iterable is a one-shot stream. Anything else goes the rows' way, whose checks name the problem.
 * @internal
 */
export function sortSource(x: FitSource): SortedSource {
  if (typeof x === 'function') return { kind: 'stream', open: x, reusable: true };
  const inMemory =
    typeof x !== 'object' ||
    x === null ||
    x instanceof tf.Tensor ||
    x instanceof AbstractMatrix ||
    Array.isArray(x) ||
    ArrayBuffer.isView(x) ||
    !isIterable(x);
  if (inMemory) return { kind: 'rows', data: x as AutoencoderInput };
  return { kind: 'stream', open: () => x, reusable: false };
}

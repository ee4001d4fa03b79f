import * as tf from '@tensorflow/tfjs-core';
import {
  Autoencoder,
  type AutoencoderInput,
  ConfigurationError,
  InvalidInputError,
  LinearStrategy,
  ShapeError,
  TrainingDivergedError,
  VariationalStrategy,
} from 'autoencoders';
import { Matrix } from 'ml-matrix';
import { expect, it } from 'vitest';
import { describeEachBackend, smallAutoencoder, uniformRows, weightsOf } from './helpers.js';

const X = uniformRows(40, 6, 1);

/** The rows cut in order into batches of `size` (the last one shorter). */
function chunks(rows: number[][], size: number): number[][][] {
  const out: number[][][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

function* syncBatches<T>(batches: readonly T[]): Generator<T> {
  yield* batches;
}

async function* asyncBatches<T>(batches: readonly T[]): AsyncGenerator<T> {
  for (const b of batches) {
    await Promise.resolve();
    yield b;
  }
}

/** An async iterator that records how it was driven: next() calls, return() calls, its end. */
function spyIterable(batches: readonly AutoencoderInput[], failAt = -1) {
  const log = { next: 0, returned: 0 };
  const iterator: AsyncIterableIterator<AutoencoderInput> = {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      const i = log.next++;
      if (i === failAt) throw new Error('disk read failed');
      return i < batches.length
        ? { value: batches[i], done: false }
        : { value: undefined, done: true };
    },
    async return() {
      log.returned++;
      return { value: undefined, done: true };
    },
  };
  return { iterator, log };
}

/** The largest absolute difference between two equally shaped nested arrays. */
function maxDiff(a: number[][], b: number[][]): number {
  return Math.max(...a.flatMap((row, i) => row.map((v, j) => Math.abs(v - b[i][j]))));
}

/** The error a promise rejects with (fails the test when it resolves). */
async function rejection(p: Promise<unknown>): Promise<Error> {
  return p.then(
    () => {
      throw new Error('expected fit to reject');
    },
    (e: unknown) => e as Error,
  );
}

describeEachBackend('fit(iterable of batches)', () => {
  it('the same batches in the same order train exactly as the in-memory path (rows, typed rows, Matrix, tensors; sync and async)', async () => {
    const reference = smallAutoencoder();
    const h0 = await reference.fit(X, { epochs: 3, batchSize: 16, shuffle: false });
    const w0 = weightsOf(reference);
    reference.dispose();
    const plain = chunks(X, 16); // 16, 16, 8 rows: the last batch is shorter
    const tensors = plain.map((b) => tf.tensor2d(b));
    const forms: (() => Iterable<AutoencoderInput> | AsyncIterable<AutoencoderInput>)[] = [
      () => syncBatches(plain),
      () => asyncBatches(plain.map((b) => b.map((r) => Float32Array.from(r)))),
      () => syncBatches(plain.map((b) => new Matrix(b))),
      () => asyncBatches(tensors),
    ];
    for (const form of forms) {
      const ae = smallAutoencoder();
      const h = await ae.fit(form, { epochs: 3 });
      // Measured: bit-identical (the same float32 batches go through the same kernels). A
      // float32 rounding per weight (~1e-7 relative) would already show.
      expect(h.loss).toEqual(h0.loss);
      const w = weightsOf(ae);
      w.forEach((values, k) => {
        expect(maxDiff([values], [w0[k]])).toBe(0);
      });
      ae.dispose();
    }
    tf.dispose(tensors);
  });

  it("an epoch's loss is the sample-weighted mean over its batches of unequal size", async () => {
    const ae = smallAutoencoder();
    const seen: { loss: number; size: number }[] = [];
    const h = await ae.fit(syncBatches(chunks(X, 15)), {
      onBatchEnd: (_b, logs) => void seen.push({ loss: logs.loss, size: logs.size }),
    });
    expect(seen.map((s) => s.size)).toEqual([15, 15, 10]);
    const weighted = seen.reduce((s, b) => s + b.loss * b.size, 0) / 40;
    const unweighted = seen.reduce((s, b) => s + b.loss, 0) / 3;
    // float32 losses summed in float64 on both sides: equal to a few float32 ulps.
    expect(Math.abs(h.loss[0] - weighted)).toBeLessThanOrEqual(1e-6 * weighted);
    expect(Math.abs(weighted - unweighted)).toBeGreaterThan(1e-4 * weighted);
    ae.dispose();
  });

  it('a function gives one fresh pass per epoch, with validation data and history as for rows', async () => {
    const ae = smallAutoencoder();
    let calls = 0;
    const h = await ae.fit(
      () => {
        calls++;
        return asyncBatches(chunks(X, 8));
      },
      { epochs: 4, validationData: X.slice(0, 10) },
    );
    expect(calls).toBe(4);
    expect(h.loss).toHaveLength(4);
    expect(h.valLoss).toHaveLength(4);
    expect(h.loss[3]).toBeLessThan(h.loss[0]);
    expect(ae.history.loss).toEqual(h.loss);
    ae.dispose();
  });

  it('tensors the iterable yields stay its own: fit never disposes them and leaves only what the caller holds', async () => {
    const ae = smallAutoencoder();
    await ae.fit(X, { epochs: 1 }); // makes the optimizer state, which lives with the model
    const before = tf.memory().numTensors;
    const held = chunks(X, 10).map((b) => tf.tensor2d(b));
    const ints = [tf.tensor2d([[1, 0, 1, 0, 1, 0]], undefined, 'int32')]; // cast copies are fit's own
    await ae.fit(() => syncBatches([...held, ...ints]), { epochs: 2 });
    expect(tf.memory().numTensors - before).toBe(held.length + ints.length);
    held.forEach((t, i) => {
      expect(t.isDisposed).toBe(false);
      expect(t.arraySync()).toEqual(chunks(X, 10)[i].map((r) => r.map(Math.fround)));
    });
    tf.dispose([...held, ...ints]);
    ae.dispose();
  });

  it('a generator may dispose each tensor once fit asks for the next batch: fit is done with it by then', async () => {
    const ae = smallAutoencoder();
    await ae.fit(X, { epochs: 1 });
    const before = tf.memory().numTensors;
    async function* owning(): AsyncGenerator<tf.Tensor2D> {
      for (const rows of chunks(X, 8)) {
        const t = tf.tensor2d(rows);
        try {
          yield t;
        } finally {
          t.dispose();
        }
      }
    }
    const h = await ae.fit(owning());
    expect(h.loss.every(Number.isFinite)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
    ae.dispose();
  });

  it('refuses batchSize and shuffle for an iterable, and epochs > 1 for a one-shot one, before reading a batch', async () => {
    const ae = smallAutoencoder();
    const { iterator, log } = spyIterable(chunks(X, 8));
    const both = await rejection(ae.fit(iterator, { batchSize: 8, shuffle: false, epochs: 3 }));
    expect(both).toBeInstanceOf(ConfigurationError);
    expect(both.message).toMatch(/batchSize does not apply to an iterable/);
    expect(both.message).toMatch(/shuffle does not apply to an iterable/);
    expect(both.message).toMatch(
      /epochs is 3, but an iterable gives one pass only; pass a function/,
    );
    const shuffled = await rejection(ae.fit(() => iterator, { shuffle: true }));
    expect(shuffled).toBeInstanceOf(ConfigurationError);
    expect(log.next).toBe(0);
    // A function may run many epochs; rows in memory, an ml-matrix Matrix included, keep batchSize.
    await ae.fit(() => syncBatches(chunks(X, 8)), { epochs: 2 });
    const h = await ae.fit(new Matrix(X), { epochs: 1, batchSize: 8, shuffle: false });
    expect(h.loss).toHaveLength(1);
    ae.dispose();
  });

  it('checks every batch as rows are, naming the batch: width, NaN, overflow, empty, not a matrix', async () => {
    const ae = smallAutoencoder();
    await ae.fit(X, { epochs: 1 });
    const good = X.slice(0, 4);
    const cases: [
      AutoencoderInput | unknown,
      typeof ShapeError | typeof InvalidInputError,
      RegExp,
    ][] = [
      [[[1, 2, 3]], ShapeError, /^batches\[2\] has 3 features, this model expects 6/],
      [[[0, 0, 0, Number.NaN, 0, 0]], InvalidInputError, /^batches\[2\]\[0\]\[3\] is NaN/],
      [
        [[0, 1e30, 0, 0, 0, 0]],
        InvalidInputError,
        /^batches\[2\]\[0\]\[1\] is 1e\+30: its square overflows/,
      ],
      [[], InvalidInputError, /^batches\[2\] has no rows/],
      [tf.zeros([0, 6]), InvalidInputError, /^batches\[2\] has no rows/],
      [[1, 2, 3, 4, 5, 6], ShapeError, /^batches\[2\] is a 1-D array/],
      [5, InvalidInputError, /^batches\[2\] is 5/],
      [Promise.resolve(good), InvalidInputError, /^batches\[2\] is a Promise/],
    ];
    for (const [bad, type, message] of cases) {
      const before = tf.memory().numTensors;
      const { iterator, log } = spyIterable([good, good, bad as AutoencoderInput, good]);
      const error = await rejection(ae.fit(iterator));
      expect(error).toBeInstanceOf(type);
      expect(error.message).toMatch(message);
      expect(log.returned).toBe(1); // the iterator is closed after the bad batch
      expect(tf.memory().numTensors).toBe(before);
      if (bad instanceof tf.Tensor) bad.dispose();
    }
    ae.dispose();
  });

  it('a Bernoulli model refuses batches outside [0, 1], naming the batch', async () => {
    const vae = Autoencoder.builder()
      .inputDim(6)
      .latentDim(2)
      .outputActivation('sigmoid')
      .strategy(new VariationalStrategy())
      .seed(1)
      .build();
    await vae.fit(X, { epochs: 1 }); // makes the optimizer state, which lives with the model
    const before = tf.memory().numTensors;
    const bad = tf.tensor2d([[0, 0, 255, 0, 0, 0]]);
    for (const batch of [[[0, 0, 255, 0, 0, 0]], bad]) {
      const error = await rejection(vae.fit(syncBatches([X.slice(0, 4), batch])));
      expect(error).toBeInstanceOf(InvalidInputError);
      expect(error.message).toMatch(
        /^batches\[1\]\[0\]\[2\] is 255: .*needs every entry in \[0, 1\]/,
      );
    }
    bad.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect((await vae.fit(syncBatches(chunks(X, 10)))).loss).toHaveLength(1);
    vae.dispose();
  });

  it('an empty pass and a function that returns no fresh iterable are InvalidInputErrors saying what to do', async () => {
    const ae = smallAutoencoder();
    const empty = await rejection(ae.fit(syncBatches([])));
    expect(empty).toBeInstanceOf(InvalidInputError);
    expect(empty.message).toMatch(/x yielded no batches in epoch 1/);
    const spent = syncBatches(chunks(X, 8));
    await ae.fit(() => spent, { epochs: 1 });
    const again = await rejection(ae.fit(() => spent, { epochs: 2 }));
    expect(again.message).toMatch(
      /yielded no batches in epoch 2: the function must return a fresh iterable/,
    );
    const notIterable = await rejection(ae.fit((() => 5) as never));
    expect(notIterable).toBeInstanceOf(InvalidInputError);
    expect(notIterable.message).toMatch(
      /x\(\) returned 5 for epoch \d+: a batch source function must return/,
    );
    const promised = await rejection(ae.fit((async () => syncBatches(chunks(X, 8))) as never));
    expect(promised.message).toMatch(/an async function returns a Promise/);
    const broken = await rejection(ae.fit({ [Symbol.iterator]: () => 5 } as never));
    expect(broken).toBeInstanceOf(InvalidInputError);
    expect(broken.message).toMatch(/gave no iterator \(an object with a next\(\) method\)/);
    ae.dispose();
  });

  it("the iterable's own error rejects fit unchanged and leaks nothing; next() that threw is not followed by return()", async () => {
    const ae = smallAutoencoder();
    await ae.fit(X, { epochs: 1 });
    const before = tf.memory().numTensors;
    const { iterator, log } = spyIterable(chunks(X, 8), 2);
    const error = await rejection(ae.fit(iterator));
    expect(error.message).toBe('disk read failed');
    expect(log.returned).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
    ae.dispose();
  });

  it('closes the iterator (return()) when training stops early: abort, stop(), a callback error, divergence', async () => {
    const ae = smallAutoencoder();
    const batches = chunks(X, 8);
    const controller = new AbortController();
    const aborted = spyIterable(batches);
    const h = await ae.fit(aborted.iterator, {
      signal: controller.signal,
      onBatchEnd: (b) => {
        if (b === 1) controller.abort();
      },
    });
    expect(h.loss).toHaveLength(0); // the unfinished epoch is dropped
    expect(aborted.log).toEqual({ next: 2, returned: 1 });

    const stopped = spyIterable(batches);
    await ae.fit(stopped.iterator, { onBatchEnd: (_b, _l, training) => training.stop() });
    expect(stopped.log).toEqual({ next: 1, returned: 1 });

    const failing = spyIterable(batches);
    const before = tf.memory().numTensors;
    const error = await rejection(
      ae.fit(failing.iterator, {
        onBatchEnd: (b) => {
          if (b === 2) throw new Error('callback failed');
        },
      }),
    );
    expect(error.message).toBe('callback failed');
    expect(failing.log.returned).toBe(1);
    expect(tf.memory().numTensors).toBe(before);

    // Ran to its end: nothing to close.
    const whole = spyIterable(batches);
    await ae.fit(whole.iterator);
    expect(whole.log).toEqual({ next: batches.length + 1, returned: 0 });

    // An async generator's finally block runs on return().
    let cleaned = false;
    async function* withCleanup(): AsyncGenerator<number[][]> {
      try {
        yield* batches;
      } finally {
        cleaned = true;
      }
    }
    await ae.fit(withCleanup(), { onBatchEnd: (_b, _l, training) => training.stop() });
    expect(cleaned).toBe(true);
    ae.dispose();
  });

  it('a diverging stream rejects with TrainingDivergedError, restores finite weights and closes the iterator (every check interval)', async () => {
    for (const divergenceCheckInterval of [1, 4]) {
      const ae = Autoencoder.builder()
        .inputDim(6)
        .hiddenLayers([4])
        .latentDim(2)
        .strategy(new LinearStrategy())
        .optimizer('sgd', { learningRate: 1e12 })
        .seed(3)
        .build();
      const big = X.map((r) => r.map((v) => v * 1e3));
      const batches = chunks(big, 4).concat(chunks(big, 4));
      const { iterator, log } = spyIterable(batches);
      const before = tf.memory().numTensors;
      const error = await rejection(ae.fit(iterator, { divergenceCheckInterval }));
      expect(error).toBeInstanceOf(TrainingDivergedError);
      expect(error.message).toMatch(/Training diverged at epoch 1, step \d+/);
      expect(weightsOf(ae).flat().every(Number.isFinite)).toBe(true);
      // Closed unless the pass had ended (a check at the epoch's end found it).
      expect(log.returned).toBe(log.next > batches.length ? 0 : 1);
      expect(log.next).toBeLessThan(batches.length);
      expect(tf.memory().numTensors).toBe(before);
      ae.dispose();
    }
  });
});

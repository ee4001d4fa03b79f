import * as tf from '@tensorflow/tfjs-core';
import {
  Autoencoder,
  DenoisingStrategy,
  LinearStrategy,
  SparseStrategy,
  type Strategy,
  TrainingDivergedError,
  VariationalStrategy,
} from 'autoencoders';
import { expect, it } from 'vitest';
import { describeEachBackend, uniformRows } from './helpers.js';

const X = uniformRows(24, 6, 5);

const MODELS: Record<string, () => Autoencoder> = {
  plain: () => Autoencoder.builder().inputDim(6).hiddenLayers([5]).latentDim(2).seed(1).build(),
  sparse: () =>
    Autoencoder.builder()
      .inputDim(6)
      .latentDim(8)
      .strategy(new SparseStrategy(), new DenoisingStrategy())
      .seed(2)
      .build(),
  variational: () =>
    Autoencoder.builder()
      .inputDim(6)
      .hiddenLayers([5])
      .latentDim(2)
      .activation('elu')
      .outputActivation('sigmoid')
      .strategy(new VariationalStrategy({ warmupEpochs: 1 }))
      .seed(3)
      .build(),
};

/** tfjs-style leak check: one warm-up call, record numTensors, repeat, no growth. */
async function expectNoGrowth(call: () => unknown | Promise<unknown>): Promise<void> {
  await call();
  const before = tf.memory().numTensors;
  await call();
  await call();
  expect(tf.memory().numTensors).toBe(before);
}

describeEachBackend('no tensor leaks', () => {
  for (const [name, make] of Object.entries(MODELS)) {
    it(`${name}: fit (with validation, clipping and callbacks) leaves numTensors unchanged`, async () => {
      const ae = make();
      await expectNoGrowth(() =>
        ae.fit(X, {
          epochs: 2,
          batchSize: 10,
          validationData: X,
          patience: 5,
          clipNorm: 1,
          onBatchEnd: () => {},
        }),
      );
      ae.dispose();
    });

    it(`${name}: a callback that stops training mid-epoch leaves numTensors unchanged`, async () => {
      const ae = make();
      await expectNoGrowth(() =>
        ae.fit(X, {
          epochs: 3,
          batchSize: 5,
          validationData: X,
          patience: 1,
          callbacks: [
            { onBatchEnd: (b, _logs, training) => (b === 2 ? training.stop() : undefined) },
          ],
        }),
      );
      ae.dispose();
    });

    it(`${name}: encode, decode, reconstruct, evaluate leave only the returned tensors`, async () => {
      const ae = make();
      const t = tf.tensor2d(X);
      const z = [[0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8].slice(0, ae.latentDim)];
      await expectNoGrowth(() => ae.encode(X).dispose());
      await expectNoGrowth(() => ae.encode(t).dispose());
      await expectNoGrowth(() => ae.decode(z).dispose());
      await expectNoGrowth(() => ae.reconstruct(t).dispose());
      await expectNoGrowth(() => ae.evaluate(X, { batchSize: 7 }));
      if (ae.isVariational) await expectNoGrowth(() => ae.sample(3).dispose());
      const before = tf.memory().numTensors;
      const out = ae.reconstruct(X);
      expect(tf.memory().numTensors).toBe(before + 1);
      out.dispose();
      t.dispose();
      ae.dispose();
    });

    it(`${name}: build, fit and dispose return numTensors to the baseline`, async () => {
      const baseline = tf.memory().numTensors;
      const ae = make();
      await ae.fit(X, { epochs: 1, batchSize: 8 });
      ae.dispose();
      expect(tf.memory().numTensors).toBe(baseline);
    });
  }

  // The hooks run under the gradient tape, which keeps tensors for the backward pass: a throw
  // there must release them. Each strategy throws on a later call (step 2, the third batch),
  // after passes that succeeded, so no dry run before training can catch it.
  const THROWING: Record<string, Strategy> = {
    lossTerms: {
      name: 'ThrowsInLossTerms',
      getConfig: () => ({}),
      lossTerms: (c) => {
        if (c.training && c.step === 2) throw new Error('boom');
        return { zero: tf.mul(0, tf.sum(c.code)) as tf.Scalar };
      },
    },
    corruptInput: {
      name: 'ThrowsInCorruptInput',
      getConfig: () => ({}),
      corruptInput: (x, c) => {
        // An op under the tape before the throw: the tape keeps its inputs for the backward pass.
        const scaled = tf.mul(x, 1) as tf.Tensor2D;
        if (c.step === 2) throw new Error('boom');
        return scaled;
      },
    },
  };
  for (const [hook, strategy] of Object.entries(THROWING)) {
    it(`a strategy whose ${hook} throws inside a later training step rejects fit and leaks nothing, before and after dispose`, async () => {
      const baseline = tf.memory().numTensors;
      const ae = Autoencoder.builder()
        .inputDim(6)
        .hiddenLayers([5, 4])
        .latentDim(2)
        .strategy(strategy)
        .seed(1)
        .build();
      // The first call creates the optimizer's state, which the model keeps for the next fit.
      await expect(ae.fit(X, { epochs: 1, batchSize: 8 })).rejects.toThrow('boom');
      const afterOne = tf.memory().numTensors;
      await expect(ae.fit(X, { epochs: 1, batchSize: 8 })).rejects.toThrow('boom');
      expect(tf.memory().numTensors).toBe(afterOne);
      ae.dispose();
      expect(tf.memory().numTensors).toBe(baseline);
    });
  }

  it('a strategy that throws at its first call under the tape rejects fit, trains nothing and leaks nothing', async () => {
    const failing: Strategy = {
      name: 'FailingStrategy',
      getConfig: () => ({}),
      lossTerms: () => {
        throw new Error('boom');
      },
    };
    const baseline = tf.memory().numTensors;
    const ae = Autoencoder.builder().inputDim(6).latentDim(2).strategy(failing).seed(1).build();
    const weights = ae.encoder.getWeights().map((w) => Array.from(w.dataSync()));
    await expect(ae.fit(X, { epochs: 1 })).rejects.toThrow('boom');
    await expect(ae.fit(X, { epochs: 1 })).rejects.toThrow('boom');
    expect(ae.encoder.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(weights);
    expect(ae.history.loss).toHaveLength(0);
    ae.dispose();
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('errors leak nothing: bad input, bad options, divergence, abort', async () => {
    const ae = Autoencoder.builder()
      .inputDim(6)
      .latentDim(2)
      .strategy(new LinearStrategy())
      .optimizer('sgd', { learningRate: 1e12 })
      .seed(1)
      .build();
    const big = X.map((r) => r.map((v) => v * 1e6));
    await ae.fit(X, { epochs: 1, learningRate: 1e-6 });
    const before = tf.memory().numTensors;
    await expect(ae.fit([[1, 2]])).rejects.toThrow();
    await expect(ae.fit(X, { epochs: -1 })).rejects.toThrow();
    expect(() => ae.encode([[Number.NaN, 0, 0, 0, 0, 0]])).toThrow();
    const controller = new AbortController();
    controller.abort();
    await ae.fit(X, { signal: controller.signal, learningRate: 1e-6 });
    expect(tf.memory().numTensors).toBe(before);
    const error = await ae.fit(big, { epochs: 5 }).catch((e: unknown) => e);
    expect(TrainingDivergedError.is(error)).toBe(true);
    // The optimizer is reset after divergence (its state was poisoned); once a fit at the first
    // learning rate has made one like it again, the count is back where it was.
    await ae.fit(X, { epochs: 1, learningRate: 1e-6 });
    expect(tf.memory().numTensors).toBe(before);
    ae.dispose();
  });
});

import * as tf from '@tensorflow/tfjs-core';
import {
  Autoencoder,
  type BatchLogs,
  type Callback,
  ConfigurationError,
  DenoisingStrategy,
  DisposedError,
  InvalidInputError,
  LinearStrategy,
  type Strategy,
  TrainingDivergedError,
  VariationalStrategy,
} from 'autoencoders';
import { expect, it } from 'vitest';
import {
  allFinite,
  describeEachBackend,
  smallAutoencoder,
  take,
  uniformRows,
  weightsOf,
} from './helpers.js';

const X = uniformRows(40, 6, 1);

/** What a promise settles with: its value, or the error it rejects with. */
function settle<T>(p: Promise<T>): Promise<T | unknown> {
  return p.then(
    (v) => v,
    (e: unknown) => e,
  );
}

function diverging(hiddenLayers: number[] = [4]): Autoencoder {
  return Autoencoder.builder()
    .inputDim(6)
    .hiddenLayers(hiddenLayers)
    .latentDim(2)
    .strategy(new LinearStrategy())
    .optimizer('sgd', { learningRate: 1e12 })
    .seed(3)
    .build();
}

describeEachBackend('Autoencoder.fit', () => {
  it('resolves with one history entry per epoch and lowers the loss', async () => {
    const ae = smallAutoencoder();
    const h = await ae.fit(X, { epochs: 30, batchSize: 8 });
    expect(h.loss).toHaveLength(30);
    expect(h.mse).toHaveLength(30);
    expect(h.terms).toEqual({});
    expect(h.loss[29]).toBeLessThan(h.loss[0]);
    expect(h.loss.every(Number.isFinite)).toBe(true);
    ae.dispose();
  });

  it('the plain model trains on the per-row summed squared error, so loss equals mse', async () => {
    const ae = smallAutoencoder();
    const h = await ae.fit(X, { epochs: 2, batchSize: 40 });
    expect(h.loss[0]).toBe(h.mse[0]);
    const r = ae.reconstruct(X);
    const rec = r.arraySync();
    r.dispose();
    const expected =
      X.reduce((s, row, i) => s + row.reduce((t, v, j) => t + (v - rec[i][j]) ** 2, 0), 0) /
      X.length;
    const e = ae.evaluate(X);
    // float32 sums of 240 squared errors against a float64 host sum: ~3e-8 relative is reached.
    expect(Math.abs(e.mse - expected)).toBeLessThanOrEqual(3e-6 * expected);
    expect(e.loss).toBe(e.mse);
    ae.dispose();
  });

  it('the same seed gives the same losses (shuffling and noise included); another seed does not', async () => {
    const run = async (seed: number) => {
      const ae = Autoencoder.builder()
        .inputDim(6)
        .hiddenLayers([4])
        .latentDim(2)
        .strategy(new DenoisingStrategy({ stddev: 0.3 }))
        .seed(seed)
        .build();
      const h = await ae.fit(X, { epochs: 4, batchSize: 8, shuffle: true });
      ae.dispose();
      return h.loss;
    };
    const a = await run(21);
    expect(await run(21)).toEqual(a);
    expect(await run(22)).not.toEqual(a);
  });

  it('history accumulates across fit calls while each call resolves with its own epochs', async () => {
    const ae = smallAutoencoder();
    const first = await ae.fit(X, { epochs: 2 });
    const second = await ae.fit(X, { epochs: 3, validationData: X });
    expect(second.loss).toHaveLength(3);
    expect(second.valLoss).toHaveLength(3);
    const all = ae.history;
    expect(all.loss).toEqual([...first.loss, ...second.loss]);
    expect(all.valLoss!.slice(0, 2).every(Number.isNaN)).toBe(true);
    expect(all.valLoss!.slice(2)).toEqual(second.valLoss);
    all.loss.push(99);
    expect(ae.history.loss).toHaveLength(5);
    ae.dispose();
  });

  it('a batch size of at least the row count gives one full-batch step per epoch', async () => {
    const ae = smallAutoencoder();
    const batches: number[] = [];
    await ae.fit(X, {
      epochs: 3,
      batchSize: 1000,
      onBatchEnd: (_b, logs: BatchLogs) => void batches.push(logs.size),
    });
    expect(batches).toEqual([40, 40, 40]);
    ae.dispose();
  });

  it('calls onBatchEnd and onEpochEnd (awaiting them) with the logs', async () => {
    const ae = smallAutoencoder();
    const seen: string[] = [];
    await ae.fit(X, {
      epochs: 2,
      batchSize: 16,
      validationData: X.slice(0, 10),
      onBatchEnd: (batch, logs) => void seen.push(`b${logs.epoch}.${batch}:${logs.size}`),
      onEpochEnd: async (epoch, logs) => {
        await new Promise((r) => setTimeout(r, 1));
        expect(Number.isFinite(logs.valLoss)).toBe(true);
        seen.push(`e${epoch}`);
      },
    });
    expect(seen).toEqual([
      'b0.0:16',
      'b0.1:16',
      'b0.2:8',
      'e0',
      'b1.0:16',
      'b1.1:16',
      'b1.2:8',
      'e1',
    ]);
    ae.dispose();
  });

  it('an aborted signal stops cleanly: fit resolves with the completed epochs and the model stays usable', async () => {
    const ae = smallAutoencoder();
    const controller = new AbortController();
    const h = await ae.fit(X, {
      epochs: 50,
      batchSize: 8,
      signal: controller.signal,
      onEpochEnd: (epoch) => {
        if (epoch === 1) controller.abort();
      },
    });
    expect(h.loss).toHaveLength(2);
    expect(ae.history.loss).toHaveLength(2);
    const z = ae.encode(X);
    expect(z.shape).toEqual([40, 2]);
    z.dispose();
    ae.dispose();
  });

  it('aborting in the middle of an epoch drops that partial epoch', async () => {
    const ae = smallAutoencoder();
    const controller = new AbortController();
    const h = await ae.fit(X, {
      epochs: 5,
      batchSize: 8,
      signal: controller.signal,
      onBatchEnd: (batch, logs) => {
        if (logs.epoch === 1 && batch === 2) controller.abort();
      },
    });
    expect(h.loss).toHaveLength(1);
    ae.dispose();
  });

  it('a NaN or infinite loss rejects with TrainingDivergedError naming epoch and step, and restores finite weights', async () => {
    const ae = Autoencoder.builder()
      .inputDim(6)
      .hiddenLayers([4])
      .latentDim(2)
      .strategy(new LinearStrategy())
      .optimizer('sgd', { learningRate: 1e12 })
      .seed(3)
      .build();
    const big = X.map((r) => r.map((v) => v * 1e6));
    const error = await ae.fit(big, { epochs: 20, batchSize: 40 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(TrainingDivergedError.is(error)).toBe(true);
    expect((error as Error).message).toMatch(/epoch \d+, step \d+/);
    expect(allFinite([...ae.encoder.getWeights(), ...ae.decoder.getWeights()])).toBe(true);
    expect(Number.isFinite(ae.evaluate(X).mse)).toBe(true);
    ae.dispose();
  });

  it('with divergenceCheckInterval > 1 a divergence is still caught and the weights of the last good check restored', async () => {
    const ae = Autoencoder.builder()
      .inputDim(6)
      .latentDim(2)
      .strategy(new LinearStrategy())
      .optimizer('sgd', { learningRate: 1e12 })
      .seed(3)
      .build();
    const big = X.map((r) => r.map((v) => v * 1e6));
    await expect(
      ae.fit(big, { epochs: 3, batchSize: 4, divergenceCheckInterval: 5 }),
    ).rejects.toThrow(TrainingDivergedError);
    expect(allFinite([...ae.encoder.getWeights(), ...ae.decoder.getWeights()])).toBe(true);
    ae.dispose();
  });

  it('early stopping with patience stops when the validation loss stops improving and restores the best weights', async () => {
    // Train on points along y = x, validate on points along y = -x: learning the first direction
    // makes the second one's reconstruction worse.
    const train = Array.from({ length: 30 }, (_, i) => [(i - 15) / 10, (i - 15) / 10]);
    const validation = Array.from({ length: 30 }, (_, i) => [(i - 15) / 10, -(i - 15) / 10]);
    const ae = Autoencoder.builder()
      .inputDim(2)
      .latentDim(1)
      .strategy(new LinearStrategy())
      .optimizer('adam', { learningRate: 0.05 })
      .seed(4)
      .build();
    const h = await ae.fit(train, {
      epochs: 200,
      batchSize: 30,
      validationData: validation,
      patience: 3,
    });
    expect(h.loss.length).toBeLessThan(200);
    const best = Math.min(...h.valLoss!);
    // The restored weights are the very ones that gave the best validation loss: same pass.
    expect(ae.evaluate(validation).loss).toBe(best);
    ae.dispose();
  });

  it('clipNorm bounds each update: one SGD step moves the weights by at most learningRate · clipNorm', async () => {
    const make = () =>
      Autoencoder.builder()
        .inputDim(6)
        .hiddenLayers([4])
        .latentDim(2)
        .optimizer('sgd', { learningRate: 1 })
        .seed(8)
        .build();
    const distance = async (clipNorm?: number) => {
      const ae = make();
      const before = weightsOf(ae);
      await ae.fit(X, {
        epochs: 1,
        batchSize: 40,
        ...(clipNorm === undefined ? {} : { clipNorm }),
      });
      const after = weightsOf(ae);
      ae.dispose();
      let sum = 0;
      for (const [i, w] of before.entries()) {
        for (const [j, v] of w.entries()) sum += (v - after[i][j]) ** 2;
      }
      return Math.sqrt(sum);
    };
    expect(await distance()).toBeGreaterThan(0.05);
    // The clipped step is exactly learningRate · clipNorm long; measured through float32
    // weights it comes out within 4e-7 relative, so 2e-5 is about 50x that.
    const clipped = await distance(0.05);
    expect(Math.abs(clipped / 0.05 - 1)).toBeLessThanOrEqual(2e-5);
  });

  it('a learningRate option other than the builder one is used for this call', async () => {
    const ae = smallAutoencoder();
    const slow = await ae.fit(X, { epochs: 1, batchSize: 40, learningRate: 1e-9 });
    const again = await ae.fit(X, { epochs: 1, batchSize: 40, learningRate: 1e-9 });
    // An update of 1e-9 · gradient is below float32 resolution of the weights: equal to rounding.
    expect(Math.abs(again.loss[0] - slow.loss[0])).toBeLessThanOrEqual(1e-7 * slow.loss[0]);
    ae.dispose();
  });

  it('a variational model trains on Bernoulli cross-entropy plus KL and records the kl term', async () => {
    const vae = Autoencoder.builder()
      .inputDim(6)
      .hiddenLayers([5])
      .latentDim(2)
      .activation('elu')
      .outputActivation('sigmoid')
      .strategy(new VariationalStrategy({ warmupEpochs: 2 }))
      .seed(6)
      .build();
    const h = await vae.fit(X, { epochs: 4, batchSize: 10 });
    expect(h.terms.kl).toHaveLength(4);
    expect(h.terms.kl[0]).toBe(0);
    expect(h.terms.kl[3]).toBeGreaterThan(0);
    // The deterministic loss against a host computation from the encoder's heads and
    // reconstruct(): Bernoulli cross-entropy plus the KL term at full weight, per row, averaged.
    const input = tf.tensor2d(X);
    const [mean, logVar] = (vae.encoder.predict(input) as tf.Tensor2D[]).map(take);
    input.dispose();
    const p = take(vae.reconstruct(X));
    let host = 0;
    X.forEach((row, i) => {
      row.forEach((v, j) => {
        host -= v * Math.log(p[i][j]) + (1 - v) * Math.log(1 - p[i][j]);
      });
      mean[i].forEach((m, k) => {
        host += 0.5 * (Math.exp(logVar[i][k]) + m * m - 1 - logVar[i][k]);
      });
    });
    host /= X.length;
    // float32 passes against a float64 host sum: ~1e-7 relative is reached.
    expect(Math.abs(vae.evaluate(X).loss - host)).toBeLessThanOrEqual(1e-5 * host);
    vae.dispose();
  });

  it('does not change or dispose its inputs', async () => {
    const ae = smallAutoencoder();
    const copy = X.map((r) => [...r]);
    const t = tf.tensor2d(X);
    await ae.fit(X, { epochs: 1 });
    await ae.fit(t, { epochs: 1, validationData: t });
    expect(X).toEqual(copy);
    expect(t.isDisposed).toBe(false);
    t.dispose();
    ae.dispose();
  });

  it('refuses invalid option values in one ConfigurationError', async () => {
    const ae = smallAutoencoder();
    const error = await settle(
      ae.fit(X, { epochs: 0, batchSize: 2.5, learningRate: 0, clipNorm: -1, patience: 2 }),
    );
    expect(ConfigurationError.is(error)).toBe(true);
    const message = (error as Error).message;
    for (const part of [
      'epochs',
      'batchSize',
      'learningRate',
      'clipNorm',
      'patience needs validationData',
    ]) {
      expect(message).toContain(part);
    }
    await expect(ae.fit(X, { learningRate: -0.1 })).rejects.toThrow(ConfigurationError);
    await expect(ae.fit(X, { callbacks: [null as never] })).rejects.toThrow(/callbacks\[0\]/);
    await expect(ae.fit(X, { callbacks: [{ onEpochEnd: 3 } as never] })).rejects.toThrow(
      /callbacks\[0\]\.onEpochEnd must be a function/,
    );
    await expect(ae.fit(X, { callbacks: [{}, { onEpochEnds() {} } as never] })).rejects.toThrow(
      /callbacks\[1\]\.onEpochEnds is not a hook/,
    );
    expect(ae.history.loss).toHaveLength(0);
    ae.dispose();
  });

  it('refuses null options and misspelt keys with a ConfigurationError naming them, before training', async () => {
    const ae = smallAutoencoder();
    const misspelt = await settle(ae.fit(X, { epoch: 5, batchsize: 2 } as never));
    expect(ConfigurationError.is(misspelt)).toBe(true);
    expect((misspelt as Error).message).toMatch(/'epoch' \(did you mean 'epochs'\?\)/);
    expect((misspelt as Error).message).toMatch(/'batchsize' \(did you mean 'batchSize'\?\)/);
    const nullOptions = await settle(ae.fit(X, null as never));
    expect(ConfigurationError.is(nullOptions)).toBe(true);
    expect((nullOptions as Error).message).toMatch(/fit options must be an object/);
    await expect(ae.fit(X, { checkpoint: null as never })).rejects.toThrow(ConfigurationError);
    await expect(
      ae.fit(X, { checkpoint: { destination: 'x', everyEpoch: 2 } as never }),
    ).rejects.toThrow(/'everyEpoch' \(did you mean 'everyEpochs'\?\)/);
    const nullData = await settle(ae.fit(X, { validationData: null as never }));
    expect(InvalidInputError.is(nullData)).toBe(true);
    expect((nullData as Error).message).toMatch(/validationData/);
    expect(ae.history.loss).toHaveLength(0);
    ae.dispose();
  });

  it('checks the last update too: one full-batch SGD step at 1e12 rejects and restores the weights it started from', async () => {
    const ae = diverging();
    const before = weightsOf(ae);
    const mseBefore = ae.evaluate(X).mse;
    const error = await settle(ae.fit(X, { epochs: 1, batchSize: 40 }));
    expect(TrainingDivergedError.is(error)).toBe(true);
    expect((error as Error).message).toMatch(
      /epoch 1, step 1: (its update made some weights|after its update the loss on the training rows)/,
    );
    expect(weightsOf(ae)).toEqual(before);
    expect(ae.evaluate(X).mse).toBe(mseBefore);
    expect(ae.history.loss).toHaveLength(0);
    ae.dispose();
  });

  it('checks the last update of every epoch before the epoch callbacks see it', async () => {
    const ae = diverging();
    const epochEnds: number[] = [];
    const onEpochEnd = (epoch: number) => void epochEnds.push(epoch);
    await ae.fit(X, { epochs: 3, batchSize: 40, learningRate: 1e-3, onEpochEnd });
    const before = weightsOf(ae);
    // Back to the builder's learning rate of 1e12: the model's 4th epoch diverges at its update.
    const error = await settle(ae.fit(X, { epochs: 1, batchSize: 40, onEpochEnd }));
    expect(TrainingDivergedError.is(error)).toBe(true);
    expect((error as Error).message).toMatch(/epoch 4, step 1\b/);
    expect(epochEnds).toEqual([0, 1, 2]);
    expect(weightsOf(ae)).toEqual(before);
    ae.dispose();
  });

  it('checks the state training ends with when a callback stops it mid-epoch', async () => {
    const ae = diverging();
    const before = weightsOf(ae);
    const error = await settle(
      ae.fit(X, {
        epochs: 5,
        batchSize: 8,
        callbacks: [{ onBatchEnd: (_b, _logs, training) => training.stop() }],
      }),
    );
    expect(TrainingDivergedError.is(error)).toBe(true);
    expect((error as Error).message).toMatch(/epoch 1, step 1: /);
    expect(weightsOf(ae)).toEqual(before);
    ae.dispose();
  });

  it('a non-finite validation loss rejects with TrainingDivergedError naming the validation loss', async () => {
    const ae = diverging();
    const error = await settle(
      ae.fit(X, { epochs: 1, batchSize: 40, validationData: X.slice(0, 5) }),
    );
    expect(TrainingDivergedError.is(error)).toBe(true);
    expect((error as Error).message).toMatch(
      /epoch 1, step 1: after its update the validation loss is/,
    );
    expect(ae.history.loss).toHaveLength(0);
    expect(allFinite([...ae.encoder.getWeights(), ...ae.decoder.getWeights()])).toBe(true);
    ae.dispose();
  });

  it('dispose() from a callback rejects fit with DisposedError and leaks nothing', async () => {
    for (const where of ['onBatchEnd', 'onEpochEnd'] as const) {
      const baseline = tf.memory().numTensors;
      const ae = smallAutoencoder();
      const stop = () => ae.dispose();
      const error = await settle(
        ae.fit(X, {
          epochs: 3,
          batchSize: 8,
          validationData: X,
          patience: 2,
          ...(where === 'onBatchEnd'
            ? { onBatchEnd: (b: number) => (b === 1 ? stop() : undefined) }
            : { onEpochEnd: stop }),
        }),
      );
      expect(DisposedError.is(error), String(error)).toBe(true);
      expect((error as Error).message).toMatch(/disposed during fit/);
      expect(tf.memory().numTensors).toBe(baseline);
    }
  });

  it('dispose() from onTrainEnd is fine: training is over and fit resolves with the history', async () => {
    const baseline = tf.memory().numTensors;
    const ae = smallAutoencoder();
    const h = await ae.fit(X, {
      epochs: 2,
      validationData: X,
      patience: 3,
      callbacks: [{ onTrainEnd: () => ae.dispose() }],
    });
    expect(h.loss).toHaveLength(2);
    expect(ae.disposed).toBe(true);
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('disposing validationData during fit rejects with an InvalidInputError naming validationData, and leaks nothing', async () => {
    const ae = smallAutoencoder();
    await ae.fit(X, { epochs: 1 });
    const before = tf.memory().numTensors;
    const validation = tf.tensor2d(X.slice(0, 8));
    const error = await settle(
      ae.fit(X, { epochs: 3, validationData: validation, onEpochEnd: () => validation.dispose() }),
    );
    expect(InvalidInputError.is(error)).toBe(true);
    expect((error as Error).message).toMatch(/validationData/);
    expect(tf.memory().numTensors).toBe(before);
    ae.dispose();
  });

  it('numbers epochs from 0 over the model history in code: BatchLogs, StepContext and callbacks agree with ae.history', async () => {
    const stepEpochs = new Set<number>();
    const spy: Strategy = {
      name: 'EpochSpy',
      getConfig: () => ({}),
      lossTerms: (c) => {
        if (c.training) stepEpochs.add(c.epoch);
        return {};
      },
    };
    const ae = Autoencoder.builder().inputDim(6).latentDim(2).strategy(spy).seed(2).build();
    await ae.fit(X, { epochs: 2, batchSize: 20 });
    const seen: string[] = [];
    const losses: number[] = [];
    await ae.fit(X, {
      epochs: 2,
      batchSize: 20,
      onBatchEnd: (batch, logs) => void seen.push(`b${logs.epoch}.${batch}`),
      callbacks: [
        {
          onEpochBegin: (epoch) => void seen.push(`begin${epoch}`),
          onEpochEnd: (epoch, logs) => {
            seen.push(`end${epoch}`);
            losses.push(logs.loss);
          },
        },
      ],
    });
    expect(seen).toEqual(['begin2', 'b2.0', 'b2.1', 'end2', 'begin3', 'b3.0', 'b3.1', 'end3']);
    expect([...stepEpochs]).toEqual([0, 1, 2, 3]);
    expect(ae.history.loss.slice(2)).toEqual(losses);
    ae.dispose();
  });
});

describeEachBackend('fit({ callbacks })', () => {
  it('runs the hooks in Keras order, shorthands first, and hands onTrainEnd the history', async () => {
    const ae = smallAutoencoder();
    const seen: string[] = [];
    const log = (name: string): Callback => ({
      onTrainBegin: () => void seen.push(`${name}:trainBegin`),
      onEpochBegin: (e) => void seen.push(`${name}:epochBegin${e}`),
      onBatchEnd: (b) => void seen.push(`${name}:batch${b}`),
      onEpochEnd: async (e) => {
        await new Promise((r) => setTimeout(r, 1));
        seen.push(`${name}:epochEnd${e}`);
      },
      onTrainEnd: (h) => void seen.push(`${name}:trainEnd${h.loss.length}`),
    });
    const h = await ae.fit(X, {
      epochs: 2,
      batchSize: 20,
      onEpochEnd: (e) => void seen.push(`short:epochEnd${e}`),
      callbacks: [log('a'), log('b')],
    });
    expect(h.loss).toHaveLength(2);
    const epoch = (e: number) => [
      `a:epochBegin${e}`,
      `b:epochBegin${e}`,
      'a:batch0',
      'b:batch0',
      'a:batch1',
      'b:batch1',
      `short:epochEnd${e}`,
      `a:epochEnd${e}`,
      `b:epochEnd${e}`,
    ];
    expect(seen).toEqual([
      'a:trainBegin',
      'b:trainBegin',
      ...epoch(0),
      ...epoch(1),
      'a:trainEnd2',
      'b:trainEnd2',
    ]);
    ae.dispose();
  });

  it('stop() from onEpochEnd ends training after that epoch; the other hooks of that epoch still run', async () => {
    const ae = smallAutoencoder();
    const ends: number[] = [];
    const h = await ae.fit(X, {
      epochs: 10,
      batchSize: 20,
      callbacks: [
        { onEpochEnd: (e, _logs, training) => (e === 2 ? training.stop() : undefined) },
        { onEpochEnd: (e, _logs, training) => void ends.push(e + Number(training.stopped) / 2) },
      ],
    });
    expect(h.loss).toHaveLength(3);
    expect(ends).toEqual([0, 1, 2.5]);
    ae.dispose();
  });

  it('stop() from onBatchEnd or onEpochBegin ends training before the next step, dropping the unfinished epoch as an abort does', async () => {
    const ae = smallAutoencoder();
    let steps = 0;
    const h = await ae.fit(X, {
      epochs: 10,
      batchSize: 10,
      callbacks: [
        {
          onBatchEnd: (b, logs, training) => {
            steps++;
            if (logs.epoch === 1 && b === 1) training.stop();
          },
        },
      ],
    });
    expect(steps).toBe(6);
    expect(h.loss).toHaveLength(1);
    const again = await ae.fit(X, {
      epochs: 10,
      callbacks: [{ onEpochBegin: (e, training) => (e === 2 ? training.stop() : undefined) }],
    });
    expect(again.loss).toHaveLength(1);
    expect(ae.history.loss).toHaveLength(2);
    ae.dispose();
  });

  it('a hook that throws rejects fit with its error and leaks nothing', async () => {
    const ae = smallAutoencoder();
    await ae.fit(X, { epochs: 1 });
    const before = tf.memory().numTensors;
    await expect(
      ae.fit(X, {
        epochs: 3,
        validationData: X,
        patience: 1,
        callbacks: [
          {
            onEpochEnd: () => {
              throw new Error('hook failed');
            },
          },
        ],
      }),
    ).rejects.toThrow('hook failed');
    expect(tf.memory().numTensors).toBe(before);
    ae.dispose();
  });
});

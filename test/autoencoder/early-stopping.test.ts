import * as tf from '@tensorflow/tfjs-core';
import {
  Autoencoder,
  type Callback,
  ConfigurationError,
  DisposedError,
  EarlyStopping,
  type EarlyStoppingOptions,
  LinearStrategy,
  type WeightsSnapshot,
} from 'autoencoders';
import { expect, it } from 'vitest';
import { describeEachBackend, weightsOf } from './helpers.js';

// Train on points along y = x, validate on points along y = -x: learning the first direction
// makes the second one's reconstruction worse, so the validation loss soon stops improving.
const TRAIN = Array.from({ length: 30 }, (_, i) => [(i - 15) / 10, (i - 15) / 10]);
const VALIDATION = Array.from({ length: 30 }, (_, i) => [(i - 15) / 10, -(i - 15) / 10]);

function model(): Autoencoder {
  return Autoencoder.builder()
    .inputDim(2)
    .latentDim(1)
    .strategy(new LinearStrategy())
    .optimizer('adam', { learningRate: 0.05 })
    .seed(4)
    .build();
}

/** Keras' rule on the host: the epoch after which training stops (or undefined) and the best one. */
function hostStop(losses: readonly number[], patience: number, minDelta: number) {
  let best = Number.POSITIVE_INFINITY;
  let bestEpoch: number | undefined;
  let wait = 0;
  for (const [epoch, loss] of losses.entries()) {
    if (loss < best - minDelta) {
      best = loss;
      bestEpoch = epoch;
      wait = 0;
    } else if (++wait >= Math.max(1, patience)) return { stop: epoch, bestEpoch };
  }
  return { stop: undefined, bestEpoch };
}

/**
 * A validation loss that falls, wobbles and plateaus: improvements at epochs 0, 1, 2, 4 and 7 by
 * 1, 1, 0.5 and 0.1, so patience and minDelta each change where training stops.
 */
const SCRIPT = [5, 4, 3, 3.5, 2.5, 2.6, 2.7, 2.4, 2.45, 2.41, 2.5, 2.6, 2.7, 2.8, 2.9, 3];

/** Runs `early` on {@link SCRIPT} in place of the real validation loss. */
function scripted(early: EarlyStopping): Callback {
  return {
    onTrainBegin: (training) => early.onTrainBegin(training),
    onEpochEnd: (epoch, logs, training) =>
      early.onEpochEnd(epoch, { ...logs, valLoss: SCRIPT[epoch] }, training),
    onTrainEnd: (history, training) => early.onTrainEnd(history, training),
  };
}

/** A callback that records every epoch's weights, read back on the host. */
function weightRecorder(ae: Autoencoder): { callback: Callback; weights: number[][][] } {
  const weights: number[][][] = [];
  return { weights, callback: { onEpochEnd: () => void weights.push(weightsOf(ae)) } };
}

describeEachBackend('EarlyStopping', () => {
  it('stops after patience epochs without a better validation loss, as Keras does', async () => {
    for (const [patience, minDelta] of [
      [3, 0],
      [0, 0],
      [3, 0.2],
    ] as const) {
      const ae = model();
      const early = new EarlyStopping({ patience, minDelta });
      const recorder = weightRecorder(ae);
      const h = await ae.fit(TRAIN, {
        epochs: SCRIPT.length,
        batchSize: 30,
        validationData: VALIDATION,
        callbacks: [scripted(early), recorder.callback],
      });
      const { stop, bestEpoch } = hostStop(SCRIPT, patience, minDelta);
      // The expectation is met by stopping, not by running out of epochs.
      expect(stop).toBeLessThan(SCRIPT.length - 1);
      expect(h.loss.length).toBe((stop ?? Number.NaN) + 1);
      expect(early.stoppedEpoch).toBe(stop);
      expect(early.bestEpoch).toBe(bestEpoch);
      // Restored: the weights after the best epoch, not those of the last one.
      expect(bestEpoch).toBeLessThan(h.loss.length - 1);
      expect(weightsOf(ae)).toEqual(recorder.weights[bestEpoch ?? -1]);
      ae.dispose();
    }
    // The three cases stop at three different epochs: patience and minDelta both count.
    const stops = new Set(
      [hostStop(SCRIPT, 3, 0), hostStop(SCRIPT, 0, 0), hostStop(SCRIPT, 3, 0.2)].map((r) => r.stop),
    );
    expect(stops.size).toBe(3);
  });

  it('stops on a real validation loss that rises, restoring the best weights', async () => {
    const ae = model();
    const early = new EarlyStopping({ patience: 3 });
    const h = await ae.fit(TRAIN, {
      epochs: 200,
      batchSize: 30,
      validationData: VALIDATION,
      callbacks: [early],
    });
    const valLoss = h.valLoss ?? [];
    const { stop, bestEpoch } = hostStop(valLoss, 3, 0);
    expect(h.loss.length).toBe((stop ?? Number.NaN) + 1);
    expect(ae.evaluate(VALIDATION).loss).toBe(valLoss[bestEpoch ?? -1]);
    ae.dispose();
  });

  it("monitors the training loss with monitor: 'loss' (no validation needed)", async () => {
    const ae = model();
    // minDelta makes the slowly falling training loss plateau in a few dozen epochs.
    const h = await ae.fit(TRAIN, {
      epochs: 300,
      batchSize: 30,
      callbacks: [new EarlyStopping({ patience: 2, minDelta: 1e-3, monitor: 'loss' })],
    });
    const { stop } = hostStop(h.loss, 2, 1e-3);
    expect(stop).toBeGreaterThan(5); // not the NaN of a missing valLoss, which stops at once
    expect(h.loss.length).toBe((stop ?? Number.NaN) + 1);
    ae.dispose();
  });

  it('restores the weights of the best epoch, with a validationSplit', async () => {
    const ae = model();
    const x = [...TRAIN, ...VALIDATION.slice(0, 10)]; // the split holds out the last 10 rows
    const recorder = weightRecorder(ae);
    const h = await ae.fit(x, {
      epochs: 200,
      batchSize: 30,
      validationSplit: 0.25,
      callbacks: [new EarlyStopping({ patience: 3 }), recorder.callback],
    });
    const valLoss = h.valLoss ?? [];
    const best = valLoss.indexOf(Math.min(...valLoss));
    expect(best).toBeLessThan(valLoss.length - 1); // the last epoch was not the best one
    expect(weightsOf(ae)).toEqual(recorder.weights[best]);
    // The same deterministic pass as the epoch's validation: the very same number.
    expect(ae.evaluate(VALIDATION.slice(0, 10)).loss).toBe(valLoss[best]);
    ae.dispose();
  });

  it('keeps the last weights with restoreBestWeights: false', async () => {
    const ae = model();
    const recorder = weightRecorder(ae);
    const h = await ae.fit(TRAIN, {
      epochs: 200,
      batchSize: 30,
      validationData: VALIDATION,
      callbacks: [new EarlyStopping({ patience: 3, restoreBestWeights: false }), recorder.callback],
    });
    expect(h.loss.length).toBeLessThan(200);
    expect(weightsOf(ae)).toEqual(recorder.weights.at(-1));
    ae.dispose();
  });

  it('the patience option is the same callback: same epochs, same restored weights', async () => {
    const viaOption = model();
    const a = await viaOption.fit(TRAIN, {
      epochs: 200,
      batchSize: 30,
      validationData: VALIDATION,
      patience: 3,
    });
    const viaClass = model();
    const b = await viaClass.fit(TRAIN, {
      epochs: 200,
      batchSize: 30,
      validationData: VALIDATION,
      callbacks: [new EarlyStopping({ patience: 3 })],
    });
    expect(b.valLoss).toEqual(a.valLoss);
    expect(weightsOf(viaClass)).toEqual(weightsOf(viaOption));
    viaOption.dispose();
    viaClass.dispose();
  });

  it('one instance serves several fit calls, each watching afresh', async () => {
    const ae = model();
    const early = new EarlyStopping({ patience: 2 });
    const options = { epochs: 200, batchSize: 30, validationData: VALIDATION, callbacks: [early] };
    const first = await ae.fit(TRAIN, options);
    const second = await ae.fit(TRAIN, options);
    const offset = first.loss.length;
    const { stop } = hostStop(second.valLoss ?? [], 2, 0);
    expect(stop).toBeDefined();
    expect(early.stoppedEpoch).toBe(offset + (stop ?? Number.NaN));
    ae.dispose();
  });

  it('frees every snapshot: when fit resolves, and when a later callback throws', async () => {
    const ae = model();
    await ae.fit(TRAIN, { epochs: 1, batchSize: 30, validationData: VALIDATION }); // warm-up
    const before = tf.memory().numTensors;
    await ae.fit(TRAIN, {
      epochs: 200,
      batchSize: 30,
      validationData: VALIDATION,
      callbacks: [new EarlyStopping({ patience: 3 })],
    });
    expect(tf.memory().numTensors).toBe(before);
    let kept: WeightsSnapshot | undefined;
    const failing: Callback = {
      onEpochEnd: (epoch, _logs, training) => {
        kept = training.snapshotWeights(); // never freed by the callback: the loop frees it
        if (epoch >= 5) throw new Error('boom');
      },
    };
    await expect(
      ae.fit(TRAIN, {
        epochs: 200,
        batchSize: 30,
        validationData: VALIDATION,
        callbacks: [new EarlyStopping({ patience: 50 }), failing],
      }),
    ).rejects.toThrow('boom');
    expect(tf.memory().numTensors).toBe(before);
    expect(kept?.disposed).toBe(true);
    ae.dispose();
  });

  it('a snapshot is restored only within its fit call', async () => {
    const ae = model();
    let kept: WeightsSnapshot | undefined;
    const keep: Callback = {
      onTrainBegin: (training) => {
        kept = training.snapshotWeights();
      },
    };
    await ae.fit(TRAIN, { epochs: 1, batchSize: 30, callbacks: [keep] });
    const snapshot = kept as WeightsSnapshot;
    const restoreStale: Callback = {
      onTrainBegin: (training) => training.restoreWeights(snapshot),
    };
    await expect(ae.fit(TRAIN, { epochs: 1, callbacks: [restoreStale] })).rejects.toThrow(
      DisposedError,
    );
    const restoreForeign: Callback = {
      onTrainBegin: (training) => training.restoreWeights({ disposed: false, dispose() {} }),
    };
    await expect(ae.fit(TRAIN, { epochs: 1, callbacks: [restoreForeign] })).rejects.toThrow(
      ConfigurationError,
    );
    ae.dispose();
  });

  it("refuses monitor: 'valLoss' without validation data, before the first step", async () => {
    const ae = model();
    const before = weightsOf(ae);
    const tensors = tf.memory().numTensors;
    await expect(
      ae.fit(TRAIN, { epochs: 3, callbacks: [new EarlyStopping({ patience: 1 })] }),
    ).rejects.toThrow(/validationData or validationSplit/);
    await expect(
      ae.fit(TRAIN, { epochs: 3, callbacks: [new EarlyStopping({ patience: 1 })] }),
    ).rejects.toThrow(ConfigurationError);
    expect(weightsOf(ae)).toEqual(before);
    expect(ae.history.loss).toHaveLength(0);
    expect(tf.memory().numTensors).toBe(tensors);
    ae.dispose();
  });

  it('refuses bad settings with a ConfigurationError', () => {
    const bad: unknown[] = [
      undefined,
      null,
      [],
      {},
      { patience: -1 },
      { patience: 1.5 },
      { patience: '3' },
      { patience: 3, minDelta: -1 },
      { patience: 3, minDelta: Number.NaN },
      { patience: 3, monitor: 'val_loss' },
      { patience: 3, restoreBestWeights: 1 },
      { patience: 3, paitence: 2 },
    ];
    for (const options of bad)
      expect(() => new EarlyStopping(options as EarlyStoppingOptions)).toThrow(ConfigurationError);
    expect(() => new EarlyStopping({ patience: 3, paitence: 2 } as never)).toThrow(/paitence/);
    expect(() => new EarlyStopping({ patience: -1 })).toThrow(/patience is -1/);
    expect(() => new EarlyStopping({ patience: 3, monitor: 'mse' as never })).toThrow(
      /'valLoss' or 'loss'/,
    );
  });
});

import * as tf from '@tensorflow/tfjs-core';
import { Autoencoder, ConfigurationError, ReduceLROnPlateau } from 'autoencoders';
import { describe, expect, it } from 'vitest';
import { scheduleRate } from '../../src/autoencoder/training/schedules.js';
import { describeEachBackend, uniformRows, weightsOf } from './helpers.js';

const X = uniformRows(12, 3, 4);

/** 3-2-3, all linear: its loss (mean over rows of the summed squared error) is easy to write. */
function linear(): Autoencoder {
  return Autoencoder.builder()
    .inputDim(3)
    .latentDim(2)
    .activation('linear')
    .seed(11)
    .optimizer('adam', { learningRate: 0.01 })
    .build();
}

/**
 * Full-batch Adam in float64 on the host (Kingma and Ba, Algorithm 1, eps 1e-7 as tfjs on cpu),
 * with the gradients of the same loss from stock tfjs `tf.grads` on a plain function.
 */
function hostAdam(initial: number[][], rates: number[]): number[][] {
  const shapes = [[3, 2], [2], [2, 3], [3]];
  const w = initial.map((v) => [...v]);
  const m = w.map((v) => v.map(() => 0));
  const s = w.map((v) => v.map(() => 0));
  const loss = (w1: tf.Tensor, b1: tf.Tensor, w2: tf.Tensor, b2: tf.Tensor) => {
    const x = tf.tensor2d(X);
    const y = tf.add(tf.matMul(tf.add(tf.matMul(x, w1 as tf.Tensor2D), b1), w2 as tf.Tensor2D), b2);
    return tf.mean(tf.sum(tf.square(tf.sub(y, x)), 1)) as tf.Scalar;
  };
  const g = tf.grads(loss);
  rates.forEach((lr, t) => {
    const grads = tf.tidy(() =>
      g(w.map((v, i) => tf.tensor(v, shapes[i]))).map((x) => Array.from(x.dataSync())),
    );
    const b1 = 0.9;
    const b2 = 0.999;
    for (let i = 0; i < w.length; i++) {
      for (let j = 0; j < w[i].length; j++) {
        m[i][j] = b1 * m[i][j] + (1 - b1) * grads[i][j];
        s[i][j] = b2 * s[i][j] + (1 - b2) * grads[i][j] ** 2;
        const mh = m[i][j] / (1 - b1 ** (t + 1));
        const vh = s[i][j] / (1 - b2 ** (t + 1));
        w[i][j] -= (lr * mh) / (Math.sqrt(vh) + 1e-7);
      }
    }
  });
  return w;
}

function maxDiff(a: number[][], b: number[][]): number {
  return Math.max(...a.flatMap((v, i) => v.map((x, j) => Math.abs(x - b[i][j]))));
}

describeEachBackend('learning-rate changes keep the optimizer', () => {
  it("keeps Adam's m and v across fit calls with different rates (host-side Adam)", async () => {
    const ae = linear();
    const start = weightsOf(ae);
    await ae.fit(X, { epochs: 6, batchSize: 12, learningRate: 0.01 });
    await ae.fit(X, { epochs: 3, batchSize: 12, learningRate: 0.003 });
    const expected = hostAdam(start, [...Array(6).fill(0.01), 0.003, 0.003, 0.003]);
    // A fresh optimizer at the rate change (the old behaviour) restarts from m = v = 0, so its
    // first steps are ±rate per weight whatever the history; float32 against float64 agrees to
    // ~1e-6 here.
    const reset = hostAdam(hostAdam(start, Array(6).fill(0.01)), [0.003, 0.003, 0.003]);
    expect(maxDiff(weightsOf(ae), expected)).toBeLessThan(2e-5);
    expect(maxDiff(reset, expected)).toBeGreaterThan(5e-4);
    ae.dispose();
  });

  it('applies a schedule function at every step, with the epoch over the whole history', async () => {
    const ae = linear();
    const start = weightsOf(ae);
    const seen: [number, number][] = [];
    const rate = (epoch: number, step: number) => {
      seen.push([epoch, step]);
      return 0.02 / (epoch + 1);
    };
    await ae.fit(X, { epochs: 1, batchSize: 12, learningRate: rate });
    await ae.fit(X, { epochs: 2, batchSize: 12, learningRate: rate });
    expect(seen).toEqual([
      [0, 0],
      [1, 0],
      [2, 0],
    ]);
    expect(maxDiff(weightsOf(ae), hostAdam(start, [0.02, 0.01, 0.02 / 3]))).toBeLessThan(2e-5);
    ae.dispose();
  });

  it('leaks no tensor when the rate changes between calls', async () => {
    const ae = linear();
    await ae.fit(X, { epochs: 1, batchSize: 4, learningRate: 0.01 });
    const before = tf.memory().numTensors;
    await ae.fit(X, {
      epochs: 2,
      batchSize: 4,
      learningRate: { kind: 'cosine', initial: 0.01, epochs: 3 },
    });
    expect(tf.memory().numTensors).toBe(before);
    ae.dispose();
  });
});

describe('schedule shapes', () => {
  it('cosine: warm-up to the peak, half a cosine down to the floor, then flat', () => {
    const s = { kind: 'cosine', initial: 1, minimum: 0.1, epochs: 10, warmupEpochs: 2 } as const;
    expect(scheduleRate(s, 0, 1)).toBeCloseTo(0.5, 12);
    expect(scheduleRate(s, 2, 2)).toBeCloseTo(1, 12);
    // Halfway through the decay: (1 + cos(pi/2)) / 2 = 0.5 of the span above the floor.
    expect(scheduleRate(s, 6, 6)).toBeCloseTo(0.1 + 0.9 * 0.5, 12);
    expect(scheduleRate(s, 10, 10)).toBeCloseTo(0.1, 12);
    expect(scheduleRate(s, 20, 20)).toBeCloseTo(0.1, 12);
  });

  it('step: multiplies by factor every everyEpochs epochs after the warm-up', () => {
    const s = { kind: 'step', initial: 0.8, factor: 0.5, everyEpochs: 3 } as const;
    expect([0, 2, 3, 6, 7].map((e) => scheduleRate(s, e, e + 1))).toEqual([
      0.8, 0.8, 0.4, 0.2, 0.2,
    ]);
  });
});

describe('bad learning rates are a ConfigurationError', () => {
  const cases: [string, unknown, RegExp][] = [
    ['negative', -0.1, /learningRate is -0.1/],
    ['NaN', Number.NaN, /learningRate is NaN/],
    ['zero', 0, /finite number > 0/],
    ['unknown kind', { kind: 'triangle', initial: 0.1 }, /kind is "triangle".*'cosine' or 'step'/],
    ['unknown key', { kind: 'cosine', initial: 0.1, epochs: 3, warmup: 1 }, /warmup/],
    [
      'minimum above initial',
      { kind: 'cosine', initial: 0.1, minimum: 0.2, epochs: 3 },
      /below initial/,
    ],
    ['factor 1', { kind: 'step', initial: 0.1, factor: 1, everyEpochs: 2 }, /factor is 1/],
    ['string', '0.1', /learningRate is "0.1"/],
  ];
  for (const [title, value, message] of cases) {
    it(`fit refuses ${title}`, async () => {
      const ae = linear();
      const p = ae.fit(X, { learningRate: value as number });
      await expect(p).rejects.toThrow(ConfigurationError);
      await expect(ae.fit(X, { learningRate: value as number })).rejects.toThrow(message);
      ae.dispose();
    });
  }

  it('the builder refuses the same bad schedules, all problems at once', () => {
    const build = () =>
      Autoencoder.builder()
        .inputDim(3)
        .latentDim(2)
        .optimizer('adam', {
          learningRate: { kind: 'cosine', initial: -1, epochs: 0 } as never,
        })
        .build();
    expect(build).toThrow(ConfigurationError);
    expect(build).toThrow(/learningRate.initial is -1[\s\S]*learningRate.epochs is 0/);
  });

  it('scaleLearningRate refuses a factor that is not finite and > 0', async () => {
    const ae = linear();
    const bad = {
      onEpochEnd: (_e: number, _l: unknown, t: { scaleLearningRate(f: number): void }) =>
        t.scaleLearningRate(Number.NaN),
    };
    await expect(ae.fit(X, { callbacks: [bad] })).rejects.toThrow(/scaleLearningRate\(NaN\)/);
    ae.dispose();
  });

  it('a function that returns NaN stops fit with a ConfigurationError naming the step', async () => {
    const ae = linear();
    await expect(ae.fit(X, { epochs: 2, learningRate: () => Number.NaN })).rejects.toThrow(
      /returned NaN at epoch 1, step 1/,
    );
    ae.dispose();
  });

  it('the builder refuses a function (it cannot be saved) and keeps a schedule object', () => {
    const build = (learningRate: unknown) =>
      Autoencoder.builder()
        .inputDim(3)
        .latentDim(2)
        .optimizer('adam', { learningRate: learningRate as number })
        .build();
    expect(() => build(() => 0.1)).toThrow(/cannot be saved/);
    const schedule = { kind: 'step', initial: 0.01, factor: 0.5, everyEpochs: 5 } as const;
    const ae = build(schedule);
    expect(ae.getConfig().optimizer.learningRate).toEqual(schedule);
    const again = Autoencoder.fromConfig(ae.getConfig());
    expect(again.getConfig().optimizer.learningRate).toEqual(schedule);
    ae.dispose();
    again.dispose();
  });
});

describe('validationSplit and ReduceLROnPlateau', () => {
  it('holds out the last rows: the validation loss is the evaluate() of those rows', async () => {
    const ae = linear();
    const h = await ae.fit(X, { epochs: 1, batchSize: 4, validationSplit: 0.25 });
    expect(h.valLoss?.[0]).toBeCloseTo(ae.evaluate(X.slice(9)).loss, 5);
    ae.dispose();
  });

  it('refuses a bad split, or a split beside validationData', async () => {
    const ae = linear();
    await expect(ae.fit(X, { validationSplit: 1 })).rejects.toThrow(/validationSplit is 1/);
    await expect(ae.fit(X, { validationSplit: 0.5, validationData: X })).rejects.toThrow(
      /pass one of them/,
    );
    await expect(ae.fit(X, { validationSplit: 0.01 })).rejects.toThrow(/no validation row/);
    ae.dispose();
  });

  it('cuts the rate by factor after patience epochs without improvement', async () => {
    const ae = linear();
    const rates: number[] = [];
    // A loss that never improves after the first epoch: every second epoch is a plateau.
    let calls = 0;
    const plateau = new ReduceLROnPlateau({ factor: 0.5, patience: 2 });
    const fake = {
      onEpochEnd: plateau.onEpochEnd.bind(plateau),
    };
    await ae.fit(X, {
      epochs: 6,
      batchSize: 12,
      learningRate: 0.01,
      callbacks: [
        {
          onEpochEnd: (e, logs, training) => {
            calls++;
            fake.onEpochEnd(e, { ...logs, loss: calls === 1 ? 0 : 1 }, training);
          },
        },
      ],
      onBatchEnd: (_b, _l, training) => {
        rates.push(training.learningRate);
      },
    });
    expect(rates.map((r) => +r.toPrecision(6))).toEqual([0.01, 0.01, 0.01, 0.005, 0.005, 0.0025]);
    expect(plateau.reductions).toEqual([2, 4]);
    ae.dispose();
  });

  it('refuses bad settings', () => {
    expect(() => new ReduceLROnPlateau({ factor: 2 })).toThrow(ConfigurationError);
    expect(() => new ReduceLROnPlateau({ patience: 0 })).toThrow(/patience is 0/);
    expect(() => new ReduceLROnPlateau({ minDelta: Number.NaN })).toThrow(/minDelta is NaN/);
    expect(() => new ReduceLROnPlateau({ paitence: 2 } as never)).toThrow(/paitence/);
    expect(() => new ReduceLROnPlateau(null as never)).toThrow(ConfigurationError);
  });
});

import * as tf from '@tensorflow/tfjs-core';
import {
  Autoencoder,
  ConfigurationError,
  DisposedError,
  InvalidInputError,
  ShapeError,
  type VariationalParametrization,
  VariationalStrategy,
} from 'autoencoders';
import { expect, it } from 'vitest';
import { describeEachBackend, hostForward, take, uniformRows } from './helpers.js';

// Expected scores are recomputed on the host in float64 from the stock Layers models' weights
// (hostForward) and tfjs's own seeded N(0, 1) draws; the device works in float32, so the
// tolerance is relative 1e-4 (what is achieved is ~1e-6; sums over 6 features and exp/log).
const X = uniformRows(13, 6, 5);
const TOLERANCE = 1e-4;

function expectClose(got: Float64Array, expected: readonly number[]): void {
  expect(got.length).toBe(expected.length);
  got.forEach((v, i) => {
    expect(Math.abs(v - expected[i])).toBeLessThanOrEqual(
      TOLERANCE * Math.max(1, Math.abs(expected[i])),
    );
  });
}

function plain(): Autoencoder {
  return Autoencoder.builder()
    .inputDim(6)
    .hiddenLayers([5])
    .latentDim(2)
    .activation('tanh')
    .seed(4)
    .build();
}

function vae(
  output: 'sigmoid' | 'linear',
  parametrization: VariationalParametrization = 'logVariance',
  beta = 1,
) {
  return Autoencoder.builder()
    .inputDim(6)
    .hiddenLayers([5])
    .latentDim(3)
    .activation('elu')
    .outputActivation(output)
    .strategy(new VariationalStrategy({ parametrization, beta }))
    .seed(9)
    .build();
}

/** −log p(x|r) per row as the model's loss defines it: Bernoulli CE or the squared error. */
function hostError(x: readonly number[], r: readonly number[], bernoulli: boolean): number {
  return x.reduce(
    (s, v, j) =>
      s + (bernoulli ? -(v * Math.log(r[j]) + (1 - v) * Math.log(1 - r[j])) : (v - r[j]) ** 2),
    0,
  );
}

interface HostPosterior {
  mu: number[][];
  logVar: number[][];
}

function hostPosterior(
  ae: Autoencoder,
  parametrization: VariationalParametrization,
): HostPosterior {
  const [mu, spread] = hostForward(ae.encoder, X);
  const logVar = spread.map((row) =>
    row.map((s) =>
      parametrization === 'sigma' ? Math.log(1e-10 + s * s) : Math.min(20, Math.max(-30, s)),
    ),
  );
  return { mu, logVar };
}

/** The closed-form KL(N(μ, σ²) ‖ N(0, I)) of each row. */
function hostKl({ mu, logVar }: HostPosterior): number[] {
  return mu.map((row, i) =>
    row.reduce((s, m, j) => s + 0.5 * (Math.exp(logVar[i][j]) + m * m - 1 - logVar[i][j]), 0),
  );
}

/** Draw k as the scores document it: tf.randomNormal([rows, latent], 0, 1, 'float32', seed + k). */
function draw(rows: number, latent: number, seed: number): number[][] {
  return take(tf.randomNormal([rows, latent], 0, 1, 'float32', seed) as tf.Tensor2D);
}

/** Per row and draw: the error at z = μ + σε and log p(z) − log q(z|x). */
function hostDraws(
  ae: Autoencoder,
  q: HostPosterior,
  parametrization: VariationalParametrization,
  bernoulli: boolean,
  seed: number,
  samples: number,
) {
  const [, spread] = hostForward(ae.encoder, X);
  return Array.from({ length: samples }, (_, k) => {
    const eps = draw(X.length, 3, seed + k);
    const z = q.mu.map((row, i) =>
      row.map(
        (m, j) =>
          m +
          (parametrization === 'sigma' ? spread[i][j] : Math.exp(0.5 * q.logVar[i][j])) * eps[i][j],
      ),
    );
    const [r] = hostForward(ae.decoder, z);
    return X.map((x, i) => ({
      error: hostError(x, r[i], bernoulli),
      logRatio: z[i].reduce(
        (s, zj, j) => s - 0.5 * zj * zj + 0.5 * eps[i][j] ** 2 + 0.5 * q.logVar[i][j],
        0,
      ),
    }));
  });
}

function countTensors(f: () => unknown): number {
  const before = tf.memory().numTensors;
  try {
    f();
  } catch {
    // The count is what matters here; the error types are checked elsewhere.
  }
  return tf.memory().numTensors - before;
}

describeEachBackend('Autoencoder.scoreSamples', () => {
  it("scores a deterministic model by each row's summed squared error of reconstruct()", () => {
    const ae = plain();
    const r = take(ae.reconstruct(X));
    const scores = ae.scoreSamples(X);
    expect(scores).toBeInstanceOf(Float64Array);
    expectClose(
      scores,
      X.map((x, i) => hostError(x, r[i], false)),
    );
    // The same per-row quantity the mse averages.
    expect(scores.reduce((s, v) => s + v, 0) / X.length).toBeCloseTo(ae.evaluate(X).mse, 5);
    ae.dispose();
  });

  for (const [output, parametrization] of [
    ['sigmoid', 'logVariance'],
    ['linear', 'logVariance'],
    ['sigmoid', 'sigma'],
  ] as const) {
    const bernoulli = output === 'sigmoid';
    const name = `${bernoulli ? 'Bernoulli' : 'squared-error'} VAE (${parametrization})`;

    it(`${name}: the default is the deterministic −ELBO, error at the mean code plus the closed-form KL at β = 1`, () => {
      const ae = vae(output, parametrization, 4);
      const q = hostPosterior(ae, parametrization);
      const [r] = hostForward(ae.decoder, q.mu);
      const kl = hostKl(q);
      expectClose(
        ae.scoreSamples(X),
        X.map((x, i) => hostError(x, r[i], bernoulli) + kl[i]),
      );
      ae.dispose();
    });

    it(`${name}: { samples, seed } is the Monte Carlo ELBO over tfjs's draws seed + k`, () => {
      const ae = vae(output, parametrization);
      const q = hostPosterior(ae, parametrization);
      const kl = hostKl(q);
      const draws = hostDraws(ae, q, parametrization, bernoulli, 77, 4);
      const expected = X.map((_, i) => draws.reduce((s, d) => s + d[i].error, 0) / 4 + kl[i]);
      expectClose(ae.scoreSamples(X, { samples: 4, seed: 77 }), expected);
      ae.dispose();
    });

    it(`${name}: 'iwae' is −log of the mean importance weight of the same draws`, () => {
      const ae = vae(output, parametrization);
      const q = hostPosterior(ae, parametrization);
      const draws = hostDraws(ae, q, parametrization, bernoulli, 5, 6);
      const expected = X.map((_, i) => {
        const logW = draws.map((d) => d[i].logRatio - d[i].error);
        const top = Math.max(...logW);
        return -(top + Math.log(logW.reduce((s, w) => s + Math.exp(w - top), 0) / logW.length));
      });
      const scores = ae.scoreSamples(X, { estimator: 'iwae', samples: 6, seed: 5, batchSize: 4 });
      expectClose(scores, expected);
      // Jensen: the IWAE estimate of −log p(x) never exceeds the full Monte Carlo −ELBO of its draws.
      X.forEach((_, i) => {
        const elbo = draws.reduce((s, d) => s + d[i].error - d[i].logRatio, 0) / draws.length;
        expect(scores[i]).toBeLessThanOrEqual(elbo + 1e-4);
      });
      ae.dispose();
    });
  }

  it('gives the same scores whatever the batch size, and the same draws for the same seed', () => {
    const ae = vae('sigmoid');
    for (const options of [
      {},
      { samples: 3, seed: 2 },
      { estimator: 'iwae' as const, samples: 3, seed: 2 },
    ]) {
      const whole = ae.scoreSamples(X, options);
      const batched = ae.scoreSamples(X, { ...options, batchSize: 5 });
      whole.forEach((v, i) => {
        expect(batched[i]).toBeCloseTo(v, 5);
      });
    }
    const a = ae.scoreSamples(X, { samples: 2 });
    const b = ae.scoreSamples(X, { samples: 2 });
    expect(a).not.toEqual(b); // no seed: the model's generator moves on
    ae.dispose();
  });

  it('leaks no tensor on any path, also when it throws', () => {
    const ae = vae('sigmoid');
    const p = plain();
    const calls: (() => unknown)[] = [
      () => ae.scoreSamples(X),
      () => ae.scoreSamples(X, { samples: 2, seed: 1, batchSize: 4 }),
      () => ae.scoreSamples(X, { estimator: 'iwae', samples: 2, batchSize: 4 }),
      () => ae.outliers(X, { threshold: 3 }),
      () => ae.scoreSamples([[2, 0, 0, 0, 0, 0]]),
      () => ae.scoreSamples([[Number.NaN, 0, 0, 0, 0, 0]]),
      () => ae.scoreSamples(X, { samples: 0 }),
      () => p.scoreSamples(X, { batchSize: 3 }),
      () => p.scoreSamples(X, { seed: 1 }),
    ];
    for (const call of calls) {
      countTensors(call); // warm-up: tfjs caches a few tensors on first use
      expect(countTensors(call)).toBe(0);
    }
    const input = tf.tensor2d(X);
    expect(countTensors(() => ae.scoreSamples(input, { samples: 2 }))).toBe(0);
    expect(input.isDisposed).toBe(false);
    input.dispose();
    ae.dispose();
    p.dispose();
  });

  it('answers bad input and options with typed errors that say what to do', () => {
    const ae = vae('sigmoid');
    const p = plain();
    expect(() => ae.scoreSamples([[1, 2]])).toThrow(ShapeError);
    expect(() => ae.scoreSamples([[Number.NaN, 0, 0, 0, 0, 0]])).toThrow(InvalidInputError);
    expect(() => ae.scoreSamples([[255, 0, 0, 0, 0, 0]])).toThrow(/Bernoulli/);
    expect(() => ae.scoreSamples(X, null as never)).toThrow(ConfigurationError);
    expect(() => ae.scoreSamples(X, { sample: 3 } as never)).toThrow(/did you mean 'samples'/);
    expect(() => ae.scoreSamples(X, { samples: 1.5 })).toThrow(
      /samples is 1.5; pass a positive integer/,
    );
    expect(() => ae.scoreSamples(X, { estimator: 'kde' as never })).toThrow(/'elbo' or 'iwae'/);
    expect(() => ae.scoreSamples(X, { seed: Number.NaN })).toThrow(ConfigurationError);
    expect(() => ae.scoreSamples(X, { batchSize: 0 })).toThrow(ConfigurationError);
    expect(() => p.scoreSamples(X, { samples: 3 })).toThrow(/variational models only/);
    expect(() => p.outliers(X, undefined as never)).toThrow(/threshold is undefined/);
    expect(() => p.outliers(X, { threshold: Number.NaN })).toThrow(ConfigurationError);
    expect(() => p.outliers(X, null as never)).toThrow(/must be an object/);
    expect(() => p.outliers(X, { threshold: 1, limit: 2 } as never)).toThrow(
      /Unknown option 'limit'/,
    );
    ae.dispose();
    p.dispose();
  });

  it('refuses a score that overflowed float32 with InvalidInputError, leaking nothing', () => {
    const ae = plain();
    const huge = ae.decoder.getWeights().map((w) => tf.fill(w.shape, 1e30));
    const broken = Autoencoder.fromConfig(ae.getConfig(), { decoderWeights: huge });
    const before = tf.memory().numTensors;
    expect(() => broken.scoreSamples(X)).toThrow(InvalidInputError);
    expect(() => broken.outliers(X, { threshold: 1 })).toThrow(/outliers: the score of row 0 is/);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(huge);
    broken.dispose();
    ae.dispose();
  });

  it('throws DisposedError after dispose', () => {
    const ae = plain();
    ae.dispose();
    expect(() => ae.scoreSamples(X)).toThrow(DisposedError);
    expect(() => ae.outliers(X, { threshold: 1 })).toThrow(DisposedError);
  });
});

describeEachBackend('Autoencoder.outliers', () => {
  it('flags the rows scoring strictly above the threshold, with the same scores', () => {
    const ae = vae('sigmoid');
    const scores = ae.scoreSamples(X);
    const threshold = scores[3]; // a tie with the threshold is not flagged
    const report = ae.outliers(X, { threshold });
    expect(report.scores).toEqual(scores);
    expect(report.threshold).toBe(threshold);
    expect(report.flagged).toEqual(Array.from(scores, (s) => s > threshold));
    expect(report.flagged[3]).toBe(false);
    const sampled = ae.outliers(X, { threshold, estimator: 'iwae', samples: 2, seed: 3 });
    expect(sampled.scores).toEqual(ae.scoreSamples(X, { estimator: 'iwae', samples: 2, seed: 3 }));
    ae.dispose();
  });
});

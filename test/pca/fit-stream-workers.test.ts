import { execFileSync, spawnSync } from 'node:child_process';
import { ConfigurationError, InvalidInputError, PCA, ShapeError } from 'autoencoders/pca';
import { describe, expect, it } from 'vitest';
import { openWorkerPool } from '../../src/pca/statistics/worker-pool.browser.js';
import { maxRelative, rejection, spectrumRows } from './statistics/helpers.js';

const rows = spectrumRows(3000, [4, 2, 1, 0.5, 0.25, 0.1], 20, 7);
const chunks = Array.from({ length: 12 }, (_, i) => rows.slice(i * 250, (i + 1) * 250));
const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;
if (!hasNumpy && !process.env.CI) console.warn('numpy checks skipped: python3 with numpy missing.');

/** Worker threads alive: each holds a MessagePort handle on the main thread. */
function ports(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'MessagePort').length;
}

const fitWith = (workers?: number, source: number[][][] = chunks) =>
  new PCA().fitStream(source, workers === undefined ? {} : { workers });

describe('PCA.fitStream with workers', () => {
  it('workers 1, 2 and 3 agree with the serial fit; the same count gives the same bits', async () => {
    const serial = await fitWith();
    for (const w of [1, 2, 3]) {
      const a = await fitWith(w);
      const b = await fitWith(w);
      expect(a.nSamples).toBe(3000);
      expect(Array.from(a.explainedVariance)).toEqual(Array.from(b.explainedVariance));
      expect(Array.from(a.mean)).toEqual(Array.from(b.mean));
      // Only the merge order differs from the serial fit: 3.2e-14 relative reached (the smallest
      // variances, relative to themselves); the means agree to the bit.
      expect(maxRelative(a.explainedVariance, serial.explainedVariance)).toBeLessThan(1e-13);
      expect(maxRelative(a.mean, serial.mean)).toBeLessThan(1e-14);
    }
    expect(ports()).toBe(0);
  });

  // Under CI a missing numpy fails this test instead of skipping it.
  it.runIf(hasNumpy || process.env.CI)("matches numpy's eigh of the covariance", async () => {
    const code =
      'import sys,json,numpy as np; x=np.array(json.load(sys.stdin)); ' +
      'print(json.dumps(sorted(np.linalg.eigh(np.cov(x.T))[0].tolist(), reverse=True)))';
    const eig = JSON.parse(
      execFileSync('python3', ['-c', code], { input: JSON.stringify(rows), encoding: 'utf8' }),
    ) as number[];
    for (const w of [2, 3]) {
      const pca = await fitWith(w);
      let worst = 0;
      pca.explainedVariance.forEach((v, i) => {
        worst = Math.max(worst, Math.abs(v - eig[i]) / eig[0]);
      });
      // 6.6e-16 of λ₁ reached (two eigensolvers, d·eps·λ₁); bound about 150× that.
      expect(worst).toBeLessThan(1e-13);
    }
  });

  it('splits one big chunk into blocks over the workers', async () => {
    // 512 columns: blocks of 4,096 rows, so 5,000 rows are two blocks, one per worker.
    const wide = Array.from({ length: 5000 }, (_, i) =>
      Float32Array.from({ length: 512 }, (_, j) => Math.sin(i * 0.37 + j * 1.3) * (1 + (j % 5))),
    );
    const serial = await fitWith(undefined, [wide as unknown as number[][]]);
    const split = await fitWith(2, [wide as unknown as number[][]]);
    // The data has rank 10 or so: compare every eigenvalue against the largest one.
    const l1 = serial.explainedVariance[0];
    let worst = 0;
    split.explainedVariance.forEach((v, i) => {
      worst = Math.max(worst, Math.abs(v - serial.explainedVariance[i]) / l1);
    });
    expect(worst).toBeLessThan(1e-13); // 1.1e-15 reached
    // The serial fit forms one Gram matrix; different bits show the rows went as two blocks.
    expect(Array.from(split.explainedVariance)).not.toEqual(Array.from(serial.explainedVariance));
  });

  it('names a ragged or NaN chunk by its index, as the serial path does', async () => {
    const ragged = [
      chunks[0],
      chunks[1],
      [
        [1, 2, 3, 4, 5, 6],
        [1, 2],
      ],
    ];
    const e1 = await rejection(fitWith(2, ragged));
    expect(e1).toBeInstanceOf(ShapeError);
    expect(e1.message).toMatch(/^Chunk 2: rows is ragged/);
    const nan = [chunks[0], [[1, 2, 3, 4, 5, Number.NaN]]];
    const e2 = await rejection(fitWith(3, nan));
    expect(e2).toBeInstanceOf(InvalidInputError);
    expect(e2.message).toMatch(/^Chunk 1: /);
    const narrow = [chunks[0], [[1, 2]]];
    expect((await rejection(fitWith(2, narrow))).message).toMatch(/^Chunk 1: The rows have 2/);
    expect(ports()).toBe(0);
  });

  it('reports an overflow in a worker as the serial InvalidInputError', async () => {
    const big = [
      chunks[0],
      [
        [1e200, 1, 1, 1, 1, 1],
        [-1e200, 2, 2, 2, 2, 2],
      ],
    ];
    const serial = await rejection(fitWith(undefined, big));
    const pooled = await rejection(fitWith(2, big));
    expect(pooled).toBeInstanceOf(InvalidInputError);
    expect(pooled.message).toBe(serial.message);
  });

  it('an abort mid-stream rejects with the reason and leaves no workers', async () => {
    const controller = new AbortController();
    const reason = new Error('stop');
    let seen = 0;
    const run = new PCA().fitStream(chunks, {
      workers: 2,
      signal: controller.signal,
      onProgress: () => {
        seen = Math.max(seen, ports());
        controller.abort(reason);
      },
    });
    expect(await rejection(run)).toBe(reason);
    expect(seen).toBe(2);
    expect(ports()).toBe(0);
  });

  it('refuses bad workers values and workers with rank', async () => {
    for (const workers of [0, 1.5, -1, '2', Number.NaN, null, 257]) {
      const e = await rejection(new PCA().fitStream(chunks, { workers } as never));
      expect(e).toBeInstanceOf(ConfigurationError);
      expect(e.message).toMatch(/^workers must be an integer from 1 to 256/);
    }
    const e = await rejection(new PCA().fitStream(chunks, { workers: 2, rank: 3 }));
    expect(e).toBeInstanceOf(ConfigurationError);
    expect(e.message).toMatch(/pass workers or rank, not both/);
  });

  it('the browser build refuses workers and says what to do instead', () => {
    expect(() => openWorkerPool(2)).toThrow(ConfigurationError);
    expect(() => openWorkerPool(2)).toThrow(/Node-only.*Web Workers.*merge/);
  });
});

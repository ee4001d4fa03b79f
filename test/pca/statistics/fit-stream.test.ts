import { ConfigurationError, InvalidInputError, PCA, ShapeError } from 'autoencoders/pca';
import { Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { maxRelative, rejection, spectrumRows } from './helpers.js';

const rows = spectrumRows(500, [4, 2, 1, 0.5, 0.25, 0.1], 20, 11);

function chunksOf(size: number): number[][][] {
  const out: number[][][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

describe('PCA.fitStream', () => {
  const single = new PCA({ nComponents: 3, solver: 'exact' }).fit(rows);

  it('from a sync iterable of chunks gives the single-fit model and resolves with the PCA', async () => {
    const pca = new PCA({ nComponents: 3 });
    const result = await pca.fitStream(chunksOf(64));
    expect(result).toBe(pca);
    expect(pca.nSamples).toBe(500);
    expect(maxRelative(pca.explainedVariance, single.explainedVariance)).toBeLessThan(1e-10);
  });

  it('from an async generator of Matrix, typed-array and array chunks', async () => {
    async function* source() {
      yield new Matrix(rows.slice(0, 100));
      yield rows.slice(100, 250).map((r) => Float32Array.from(r).map((_, j) => r[j]));
      yield rows.slice(250, 251).map((r) => Float64Array.from(r));
      yield [];
      yield rows.slice(251);
    }
    const seen: number[] = [];
    const pca = await new PCA({ nComponents: 3 }).fitStream(source(), {
      onProgress: (n) => seen.push(n),
    });
    expect(seen).toEqual([100, 250, 251, 500]);
    // The Float32Array chunk is rounded to float32: compare with the same rounding.
    const rounded = rows.map((r, i) =>
      i >= 100 && i < 250 ? Array.from(Float32Array.from(r)) : r,
    );
    const reference = new PCA({ nComponents: 3, solver: 'exact' }).fit(rounded);
    expect(maxRelative(pca.explainedVariance, reference.explainedVariance)).toBeLessThan(1e-10);
  });

  it('rejects with the signal reason when aborted before or during the stream', async () => {
    const before = new AbortController();
    before.abort();
    const e1 = await rejection(new PCA().fitStream(chunksOf(10), { signal: before.signal }));
    expect(e1.name).toBe('AbortError');
    const during = new AbortController();
    let read = 0;
    function* source() {
      for (const c of chunksOf(10)) {
        read++;
        yield c;
      }
    }
    const e2 = await rejection(
      new PCA().fitStream(source(), {
        signal: during.signal,
        onProgress: (n) => {
          if (n >= 30) during.abort();
        },
      }),
    );
    expect(e2.name).toBe('AbortError');
    expect(read).toBe(3);
  });

  it('names the bad chunk, and refuses a non-iterable source, bad options and other solvers', async () => {
    const bad = [rows.slice(0, 5), [[1, 2, 3, 4, 5, Number.NaN]]];
    const e = await rejection(new PCA().fitStream(bad));
    expect(e).toBeInstanceOf(InvalidInputError);
    expect(e.message).toMatch(/^Chunk 1: rows\[0\]\[5\] is NaN/);
    const matrix = await rejection(
      new PCA().fitStream([
        [1, 2],
        [3, 4],
      ] as never),
    );
    expect(matrix).toBeInstanceOf(ShapeError);
    expect(matrix.message).toContain('pass [X]');
    const ragged = await rejection(new PCA().fitStream([[[1, 2], [3]]]));
    expect(ragged).toBeInstanceOf(ShapeError);
    const wrongD = await rejection(new PCA().fitStream([[[1, 2]], [[1, 2, 3]]]));
    expect(wrongD).toBeInstanceOf(ShapeError);
    expect(await rejection(new PCA().fitStream(42 as never))).toBeInstanceOf(InvalidInputError);
    expect(await rejection(new PCA().fitStream([], null as never))).toBeInstanceOf(
      ConfigurationError,
    );
    const unknown = await rejection(new PCA().fitStream([], { onProgres: () => {} } as never));
    expect(unknown).toBeInstanceOf(ConfigurationError);
    expect(unknown.message).toContain("did you mean 'onProgress'");
    expect(await rejection(new PCA().fitStream([], { signal: 1 } as never))).toBeInstanceOf(
      ConfigurationError,
    );
    const exact = await rejection(new PCA({ solver: 'exact' }).fitStream(chunksOf(10)));
    expect(exact).toBeInstanceOf(ConfigurationError);
    expect(await rejection(new PCA().fitStream([]))).toBeInstanceOf(InvalidInputError);
  });
});

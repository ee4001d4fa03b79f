import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/errors/invalid-input-error.js';
import { readMatrix } from '../../src/pca/matrix-input.js';
import { thrown } from './helpers/thrown.js';

type RowKind = 'array' | 'float64' | 'float32';
const kinds: RowKind[] = ['array', 'float64', 'float32'];

function rowsOf(data: number[][], kind: RowKind) {
  if (kind === 'array') return data.map((r) => r.slice());
  if (kind === 'float64') return data.map((r) => Float64Array.from(r));
  return data.map((r) => Float32Array.from(r));
}

/** A grid of n × d finite values, the same in float32 (so every row kind holds the same data). */
function grid(n: number, d: number): number[][] {
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: d }, (_, j) => Math.fround((i * 7 + j * 3) % 11) - 5),
  );
}

describe('readMatrix finds a non-finite entry wherever it is', () => {
  const bad = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
  it.each(kinds)('%s rows: at the very first and the very last entry', (kind) => {
    // 12 and 13 columns: the last entry in a block of four and in the remainder.
    for (const [v, d] of bad.flatMap((b) => [12, 13].map((c) => [b, c] as const))) {
      for (const [i, j] of [
        [0, 0],
        [9, d - 1],
      ]) {
        const data = grid(10, d);
        data[i][j] = v;
        const e = thrown(() => readMatrix(rowsOf(data, kind)));
        expect(InvalidInputError.is(e)).toBe(true);
        expect(e.message).toContain(`X[${i}][${j}] is ${v}`);
      }
    }
  });

  it('names the first bad entry of a row when a non-number follows a NaN', () => {
    const e = thrown(() =>
      readMatrix([
        [1, 2, 3],
        [4, Number.NaN, 'x' as unknown as number],
      ]),
    );
    expect(InvalidInputError.is(e)).toBe(true);
    expect(e.message).toContain('X[1][1] is NaN');
  });

  it('names the first bad entry of the first bad row, and reads good rows exactly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 17 }),
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom(...bad)), { maxLength: 3 }),
        fc.constantFrom(...kinds),
        // Huge entries too: a running sum of them may overflow, their v·0 may not.
        fc.constantFrom(1, 3e307, 5e-324),
        (n, d, hits, kind, scale) => {
          const data = grid(n, d).map((r) => r.map((v) => (kind === 'float32' ? v : v * scale)));
          for (const [a, b, v] of hits) data[a % n][b % d] = v;
          let first: [number, number] | null = null;
          for (let i = 0; i < n && first === null; i++) {
            for (let j = 0; j < d && first === null; j++)
              if (!Number.isFinite(data[i][j])) first = [i, j];
          }
          if (first === null) {
            const x = readMatrix(rowsOf(data, kind));
            expect(Array.from(x.data)).toEqual(data.flat());
          } else {
            const e = thrown(() => readMatrix(rowsOf(data, kind)));
            expect(InvalidInputError.is(e)).toBe(true);
            expect(e.message).toContain(`X[${first[0]}][${first[1]}] is `);
          }
        },
      ),
      { seed: 1302, numRuns: 300 },
    );
  });
});

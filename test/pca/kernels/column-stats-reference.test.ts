import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { columnStats } from '../../../src/pca/column-stats.js';
import { sparsePattern } from '../../../src/pca/kernels/affine-products.js';

/** Row-by-row host loop: sums in row order, a column of equal entries gets its first value. */
function denseReference(data: Float64Array, n: number, d: number) {
  const mean = new Float64Array(d);
  const sumSquares = new Float64Array(d);
  const maxAbs = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    let sum = 0;
    let equal = true;
    for (let i = 0; i < n; i++) {
      const v = data[i * d + j];
      sum += v;
      maxAbs[j] = Math.max(maxAbs[j], Math.abs(v));
      if (v !== data[j]) equal = false;
    }
    mean[j] = equal ? data[j] : sum / n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (data[i * d + j] - mean[j]) ** 2;
    sumSquares[j] = ss;
  }
  return { mean, sumSquares, maxAbs };
}

/** The sparse formula by host loop: non-zeros in row order, the zeros' share in closed form. */
function sparseReference(data: Float64Array, n: number, d: number) {
  const mean = new Float64Array(d);
  const sumSquares = new Float64Array(d);
  const maxAbs = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    const nz: number[] = [];
    for (let i = 0; i < n; i++) if (data[i * d + j] !== 0) nz.push(data[i * d + j]);
    let sum = 0;
    for (const v of nz) {
      sum += v;
      maxAbs[j] = Math.max(maxAbs[j], Math.abs(v));
    }
    const constant = nz.length === n && nz.every((v) => v === nz[0]);
    mean[j] = nz.length === 0 ? 0 : constant ? nz[0] : sum / n;
    let ss = 0;
    for (const v of nz) ss += (v - mean[j]) ** 2;
    sumSquares[j] = ss + (n - nz.length) * mean[j] * mean[j];
  }
  return { mean, sumSquares, maxAbs };
}

const magnitudes = [1, 1e-300, 5e-324, 1e300, 1.7976931348623157e308, 3.5];
/** A column: constant (often ±0 or an extreme), sparse, or dense values of one magnitude. */
const columnKind = fc.oneof(
  fc.constantFrom(0, -0, 1e300, -1e-310, 7.25).map((v) => ({ kind: 'constant' as const, v })),
  fc.record({
    kind: fc.constant('mixed' as const),
    scale: fc.constantFrom(...magnitudes),
    zeros: fc.constantFrom(0, 0.5, 0.9),
  }),
);

function matrixOf(n: number, kinds: fc.Arbitrary<unknown>[] | unknown[], pool: number[]) {
  const d = kinds.length;
  const data = new Float64Array(n * d);
  let p = 0;
  for (let j = 0; j < d; j++) {
    const c = kinds[j] as
      | { kind: 'constant'; v: number }
      | { kind: 'mixed'; scale: number; zeros: number };
    for (let i = 0; i < n; i++) {
      const u = pool[p++ % pool.length];
      if (c.kind === 'constant') data[i * d + j] = c.v;
      // Signed zeros among the values too: the zeros' share is where ±0 could go astray.
      else if (Math.abs(u) < c.zeros) data[i * d + j] = u < 0 ? -0 : 0;
      else data[i * d + j] = u * c.scale;
    }
  }
  return { data, rows: n, columns: d };
}

const bits = (a: Float64Array) => Array.from(a, (v) => (Object.is(v, -0) ? '-0' : String(v)));

describe('columnStats agrees bit for bit with a row-by-row host loop', () => {
  it('dense and sparse paths, 1 to 21 rows (blocks of 8 and their remainder), every column kind', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 21 }),
        fc.array(columnKind, { minLength: 1, maxLength: 9 }),
        fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 7, maxLength: 64 }),
        (n, kinds, pool) => {
          const x = matrixOf(n, kinds, pool);
          const want = denseReference(x.data, n, x.columns);
          const got = columnStats(x);
          expect(bits(got.mean)).toEqual(bits(want.mean));
          expect(bits(got.sumSquares)).toEqual(bits(want.sumSquares));
          expect(bits(got.maxAbs)).toEqual(bits(want.maxAbs));
          const pattern = sparsePattern(x);
          if (pattern !== null) {
            const ws = sparseReference(x.data, n, x.columns);
            const gs = columnStats(x, pattern);
            expect(bits(gs.mean)).toEqual(bits(ws.mean));
            expect(bits(gs.sumSquares)).toEqual(bits(ws.sumSquares));
            expect(bits(gs.maxAbs)).toEqual(bits(ws.maxAbs));
          }
        },
      ),
      { seed: 1913, numRuns: 300 },
    );
  });

  it('a constant column gets its value exactly and a zero sum of squares past a block of 8', () => {
    const n = 19;
    const v = 0.1 + 0.2; // its repeated sum divided by n is not v
    const data = new Float64Array(n * 2);
    for (let i = 0; i < n; i++) {
      data[i * 2] = v;
      data[i * 2 + 1] = i === n - 1 ? 1 : 0; // varies only in the remainder row
    }
    const s = columnStats({ data, rows: n, columns: 2 });
    expect(s.mean[0]).toBe(v);
    expect(s.sumSquares[0]).toBe(0);
    expect(s.mean[1]).toBe(1 / n);
    expect(s.maxAbs[1]).toBe(1);
  });
});

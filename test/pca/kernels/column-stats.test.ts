import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { columnStats } from '../../../src/pca/column-stats.js';
import { sparsePattern } from '../../../src/pca/kernels/affine-products.js';

describe('columnStats finds the column maxima in its first pass', () => {
  it('maxAbs is maxᵢ |xᵢⱼ| exactly, from the dense data and from the non-zero pattern', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.oneof(fc.constant(0), fc.double({ min: -1e300, max: 1e300, noNaN: true })), {
          minLength: 360,
          maxLength: 360,
        }),
        (n, d, pool) => {
          const data = Float64Array.from({ length: n * d }, (_, i) => pool[i]);
          const x = { data, rows: n, columns: d };
          const expected = new Float64Array(d);
          for (let i = 0; i < n; i++) {
            for (let j = 0; j < d; j++)
              expected[j] = Math.max(expected[j], Math.abs(data[i * d + j]));
          }
          expect(Array.from(columnStats(x).maxAbs)).toEqual(Array.from(expected));
          const pattern = sparsePattern(x);
          if (pattern !== null) {
            expect(Array.from(columnStats(x, pattern).maxAbs)).toEqual(Array.from(expected));
          }
        },
      ),
      { seed: 1313, numRuns: 100 },
    );
  });
});

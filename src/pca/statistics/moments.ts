import { InvalidInputError } from '../../errors/invalid-input-error.js';
import { columnStats } from '../column-stats.js';
import { gramMatrix } from '../kernels/gram.js';
import type { DenseMatrix } from '../matrix-input.js';

/**
 * Exact second-order statistics of a set of rows: n, the column means μ = shift + offset and the
 * centred co-moment matrix M = Σ(x − μ)(x − μ)ᵀ (d×d row-major, both triangles filled).
 *
 * The mean is kept as a provisional mean (the first chunk's) plus a small offset: a running
 * mean near 1e5 rounds to 1.5e-11 at each update, and that error enters the next merge's
 * correction to first order, 1.6e-6 of a variance of 8.1e-11 (SPARK-26158); the offset is
 * rounded relative to itself instead.
 *
 * @internal
 */
export interface Moments {
  count: number;
  readonly shift: Float64Array;
  readonly offset: Float64Array;
  readonly comoments: Float64Array;
}

/** The column means, shift + offset, rounded once. @internal */
export function momentsMean(m: Moments): Float64Array {
  const mean = m.shift.slice();
  for (let j = 0; j < mean.length; j++) mean[j] += m.offset[j];
  return mean;
}

/**
 * The moments of one chunk, centred on the chunk's own mean: columnStats' two-pass means and
 * sums of squares, then the Gram kernel, which skips zeros where every column's mean is small
 * against its spread (pixel data) and centres each row first otherwise. Never the raw
 * XᵀX − nμμᵀ over large means, which loses every digit of a variance far below the mean²
 * (SPARK-26158).
 *
 * @throws {@link InvalidInputError} when a co-moment overflows float64.
 * @internal
 */
export function chunkMoments(x: DenseMatrix): Moments {
  const { data, rows: n, columns: d } = x;
  const { mean, sumSquares } = columnStats(x);
  const comoments = gramMatrix({ x, mean }, sumSquares);
  // The corrected two-pass algorithm (Chan, Golub and LeVeque 1983): the mean of the deviations
  // from the rounded mean, and M about the true mean by the second-order correction n·o·oᵀ.
  const offset = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const ro = i * d;
    for (let j = 0; j < d; j++) offset[j] += data[ro + j] - mean[j];
  }
  for (let j = 0; j < d; j++) offset[j] /= n;
  for (let p = 0; p < d; p++) {
    const np = n * offset[p];
    if (np === 0) continue;
    for (let q = 0; q < d; q++) comoments[p * d + q] -= np * offset[q];
  }
  for (let i = 0; i < comoments.length; i++) {
    if (!Number.isFinite(comoments[i])) {
      throw new InvalidInputError(
        'The squared deviations of these rows overflow float64 (entries beyond about 1e154); ' +
          'multiply the data by a constant that brings its entries near 1 first.',
      );
    }
  }
  return { count: n, shift: mean, offset, comoments };
}

/**
 * Adds the moments `b` into `a` (Chan, Golub and LeVeque 1979; Pébay 2008):
 * n = nₐ + n_b, δ = μ_b − μₐ, μ = μₐ + δ·n_b/n, M = Mₐ + M_b + (nₐ·n_b/n)·δδᵀ. Every term is a
 * centred quantity, so nothing cancels; δ is formed as (shift_b − shiftₐ) + (offset_b − offsetₐ),
 * whose first difference is exact for shifts within a factor 2 of each other (Sterbenz).
 *
 * @throws {@link InvalidInputError} when the merged co-moments overflow (a is then unchanged).
 * @internal
 */
export function mergeMoments(a: Moments, b: Moments): void {
  const d = a.shift.length;
  if (b.count === 0) return;
  if (a.count === 0) {
    a.shift.set(b.shift);
    a.offset.set(b.offset);
    a.comoments.set(b.comoments);
    a.count = b.count;
    return;
  }
  const n = a.count + b.count;
  const delta = new Float64Array(d);
  for (let j = 0; j < d; j++) delta[j] = b.shift[j] - a.shift[j] + (b.offset[j] - a.offset[j]);
  const w = (a.count * b.count) / n;
  const merged = new Float64Array(d * d);
  for (let p = 0; p < d; p++) {
    const wp = w * delta[p];
    const o = p * d;
    for (let q = 0; q < d; q++) {
      const v = a.comoments[o + q] + b.comoments[o + q] + wp * delta[q];
      if (!Number.isFinite(v)) {
        throw new InvalidInputError(
          'Merging these statistics overflows float64 (deviations beyond about 1e154); ' +
            'multiply the data by a constant that brings its entries near 1 first.',
        );
      }
      merged[o + q] = v;
    }
  }
  const f = b.count / n;
  for (let j = 0; j < d; j++) a.offset[j] += delta[j] * f;
  a.comoments.set(merged);
  a.count = n;
}

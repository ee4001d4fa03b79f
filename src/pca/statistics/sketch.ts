import { InvalidInputError } from '../../errors/invalid-input-error.js';
import { columnStats } from '../column-stats.js';
import type { DenseMatrix } from '../matrix-input.js';
import { exactSvd } from '../solvers/exact.js';

/**
 * Approximate statistics for wide data: n, the column means, the exact per-column sums of
 * squared deviations, and a truncated SVD M ≈ Vᵀ·diag(s²)·V of the co-moments, of at most
 * `rank` components (Ross, Lim, Lin and Yang 2008; scikit-learn's IncrementalPCA).
 *
 * @internal
 */
export interface Sketch {
  readonly rank: number;
  count: number;
  mean: Float64Array;
  /** Σ(x − μ)² per column, exact (merged as the diagonal of the co-moments). */
  sumSquares: Float64Array;
  /** The kept singular values, descending (at most rank). */
  s: Float64Array;
  /** s.length × d, row-major: the kept right singular vectors. */
  vt: Float64Array;
}

/** An empty sketch of d features. @internal */
export function emptySketch(rank: number, d: number): Sketch {
  return {
    rank,
    count: 0,
    mean: new Float64Array(d),
    sumSquares: new Float64Array(d),
    s: new Float64Array(0),
    vt: new Float64Array(0),
  };
}

/**
 * The sketch of one chunk: its own centred rows stand for their factorization (the SVD of the
 * stack in {@link mergeSketches} then truncates).
 *
 * @internal
 */
export function chunkSketch(rank: number, x: DenseMatrix): Sketch {
  const { data, rows: n, columns: d } = x;
  const { mean, sumSquares } = columnStats(x);
  const centred = new Float64Array(n * d);
  for (let i = 0; i < n * d; i++) centred[i] = data[i] - mean[i % d];
  const svd = truncatedSvd(centred, n, d, rank);
  return { rank, count: n, mean, sumSquares, ...svd };
}

function truncatedSvd(
  rows: Float64Array,
  m: number,
  d: number,
  rank: number,
): { s: Float64Array; vt: Float64Array } {
  const svd = exactSvd({ data: rows, rows: m, columns: d }, { computeU: false });
  let k = Math.min(rank, svd.rank);
  while (k > 0 && !(svd.s[k - 1] > 0)) k--;
  return { s: svd.s.slice(0, k), vt: svd.vt.slice(0, k * d) };
}

/**
 * Merges `b` into `a`: the SVD of the stack [diag(sₐ)·Vₐ; diag(s_b)·V_b; √(nₐn_b/n)·(μₐ − μ_b)],
 * truncated to a's rank, which is IncrementalPCA's update with a second factorization in place of
 * the batch; the means and the per-column sums of squares merge exactly (Chan et al.).
 *
 * @throws {@link InvalidInputError} when the merged statistics overflow.
 * @internal
 */
export function mergeSketches(a: Sketch, b: Sketch): void {
  if (b.count === 0) return;
  const d = a.mean.length;
  const n = a.count + b.count;
  const ka = a.s.length;
  const kb = b.s.length;
  const m = ka + kb + 1;
  const stack = new Float64Array(m * d);
  for (let r = 0; r < ka; r++)
    for (let j = 0; j < d; j++) stack[r * d + j] = a.s[r] * a.vt[r * d + j];
  for (let r = 0; r < kb; r++) {
    for (let j = 0; j < d; j++) stack[(ka + r) * d + j] = b.s[r] * b.vt[r * d + j];
  }
  const w = Math.sqrt((a.count * b.count) / n);
  const mean = new Float64Array(d);
  const sumSquares = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    const delta = b.mean[j] - a.mean[j];
    stack[(m - 1) * d + j] = w * delta;
    mean[j] = a.mean[j] + (delta * b.count) / n;
    sumSquares[j] = a.sumSquares[j] + b.sumSquares[j] + w * w * delta * delta;
    if (!Number.isFinite(sumSquares[j])) {
      throw new InvalidInputError(
        'Merging these statistics overflows float64 (deviations beyond about 1e154); ' +
          'multiply the data by a constant that brings its entries near 1 first.',
      );
    }
  }
  const { s, vt } = truncatedSvd(stack, m, d, a.rank);
  a.count = n;
  a.mean = mean;
  a.sumSquares = sumSquares;
  a.s = s;
  a.vt = vt;
}

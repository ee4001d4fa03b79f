import { rankOneMerge } from './rank-one-merge.js';
import { unreducedBlocks } from './split.js';
import { tridiagonalQl } from './tridiagonal-ql.js';

/** Blocks at most this size are solved by QL (LAPACK's SMLSIZ). */
const LEAF_SIZE = 25;

/**
 * All eigenpairs of the symmetric tridiagonal T (diagonal d, off-diagonal e[i] = T[i][i+1]) by
 * Cuppen's divide and conquer as LAPACK dstedc does it: T splits where an off-diagonal is
 * negligible; each unreduced block is scaled to unit max-norm, halved recursively (removing the
 * coupling β as a rank-one term) down to QL-sized leaves, and merged back by
 * {@link rankOneMerge}. Returns the n×n vectors as rows (row i belongs to d[i]); d is
 * overwritten with the eigenvalues, ascending within each unreduced block.
 *
 * @throws {@link ConvergenceError} when a QL leaf exceeds `maxIterations`.
 * @internal
 */
export function tridiagonalEigen(
  d: Float64Array,
  e: Float64Array,
  n: number,
  maxIterations: number,
): Float64Array {
  const z = new Float64Array(n * n);
  const work = e.slice();
  for (const [start, size] of unreducedBlocks(d, work, n)) {
    solveBlock(d, work, z, n, start, size, maxIterations);
  }
  return z;
}

function solveBlock(
  d: Float64Array,
  e: Float64Array,
  z: Float64Array,
  ld: number,
  o: number,
  m: number,
  maxIterations: number,
): void {
  if (m <= LEAF_SIZE) {
    divide(d, e, z, ld, o, m, maxIterations);
    return;
  }
  // Unit max-norm keeps the secular equation's products clear of overflow and underflow.
  let scale = 0;
  for (let i = o; i < o + m; i++) scale = Math.max(scale, Math.abs(d[i]));
  for (let i = o; i < o + m - 1; i++) scale = Math.max(scale, Math.abs(e[i]));
  for (let i = o; i < o + m; i++) d[i] /= scale;
  for (let i = o; i < o + m - 1; i++) e[i] /= scale;
  divide(d, e, z, ld, o, m, maxIterations);
  for (let i = o; i < o + m; i++) d[i] *= scale;
}

function divide(
  d: Float64Array,
  e: Float64Array,
  z: Float64Array,
  ld: number,
  o: number,
  m: number,
  maxIterations: number,
): void {
  if (m <= LEAF_SIZE) {
    tridiagonalQl(d, e, o, m, z, ld, maxIterations);
    sortBlock(d, z, ld, o, m);
    return;
  }
  const m1 = m >> 1;
  const beta = e[o + m1 - 1];
  d[o + m1 - 1] -= Math.abs(beta);
  d[o + m1] -= Math.abs(beta);
  divide(d, e, z, ld, o, m1, maxIterations);
  divide(d, e, z, ld, o + m1, m - m1, maxIterations);
  rankOneMerge(d, z, ld, o, m, m1, beta);
}

/** Sorts a solved block ascending, moving its vector rows along. */
function sortBlock(d: Float64Array, z: Float64Array, ld: number, o: number, m: number): void {
  const order = Array.from({ length: m }, (_, t) => t).sort((p, q) => d[o + p] - d[o + q]);
  const values = d.slice(o, o + m);
  const rows = new Float64Array(m * m);
  for (let t = 0; t < m; t++) rows.set(z.subarray((o + t) * ld + o, (o + t) * ld + o + m), t * m);
  for (let t = 0; t < m; t++) {
    const src = order[t];
    d[o + t] = values[src];
    z.set(rows.subarray(src * m, src * m + m), (o + t) * ld + o);
  }
}

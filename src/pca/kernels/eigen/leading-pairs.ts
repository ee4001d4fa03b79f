import { inverseIteration } from './inverse-iteration.js';
import { unreducedBlocks } from './split.js';
import { tridiagonalQlValues } from './tridiagonal-ql.js';

/**
 * The `count` largest eigenpairs of the symmetric tridiagonal T (diagonal d, off-diagonal e)
 * without the others' vectors, the dsyevx way: all eigenvalues of each unreduced block by QL
 * without vectors (O(n²)), the leading `count` chosen, and only their vectors found by
 * {@link inverseIteration}. Returns the values descending and the vectors as the rows of a
 * count×n array, or null when inverse iteration fails (the caller then solves in full).
 *
 * @throws {@link ConvergenceError} when an eigenvalue needs more than `maxIterations` QL steps.
 * @internal
 */
export function leadingTridiagonalPairs(
  d: Float64Array,
  e: Float64Array,
  n: number,
  count: number,
  maxIterations: number,
): { values: Float64Array; vectors: Float64Array } | null {
  const work = e.slice();
  const blocks = unreducedBlocks(d, work, n);
  const lambda = d.slice();
  const candidates: { value: number; block: number }[] = [];
  blocks.forEach(([start, size], b) => {
    tridiagonalQlValues(lambda, work, start, size, maxIterations);
    for (let i = start; i < start + size; i++) candidates.push({ value: lambda[i], block: b });
  });
  candidates.sort((p, q) => q.value - p.value);
  const values = new Float64Array(count);
  const vectors = new Float64Array(count * n);
  const perBlock = blocks.map(() => ({ values: [] as number[], rows: [] as number[] }));
  for (let r = 0; r < count; r++) {
    const { value, block } = candidates[r];
    values[r] = value;
    // Ascending within the block, as inverse iteration wants them.
    perBlock[block].values.unshift(value);
    perBlock[block].rows.unshift(r);
  }
  for (let b = 0; b < blocks.length; b++) {
    const [start, size] = blocks[b];
    const { values: vs, rows } = perBlock[b];
    if (vs.length === 0) continue;
    if (!inverseIteration(d, work, start, size, vs, vectors, rows, n)) return null;
  }
  return { values, vectors };
}

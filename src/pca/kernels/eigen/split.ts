const EPS = 2 ** -52;

/**
 * The unreduced blocks of a symmetric tridiagonal T (diagonal d, off-diagonal e, n ≥ 1) as
 * [start, size] pairs: T splits where |e_i| ≤ eps·√|d_i|·√|d_{i+1}| (LAPACK dstedc's test), and
 * those e_i are set to zero in `e` so that each block is solved on its own.
 *
 * @internal
 */
export function unreducedBlocks(d: Float64Array, e: Float64Array, n: number): [number, number][] {
  const blocks: [number, number][] = [];
  let start = 0;
  for (let i = 0; i < n; i++) {
    const end =
      i === n - 1 ||
      Math.abs(e[i]) <= EPS * Math.sqrt(Math.abs(d[i])) * Math.sqrt(Math.abs(d[i + 1]));
    if (!end) continue;
    if (i < n - 1) e[i] = 0;
    blocks.push([start, i + 1 - start]);
    start = i + 1;
  }
  return blocks;
}

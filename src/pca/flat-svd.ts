/**
 * A thin SVD on flat row-major storage, the form the solvers produce before it becomes
 * ml-matrix objects: X ≈ U·diag(s)·Vt.
 *
 * @internal
 */
export interface FlatSvd {
  /** Row-major rows×rank, or null when U was not asked for. */
  readonly u: Float64Array | null;
  /** Singular values, descending, length rank. */
  readonly s: Float64Array;
  /** Row-major rank×columns: row i is the i-th right singular vector. */
  readonly vt: Float64Array;
  readonly rows: number;
  readonly columns: number;
  readonly rank: number;
}

/**
 * Makes each right singular vector's largest-magnitude entry (the first one on ties) positive,
 * flipping the matching column of U with it, so results do not depend on rounding.
 *
 * @internal
 */
export function fixSigns(svd: FlatSvd): void {
  const { u, vt, rows, columns, rank } = svd;
  for (let i = 0; i < rank; i++) {
    const o = i * columns;
    let best = 0;
    let bestAbs = -1;
    for (let j = 0; j < columns; j++) {
      const a = Math.abs(vt[o + j]);
      // Entries equal up to rounding count as ties, so the first one wins either way.
      if (a > bestAbs * (1 + 1e-12)) {
        bestAbs = a;
        best = j;
      }
    }
    if (vt[o + best] < 0) {
      for (let j = 0; j < columns; j++) vt[o + j] = -vt[o + j];
      if (u !== null) for (let r = 0; r < rows; r++) u[r * rank + i] = -u[r * rank + i];
    }
  }
}

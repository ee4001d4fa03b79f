import { ShapeError } from '../errors/shape-error.js';
import { type DenseMatrix, type MatrixInput, readMatrix } from './matrix-input.js';
import { exactSvd } from './solvers/exact.js';

/**
 * Principal angles between the row spaces of A and B, in radians, ascending (0 for a shared
 * direction, π/2 for orthogonal ones).
 *
 * @remarks
 * The rows are orthonormalised first (by an exact SVD; directions with singular value below
 * max(n, d)·eps·σ₁ do not count towards the rank), and min(rank A, rank B) angles are returned.
 * Cosines come from the singular values of Qa·Qbᵀ; angles below π/4 come from the sines instead
 * (the singular values of Qa − Qa·QbᵀQb, Knyazev and Argentati), so angles near 1e-8 rad are
 * resolved, which acos alone cannot do.
 *
 * @param A - a×d, rows spanning the first subspace (e.g. the top components of one fit).
 * @param B - b×d, same d.
 * @returns min(rank A, rank B) angles, ascending; empty when either matrix is zero.
 * @throws {@link ShapeError} when A and B have different numbers of columns.
 * @throws {@link InvalidInputError} for an invalid entry.
 *
 * @example
 * ```ts
 * import { principalAngles } from 'autoencoders/pca';
 * const angles = principalAngles([[1, 0, 0], [0, 1, 0]], [[0, 1, 0], [0, 0, 1]]);
 * console.log(angles); // Float64Array [0, 1.5707963...]
 * ```
 */
export function principalAngles(A: MatrixInput, B: MatrixInput): Float64Array {
  const a = readMatrix(A, 'A');
  const b = readMatrix(B, 'B');
  if (a.columns !== b.columns) {
    throw new ShapeError(
      `A has ${a.columns} columns but B has ${b.columns}; the row spaces must live in the same space.`,
    );
  }
  const d = a.columns;
  let qa = rowBasis(a);
  let qb = rowBasis(b);
  if (qa.rank > qb.rank) [qa, qb] = [qb, qa];
  const ra = qa.rank;
  const rb = qb.rank;
  if (ra === 0) return new Float64Array(0);
  // M = Qa·Qbᵀ (ra×rb): cosines are its singular values.
  const M = new Float64Array(ra * rb);
  for (let i = 0; i < ra; i++) {
    for (let j = 0; j < rb; j++) {
      let acc = 0;
      for (let t = 0; t < d; t++) acc += qa.rows[i * d + t] * qb.rows[j * d + t];
      M[i * rb + j] = acc;
    }
  }
  const cos = exactSvd({ data: M, rows: ra, columns: rb }, { computeU: false }).s;
  // Residual Qa − (Qa·Qbᵀ)·Qb (ra×d): sines are its singular values.
  const res = Float64Array.from(qa.rows);
  for (let i = 0; i < ra; i++) {
    for (let j = 0; j < rb; j++) {
      const h = M[i * rb + j];
      if (h === 0) continue;
      for (let t = 0; t < d; t++) res[i * d + t] -= h * qb.rows[j * d + t];
    }
  }
  const sinDesc = exactSvd({ data: res, rows: ra, columns: d }, { computeU: false }).s;
  const out = new Float64Array(ra);
  for (let k = 0; k < ra; k++) {
    const c = Math.min(1, Math.max(0, cos[k] ?? 0));
    const s = Math.min(1, Math.max(0, sinDesc[ra - 1 - k] ?? 0));
    out[k] = s * s < 0.5 ? Math.asin(s) : Math.acos(c);
  }
  return out.sort();
}

function rowBasis(x: DenseMatrix): { rows: Float64Array; rank: number } {
  const r = exactSvd(x, { computeU: false });
  const tol = Math.max(x.rows, x.columns) * 2 ** -52 * (r.s[0] ?? 0);
  let rank = 0;
  while (rank < r.rank && r.s[rank] > tol) rank++;
  return { rows: r.vt.subarray(0, rank * x.columns), rank };
}

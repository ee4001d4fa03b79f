import { ConvergenceError } from '../../errors/convergence-error.js';
import { dot } from './blas.js';

/** Options of {@link oneSidedJacobi}. @internal */
export interface OneSidedJacobiOptions {
  /**
   * Most sweeps before giving up with a ConvergenceError.
   * @defaultValue 60
   */
  readonly maxSweeps?: number;
  /**
   * A pair of columns counts as orthogonal when |w_p·w_q| ≤ tolerance·‖w_p‖‖w_q‖.
   * @defaultValue 4·eps·sqrt(length), at least 8·eps
   */
  readonly tolerance?: number;
}

/**
 * One-sided (Hestenes) Jacobi: rotates pairs of rows of `w` (count×length, row-major: row i
 * is the column w_i of the matrix W) until every pair is orthogonal to `tolerance`, applying
 * the same rotations to the rows of `v` (count×vLength). Afterwards W = W₀·J and V = V₀·J with
 * the same orthogonal J, so the singular values of W₀ are the row norms of `w`.
 *
 * @returns the number of sweeps that rotated at least one pair.
 * @throws {@link ConvergenceError} when a pair still needs rotating after `maxSweeps` sweeps.
 * @internal
 */
export function oneSidedJacobi(
  w: Float64Array,
  count: number,
  length: number,
  v: Float64Array,
  vLength: number,
  options: OneSidedJacobiOptions = {},
): number {
  const maxSweeps = options.maxSweeps ?? 60;
  const eps = 2 ** -52;
  const tol = options.tolerance ?? Math.max(8 * eps, 4 * eps * Math.sqrt(length));
  const norms = new Float64Array(count);
  for (let sweep = 0; ; sweep++) {
    for (let i = 0; i < count; i++) norms[i] = dot(w, i * length, w, i * length, length);
    let rotated = 0;
    for (let p = 0; p < count - 1; p++) {
      const po = p * length;
      for (let q = p + 1; q < count; q++) {
        const a = norms[p];
        const b = norms[q];
        if (a === 0 || b === 0) continue;
        const qo = q * length;
        const g = dot(w, po, w, qo, length);
        if (Math.abs(g) <= tol * Math.sqrt(a) * Math.sqrt(b)) continue;
        if (sweep >= maxSweeps) {
          throw new ConvergenceError(
            `The Jacobi SVD did not converge in ${maxSweeps} sweeps (columns ${p} and ${q} are ` +
              'still not orthogonal); the input may hold extreme values: rescale it, or try another solver.',
          );
        }
        const zeta = (b - a) / (2 * g);
        const t =
          Math.abs(zeta) > 1e150
            ? 1 / (2 * zeta)
            : (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        rotateRows(w, po, qo, length, c, s);
        rotateRows(v, p * vLength, q * vLength, vLength, c, s);
        norms[p] = a - t * g;
        norms[q] = b + t * g;
        rotated++;
      }
    }
    if (rotated === 0) return sweep;
  }
}

function rotateRows(
  x: Float64Array,
  po: number,
  qo: number,
  len: number,
  c: number,
  s: number,
): void {
  for (let k = 0; k < len; k++) {
    const xp = x[po + k];
    const xq = x[qo + k];
    x[po + k] = c * xp - s * xq;
    x[qo + k] = s * xp + c * xq;
  }
}

import { ConvergenceError } from '../../errors/convergence-error.js';
import { dot } from './blas.js';
import { gemm } from './gemm.js';

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
 * Rows per block of the sweep order: pairs are taken block against block, so that two blocks
 * of `w` and `v` (2·32 rows of 784 doubles each, about 800 KB) stay in L2 while their pairs
 * rotate, instead of streaming all of `w` and `v` once per row.
 */
const BLOCK = 32;

/**
 * One-sided (Hestenes) Jacobi: rotates pairs of rows of `w` (count×length, row-major: row i
 * is the column w_i of the matrix W) until every pair is orthogonal to `tolerance`, applying
 * the same rotations to the rows of `v` (count×vLength). Afterwards W = W₀·J and V = V₀·J with
 * the same orthogonal J, so the singular values of W₀ are the row norms of `w`.
 *
 * Each sweep starts from the Gram matrix W·Wᵀ formed by gemm: a pair whose two rows have not
 * been rotated yet in this sweep reads its dot product there (the same number a dot would
 * give, up to summation order), and only pairs touching a rotated row recompute it. Once the
 * preconditioned sweeps have little left to do, a sweep costs about one gemm.
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
  const gram = new Float64Array(count * count);
  const dirty = new Uint8Array(count);
  const state: SweepState = { w, count, length, v, vLength, tol, norms, gram, dirty, sweep: 0 };
  for (let sweep = 0; ; sweep++) {
    state.sweep = sweep;
    upperGram(w, count, length, gram);
    for (let i = 0; i < count; i++) norms[i] = gram[i * count + i];
    dirty.fill(0);
    let rotated = 0;
    for (let i0 = 0; i0 < count; i0 += BLOCK) {
      const i1 = Math.min(count, i0 + BLOCK);
      for (let j0 = i0; j0 < count; j0 += BLOCK) {
        rotated += sweepBlocks(state, i0, i1, j0, Math.min(count, j0 + BLOCK), maxSweeps);
      }
    }
    if (rotated === 0) return sweep;
  }
}

interface SweepState {
  readonly w: Float64Array;
  readonly count: number;
  readonly length: number;
  readonly v: Float64Array;
  readonly vLength: number;
  readonly tol: number;
  readonly norms: Float64Array;
  readonly gram: Float64Array;
  readonly dirty: Uint8Array;
  sweep: number;
}

/** The upper triangle of W·Wᵀ (rows of W against rows), a block row at a time by gemm. */
function upperGram(w: Float64Array, count: number, length: number, gram: Float64Array): void {
  for (let i0 = 0; i0 < count; i0 += 64) {
    const rows = Math.min(64, count - i0);
    const o = i0 * length;
    gemm(
      false,
      true,
      rows,
      count - i0,
      length,
      1,
      w,
      o,
      length,
      w,
      o,
      length,
      0,
      gram,
      i0 * count + i0,
      count,
    );
  }
}

/** Rotates the pairs (p, q), p in [i0, i1), q in [j0, j1), q > p; returns how many rotated. */
function sweepBlocks(
  st: SweepState,
  i0: number,
  i1: number,
  j0: number,
  j1: number,
  maxSweeps: number,
): number {
  const { w, count, length, v, vLength, tol, norms, gram, dirty } = st;
  let rotated = 0;
  for (let p = i0; p < i1; p++) {
    const po = p * length;
    for (let q = Math.max(j0, p + 1); q < j1; q++) {
      const a = norms[p];
      const b = norms[q];
      if (a === 0 || b === 0) continue;
      const qo = q * length;
      const g = dirty[p] | dirty[q] ? dot(w, po, w, qo, length) : gram[p * count + q];
      if (Math.abs(g) <= tol * Math.sqrt(a) * Math.sqrt(b)) continue;
      if (st.sweep >= maxSweeps) {
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
      dirty[p] = 1;
      dirty[q] = 1;
      rotated++;
    }
  }
  return rotated;
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

import { hypot } from '../blas.js';

const EPS = 2 ** -52;

/** What survives deflation of Λ + ρ·ζ·ζᵀ. @internal */
export interface DeflationPlan {
  /** Local indices of the poles kept for the secular equation, by ascending value. */
  readonly poles: number[];
  /** Their values (ascending, distinct by more than the tolerance). */
  readonly poleValues: Float64Array;
  /** Their ζ components (none below the tolerance). */
  readonly poleZ: Float64Array;
  /** Support of each kept pole's vector: 1 top half, 2 both halves, 3 bottom half. */
  readonly kinds: Uint8Array;
  /** Local indices whose (value, vector) are already eigenpairs of the merged block. */
  readonly deflated: number[];
}

/**
 * LAPACK dlaed2's deflation of the merge problem Λ + ρ·ζ·ζᵀ: a pole whose ρ·|ζ_j| is at most
 * tol = 64·eps·max(‖Λ‖∞, ‖ζ‖∞) is already an eigenpair; two poles closer than tol (measured as
 * |t·c·s| after the Givens rotation that zeroes one ζ) are rotated so that one of them is. The
 * rotations are applied to the old vectors (rows of `z` at zo, stride ld) and to `dl`.
 *
 * @internal
 */
export function deflate(
  dl: Float64Array,
  zeta: Float64Array,
  rho: number,
  m: number,
  m1: number,
  z: Float64Array,
  zo: number,
  ld: number,
): DeflationPlan {
  // The halves are each ascending: merge their indices.
  const order: number[] = [];
  for (let p = 0, q = m1; p < m1 || q < m; ) {
    if (q >= m || (p < m1 && dl[p] <= dl[q])) order.push(p++);
    else order.push(q++);
  }
  let dMax = 0;
  let zMax = 0;
  for (let j = 0; j < m; j++) {
    dMax = Math.max(dMax, Math.abs(dl[j]));
    zMax = Math.max(zMax, Math.abs(zeta[j]));
  }
  const tol = 64 * EPS * Math.max(dMax, zMax);
  const kind = new Uint8Array(m);
  for (let j = 0; j < m; j++) kind[j] = j < m1 ? 1 : 3;
  const poles: number[] = [];
  const deflated: number[] = [];
  if (rho * zMax <= tol) return plan([], dl, zeta, kind, order);
  let previous = -1;
  for (const j of order) {
    if (rho * Math.abs(zeta[j]) <= tol) {
      deflated.push(j);
      continue;
    }
    if (previous < 0) {
      previous = j;
      continue;
    }
    const tau = hypot(zeta[j], zeta[previous]);
    const c = zeta[j] / tau;
    const s = -zeta[previous] / tau;
    const t = dl[j] - dl[previous];
    if (Math.abs(t * c * s) <= tol) {
      zeta[j] = tau;
      zeta[previous] = 0;
      if (kind[j] !== kind[previous]) kind[j] = 2;
      rotateRows(z, zo + previous * ld, zo + j * ld, m, c, s);
      const dp = dl[previous];
      const dj = dl[j];
      dl[previous] = dp * c * c + dj * s * s;
      dl[j] = dp * s * s + dj * c * c;
      deflated.push(previous);
    } else {
      poles.push(previous);
    }
    previous = j;
  }
  if (previous >= 0) poles.push(previous);
  return plan(poles, dl, zeta, kind, deflated);
}

function plan(
  poles: number[],
  dl: Float64Array,
  zeta: Float64Array,
  kind: Uint8Array,
  deflated: number[],
): DeflationPlan {
  const k = poles.length;
  const poleValues = new Float64Array(k);
  const poleZ = new Float64Array(k);
  const kinds = new Uint8Array(k);
  poles.forEach((j, t) => {
    poleValues[t] = dl[j];
    poleZ[t] = zeta[j];
    kinds[t] = kind[j];
  });
  return { poles, poleValues, poleZ, kinds, deflated };
}

/** (x, y) ← (c·x + s·y, c·y − s·x) on two rows of length len (BLAS drot). */
function rotateRows(
  z: Float64Array,
  xo: number,
  yo: number,
  len: number,
  c: number,
  s: number,
): void {
  for (let t = 0; t < len; t++) {
    const x = z[xo + t];
    const y = z[yo + t];
    z[xo + t] = c * x + s * y;
    z[yo + t] = c * y - s * x;
  }
}

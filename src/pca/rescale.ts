import type { DenseMatrix } from './matrix-input.js';

/**
 * Entries whose magnitude lies outside [2⁻⁴⁰⁰, 2⁴⁰⁰] (about 1e±120) are rescaled before a fit:
 * their squares and sums of squares would overflow (from about 1e154) or lose all precision in
 * the subnormals (below about 1e-154). Inside the range nothing changes, bit for bit.
 */
const SAFE_EXPONENT = 400;

/** The power of two nearest to `maxAbs` (1 for 0), clamped so that its inverse stays finite. */
function powerOfTwoNear(maxAbs: number): number {
  if (maxAbs === 0) return 1;
  return 2 ** Math.max(-1000, Math.min(1000, Math.round(Math.log2(maxAbs))));
}

function outOfRange(maxAbs: number): boolean {
  return maxAbs > 0 && Math.abs(Math.log2(maxAbs)) > SAFE_EXPONENT;
}

/**
 * Divides all of `x` (in place) by a power of two near its largest magnitude when that lies
 * outside the safe range, which is exact for normal numbers; returns the factor c, so that the
 * original data are c times the new ones (1 when nothing was done).
 *
 * @param columnMaxima - maxᵢ |xᵢⱼ| per column when already known (columnStats finds them),
 *   which saves the scan over X.
 * @internal
 */
export function rescaleInPlace(x: DenseMatrix, columnMaxima?: Float64Array): number {
  let maxAbs = 0;
  if (columnMaxima !== undefined) for (const m of columnMaxima) maxAbs = Math.max(maxAbs, m);
  else for (let i = 0; i < x.data.length; i++) maxAbs = Math.max(maxAbs, Math.abs(x.data[i]));
  if (!outOfRange(maxAbs)) return 1;
  const c = powerOfTwoNear(maxAbs);
  const inv = 1 / c;
  for (let i = 0; i < x.data.length; i++) x.data[i] *= inv;
  return c;
}

function columnMaximaOf(x: DenseMatrix): Float64Array {
  const { data, rows: n, columns: d } = x;
  const maxAbs = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let j = 0; j < d; j++) {
      const a = Math.abs(data[o + j]);
      if (a > maxAbs[j]) maxAbs[j] = a;
    }
  }
  return maxAbs;
}

/**
 * Divides each column of `x` (in place) whose largest magnitude lies outside the safe range by a
 * power of two near it; returns the factors (1 where nothing was done), or null when no column
 * needed it. For scaled PCA and standardization, where each column is divided by its own
 * standard deviation anyway, so a per-column factor changes nothing but the range.
 *
 * @param columnMaxima - maxᵢ |xᵢⱼ| per column when already known (columnStats finds them).
 * @internal
 */
export function rescaleColumnsInPlace(
  x: DenseMatrix,
  columnMaxima?: Float64Array,
): Float64Array | null {
  const { data, rows: n, columns: d } = x;
  const maxAbs = columnMaxima ?? columnMaximaOf(x);
  const factors = new Float64Array(d).fill(1);
  let any = false;
  for (let j = 0; j < d; j++) {
    if (outOfRange(maxAbs[j])) {
      factors[j] = powerOfTwoNear(maxAbs[j]);
      any = true;
    }
  }
  if (!any) return null;
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let j = 0; j < d; j++) data[o + j] /= factors[j];
  }
  return factors;
}

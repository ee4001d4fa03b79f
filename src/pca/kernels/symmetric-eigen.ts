import { ConvergenceError } from '../../errors/convergence-error.js';
import { hypot } from './blas.js';

/** Options of {@link symmetricEigen}. @internal */
export interface SymmetricEigenOptions {
  /**
   * Most implicit QL iterations spent on one eigenvalue before giving up.
   * @defaultValue 60
   */
  readonly maxIterations?: number;
}

/** Eigen-decomposition of a symmetric matrix. @internal */
export interface SymmetricEigenResult {
  /** Eigenvalues, descending. */
  readonly values: Float64Array;
  /** Row-major n×n: row i is the unit eigenvector of `values[i]`. */
  readonly vectors: Float64Array;
}

/**
 * Eigenvalues and eigenvectors of a symmetric n×n matrix: Householder tridiagonalisation then
 * the implicit QL algorithm (EISPACK tred2/tql2, as JAMA), on flat storage laid out so that
 * every inner loop is contiguous. Only the upper triangle of the row-major input is read; the
 * input is not changed.
 *
 * @throws {@link ConvergenceError} when an eigenvalue needs more than `maxIterations` QL steps.
 * @internal
 */
export function symmetricEigen(
  a: Float64Array,
  n: number,
  options: SymmetricEigenOptions = {},
): SymmetricEigenResult {
  const maxIterations = options.maxIterations ?? 60;
  // T holds the transpose of JAMA's V: V[r][c] = T[c * n + r]. JAMA reads the lower triangle of
  // V, which is the upper triangle of the row-major input.
  const T = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const v = a[i * n + j];
      T[i * n + j] = v;
      T[j * n + i] = v;
    }
  }
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  if (n === 1) {
    return { values: Float64Array.of(a[0]), vectors: Float64Array.of(1) };
  }
  tred2(T, d, e, n);
  tql2(T, d, e, n, maxIterations);
  // Sort descending; T row i is the eigenvector of d[i].
  const order = Array.from({ length: n }, (_, i) => i).sort((p, q) => d[q] - d[p] || p - q);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  for (let r = 0; r < n; r++) {
    const src = order[r];
    values[r] = d[src];
    vectors.set(T.subarray(src * n, src * n + n), r * n);
  }
  return { values, vectors };
}

// Hot kernel, kept in one function over the 60-line limit: a line-by-line port of EISPACK
// tred2 (as JAMA), whose loop structure is the reference to check it against.
function tred2(T: Float64Array, d: Float64Array, e: Float64Array, n: number): void {
  for (let j = 0; j < n; j++) d[j] = T[j * n + n - 1];
  for (let i = n - 1; i > 0; i--) {
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]);
    if (scale === 0) {
      e[i] = d[i - 1];
      for (let j = 0; j < i; j++) {
        d[j] = T[j * n + i - 1];
        T[j * n + i] = 0;
        T[i * n + j] = 0;
      }
    } else {
      for (let k = 0; k < i; k++) {
        d[k] /= scale;
        h += d[k] * d[k];
      }
      let f = d[i - 1];
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) {
        f = d[j];
        const jo = j * n;
        T[i * n + j] = f;
        g = e[j] + T[jo + j] * f;
        for (let k = j + 1; k <= i - 1; k++) {
          const v = T[jo + k];
          g += v * d[k];
          e[k] += v * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j] /= h;
        f += e[j] * d[j];
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] -= hh * d[j];
      for (let j = 0; j < i; j++) {
        f = d[j];
        g = e[j];
        const jo = j * n;
        for (let k = j; k <= i - 1; k++) T[jo + k] -= f * e[k] + g * d[k];
        d[j] = T[jo + i - 1];
        T[jo + i] = 0;
      }
    }
    d[i] = h;
  }
  // Accumulate the transformations.
  for (let i = 0; i < n - 1; i++) {
    const io = i * n;
    const i1o = (i + 1) * n;
    T[io + n - 1] = T[io + i];
    T[io + i] = 1;
    const h = d[i + 1];
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = T[i1o + k] / h;
      for (let j = 0; j <= i; j++) {
        const jo = j * n;
        let g0 = 0;
        let g1 = 0;
        let k = 0;
        for (; k + 1 <= i; k += 2) {
          g0 += T[i1o + k] * T[jo + k];
          g1 += T[i1o + k + 1] * T[jo + k + 1];
        }
        if (k <= i) g0 += T[i1o + k] * T[jo + k];
        const g = g0 + g1;
        for (k = 0; k <= i; k++) T[jo + k] -= g * d[k];
      }
    }
    for (let k = 0; k <= i; k++) T[i1o + k] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = T[j * n + n - 1];
    T[j * n + n - 1] = 0;
  }
  T[(n - 1) * n + n - 1] = 1;
  e[0] = 0;
}

const BLOCK = 64;

// Hot kernel, kept in one function over the 60-line limit: a port of EISPACK tql2 (as JAMA)
// with the rotations applied in cache blocks; its loop structure is the reference.
function tql2(
  T: Float64Array,
  d: Float64Array,
  e: Float64Array,
  n: number,
  maxIterations: number,
): void {
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  e[n - 1] = 0;
  const cs = new Float64Array(n);
  const sn = new Float64Array(n);
  let f = 0;
  let tst1 = 0;
  const eps = 2 ** -52;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n) {
      if (Math.abs(e[m]) <= eps * tst1) break;
      m++;
    }
    if (m === n) m = n - 1;
    if (m > l) {
      let iter = 0;
      do {
        iter++;
        if (iter > maxIterations) {
          throw new ConvergenceError(
            `The symmetric eigensolver did not converge: eigenvalue ${l} needed more than ` +
              `${maxIterations} QL iterations; check the input for extreme values, or use the 'exact' solver.`,
          );
        }
        let g = d[l];
        let p = (d[l + 1] - g) / (2 * e[l]);
        let r = hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f += h;
        p = d[m];
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1];
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          cs[i] = c;
          sn[i] = s;
        }
        applyRotations(T, n, l, m, cs, sn);
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]) > eps * tst1);
    }
    d[l] += f;
    e[l] = 0;
  }
}

/** Applies rotation i (rows i and i+1 of T), for i = m-1 down to l, in column blocks. */
function applyRotations(
  T: Float64Array,
  n: number,
  l: number,
  m: number,
  cs: Float64Array,
  sn: Float64Array,
): void {
  for (let k0 = 0; k0 < n; k0 += BLOCK) {
    const k1 = Math.min(n, k0 + BLOCK);
    for (let i = m - 1; i >= l; i--) {
      const c = cs[i];
      const s = sn[i];
      const a = i * n;
      const b = a + n;
      for (let k = k0; k < k1; k++) {
        const h = T[b + k];
        const v = T[a + k];
        T[b + k] = s * v + c * h;
        T[a + k] = c * v - s * h;
      }
    }
  }
}

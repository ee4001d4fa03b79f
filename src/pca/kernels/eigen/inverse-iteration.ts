import { SeededRandom } from '../prng.js';

const EPS = 2 ** -52;
/** Solves per vector before giving up (LAPACK dstein's MAXITS). */
const MAX_SOLVES = 5;

/**
 * Eigenvectors of the unreduced tridiagonal block d[o .. o+m), e[o .. o+m−1) for the given
 * eigenvalues (ascending, accurate to about eps·‖T‖) by inverse iteration as LAPACK dstein does
 * it: (T − λI)·x = b solved by LU with partial pivoting, a vector accepted once one solve grows
 * it past 1/(√m·10·eps·‖T‖₁) (its residual is then that small) plus one more solve, and
 * eigenvalues closer than 1e-3·‖T‖₁ treated as a cluster whose vectors are kept orthogonal by
 * Gram–Schmidt at every solve. Row `rows[t]` of `out` (stride ld) receives the vector of
 * values[t] on columns o .. o+m−1 (the rest of the row is left as it is). Returns false when a
 * vector does not converge, so that the caller can fall back to divide and conquer.
 *
 * @internal
 */
export function inverseIteration(
  d: Float64Array,
  e: Float64Array,
  o: number,
  m: number,
  values: number[],
  out: Float64Array,
  rows: number[],
  ld: number,
): boolean {
  if (m === 1) {
    for (const r of rows) out[r * ld + o] = 1;
    return true;
  }
  let norm1 = 0;
  for (let i = 0; i < m; i++) {
    const left = i > 0 ? Math.abs(e[o + i - 1]) : 0;
    const right = i < m - 1 ? Math.abs(e[o + i]) : 0;
    norm1 = Math.max(norm1, Math.abs(d[o + i]) + left + right);
  }
  const ortol = 1e-3 * norm1;
  const grown = 1 / (Math.sqrt(m) * 10 * EPS * norm1);
  const lu = new TridiagonalLu(m, EPS * norm1);
  const random = new SeededRandom(20261203 + o);
  const x = new Float64Array(m);
  let clusterStart = 0;
  let previous = Number.NEGATIVE_INFINITY;
  for (let t = 0; t < values.length; t++) {
    let lambda = values[t];
    if (t > 0) {
      if (lambda - values[t - 1] > ortol) clusterStart = t;
      // Equal shifts would give equal vectors: separate them by a few ulps (dstein's pertol).
      const pertol = 10 * EPS * Math.abs(lambda);
      if (lambda - previous < pertol) lambda = previous + pertol;
    }
    previous = lambda;
    lu.factor(d, e, o, lambda);
    for (let i = 0; i < m; i++) x[i] = 2 * random.nextFloat() - 1;
    let accepted = -1;
    for (let solve = 0; solve < MAX_SOLVES && accepted < 0; solve++) {
      scaleToUnit(x);
      lu.solve(x);
      for (let u = clusterStart; u < t; u++) orthogonalize(x, out, rows[u] * ld + o, m);
      if (norm(x) >= grown) accepted = solve;
    }
    if (accepted < 0) return false;
    scaleToUnit(x);
    lu.solve(x);
    for (let u = clusterStart; u < t; u++) orthogonalize(x, out, rows[u] * ld + o, m);
    scaleToUnit(x);
    out.set(x, rows[t] * ld + o);
  }
  return true;
}

/** LU with partial pivoting of T − λI for a tridiagonal T (LAPACK dgttrf / dgttrs). */
class TridiagonalLu {
  private readonly lower: Float64Array;
  private readonly diag: Float64Array;
  private readonly upper: Float64Array;
  private readonly upper2: Float64Array;
  private readonly swapped: Uint8Array;

  constructor(
    private readonly m: number,
    private readonly tiny: number,
  ) {
    this.lower = new Float64Array(m);
    this.diag = new Float64Array(m);
    this.upper = new Float64Array(m);
    this.upper2 = new Float64Array(m);
    this.swapped = new Uint8Array(m);
  }

  factor(d: Float64Array, e: Float64Array, o: number, lambda: number): void {
    const { m, lower, diag, upper, upper2, swapped } = this;
    for (let i = 0; i < m; i++) {
      diag[i] = d[o + i] - lambda;
      lower[i] = i < m - 1 ? e[o + i] : 0;
      upper[i] = lower[i];
      upper2[i] = 0;
      swapped[i] = 0;
    }
    for (let i = 0; i < m - 1; i++) {
      if (Math.abs(diag[i]) >= Math.abs(lower[i])) {
        // No interchange; a zero pivot here means the whole column is zero.
        if (diag[i] === 0) diag[i] = this.tiny;
        const f = lower[i] / diag[i];
        lower[i] = f;
        diag[i + 1] -= f * upper[i];
      } else {
        const f = diag[i] / lower[i];
        diag[i] = lower[i];
        lower[i] = f;
        const u = upper[i];
        upper[i] = diag[i + 1];
        diag[i + 1] = u - f * diag[i + 1];
        if (i < m - 2) {
          upper2[i] = upper[i + 1];
          upper[i + 1] = -f * upper[i + 1];
        }
        swapped[i] = 1;
      }
    }
    // A (nearly) singular last pivot is the point of inverse iteration: keep it tiny, not zero.
    for (let i = 0; i < m; i++) {
      if (Math.abs(diag[i]) < this.tiny) diag[i] = diag[i] < 0 ? -this.tiny : this.tiny;
    }
  }

  solve(b: Float64Array): void {
    const { m, lower, diag, upper, upper2, swapped } = this;
    for (let i = 0; i < m - 1; i++) {
      if (swapped[i]) {
        const t = b[i];
        b[i] = b[i + 1];
        b[i + 1] = t - lower[i] * b[i];
      } else {
        b[i + 1] -= lower[i] * b[i];
      }
    }
    b[m - 1] /= diag[m - 1];
    b[m - 2] = (b[m - 2] - upper[m - 2] * b[m - 1]) / diag[m - 2];
    for (let i = m - 3; i >= 0; i--) {
      b[i] = (b[i] - upper[i] * b[i + 1] - upper2[i] * b[i + 2]) / diag[i];
    }
  }
}

function norm(x: Float64Array): number {
  let s = 0;
  for (const v of x) s += v * v;
  return Math.sqrt(s);
}

function scaleToUnit(x: Float64Array): void {
  let big = 0;
  for (const v of x) big = Math.max(big, Math.abs(v));
  if (!(big > 0) || !Number.isFinite(big)) return;
  for (let i = 0; i < x.length; i++) x[i] /= big;
  const inv = 1 / norm(x);
  for (let i = 0; i < x.length; i++) x[i] *= inv;
}

/** x ← x − (qᵀx)·q for the unit row q at out[qo .. qo+m). */
function orthogonalize(x: Float64Array, out: Float64Array, qo: number, m: number): void {
  let s = 0;
  for (let i = 0; i < m; i++) s += out[qo + i] * x[i];
  for (let i = 0; i < m; i++) x[i] -= s * out[qo + i];
}

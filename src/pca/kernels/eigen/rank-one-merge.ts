import { gemm } from '../gemm.js';
import { deflate } from './deflate.js';
import { secularRoot } from './secular-equation.js';

/**
 * One merge of divide and conquer (LAPACK dlaed1–dlaed3): the block d[o .. o+m) of T, whose two
 * halves (m1 and m − m1 rows) are already solved — eigenvalues ascending in d, vectors as the rows
 * of the diagonal blocks of `z` (row stride `ld`) — and were decoupled by removing
 * beta·(u·uᵀ) at the split, becomes solved as a whole: the eigenproblem of Λ + ρ·ζ·ζᵀ is deflated,
 * its secular equation solved root by root, its vectors recomputed from Gu–Eisenstat's Löwner
 * ζ̂ (so they are orthogonal to working precision even for close roots), and multiplied into
 * the halves' vectors by two gemms. On exit d[o..] is ascending and z's m×m block holds the rows.
 *
 * @internal
 */
export function rankOneMerge(
  d: Float64Array,
  z: Float64Array,
  ld: number,
  o: number,
  m: number,
  m1: number,
  beta: number,
): void {
  const zo = o * ld + o;
  const dl = d.slice(o, o + m);
  // ζ = Qᵀ·u: the last coordinate of the first half's vectors, the first of the second's.
  const zeta = new Float64Array(m);
  const sign = beta < 0 ? -1 : 1;
  for (let j = 0; j < m; j++) {
    zeta[j] = j < m1 ? z[zo + j * ld + m1 - 1] : sign * z[zo + j * ld + m1];
    zeta[j] *= Math.SQRT1_2;
  }
  const rho = 2 * Math.abs(beta);
  const plan = deflate(dl, zeta, rho, m, m1, z, zo, ld);
  const k = plan.poles.length;
  const values = new Float64Array(m);
  const rows = new Float64Array(m * m);
  if (k > 0) {
    const lambda = new Float64Array(k);
    const s = rankOneVectors(plan.poleValues, plan.poleZ, rho, lambda);
    multiplyVectors(s, k, plan, z, zo, ld, m, m1, rows);
    values.set(lambda);
  }
  plan.deflated.forEach((j, t) => {
    values[k + t] = dl[j];
    rows.set(z.subarray(zo + j * ld, zo + j * ld + m), (k + t) * m);
  });
  const order = Array.from({ length: m }, (_, t) => t).sort((p, q) => values[p] - values[q]);
  for (let t = 0; t < m; t++) {
    const src = order[t];
    d[o + t] = values[src];
    z.set(rows.subarray(src * m, src * m + m), zo + t * ld);
  }
}

/**
 * Roots λ (written to `lambda`) and unit eigenvectors of D + ρ·w·wᵀ (D = `poles` ascending,
 * distinct after deflation): S[j·k + i] = component j of vector i, built from the Löwner
 * ŵ_j² = Π_i (λ_i − d_j) / Π_{i≠j} (d_i − d_j) / ρ rather than w itself (dlaed3).
 */
function rankOneVectors(
  poles: Float64Array,
  w: Float64Array,
  rho: number,
  lambda: Float64Array,
): Float64Array {
  const k = poles.length;
  const s = new Float64Array(k * k);
  if (k === 1) {
    lambda[0] = poles[0] + rho * w[0] * w[0];
    s[0] = 1;
    return s;
  }
  // delta[i·k + j] = d_j − λ_i.
  const delta = new Float64Array(k * k);
  for (let i = 0; i < k; i++) lambda[i] = secularRoot(k, i, poles, w, rho, delta, i * k);
  const what = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    let prod = delta[j * k + j];
    for (let i = 0; i < k; i++) {
      if (i !== j) prod *= delta[i * k + j] / (poles[j] - poles[i]);
    }
    what[j] = Math.sign(w[j]) * Math.sqrt(Math.max(0, -prod));
  }
  for (let i = 0; i < k; i++) {
    let sum = 0;
    for (let j = 0; j < k; j++) {
      const v = what[j] / delta[i * k + j];
      s[j * k + i] = v;
      sum += v * v;
    }
    const inv = 1 / Math.sqrt(sum);
    for (let j = 0; j < k; j++) s[j * k + i] *= inv;
  }
  return s;
}

/**
 * rows[i] = Σ_j S[j][i]·(old vector of pole j), i < k, as two gemms that skip the structural
 * zeros: a pole's old vector is supported on the top half, the bottom half, or both (after a
 * deflating rotation mixed two); the top half of the product needs only the first and third
 * kinds, the bottom half only the last two (dlaed2's column types).
 */
function multiplyVectors(
  s: Float64Array,
  k: number,
  plan: ReturnType<typeof deflate>,
  z: Float64Array,
  zo: number,
  ld: number,
  m: number,
  m1: number,
  rows: Float64Array,
): void {
  const { poles, kinds } = plan;
  const order: number[] = [];
  for (const kind of [1, 2, 3]) for (let t = 0; t < k; t++) if (kinds[t] === kind) order.push(t);
  const top = order.filter((t) => kinds[t] !== 3).length;
  const onlyTop = order.filter((t) => kinds[t] === 1).length;
  const q = new Float64Array(k * m);
  const sp = new Float64Array(k * k);
  order.forEach((t, r) => {
    const src = zo + poles[t] * ld;
    q.set(z.subarray(src, src + m), r * m);
    sp.set(s.subarray(t * k, t * k + k), r * k);
  });
  gemm(true, false, k, m1, top, 1, sp, 0, k, q, 0, m, 0, rows, 0, m);
  gemm(
    true,
    false,
    k,
    m - m1,
    k - onlyTop,
    1,
    sp,
    onlyTop * k,
    k,
    q,
    onlyTop * m + m1,
    m,
    0,
    rows,
    m1,
    m,
  );
}

const EPS = 2 ** -52;
/** Rational-interpolation steps before falling back to bisection (dlaed4's MAXIT). */
const MAX_STEPS = 30;

/**
 * Root i of the secular equation 1/ρ + Σ_j z_j²/(d_j − λ) = 0 of D + ρ·z·zᵀ (k ≥ 2 poles d
 * ascending and distinct, ρ > 0, ‖z‖ ≤ 1), as LAPACK dlaed4 finds it: the root is sought as a
 * shift τ from the nearer pole of its interval, so that every δ_j = d_j − λ is formed as
 * (d_j − d_origin) − τ to full relative accuracy (what keeps Gu–Eisenstat's vectors orthogonal),
 * by the two-pole "fixed weight" rational model inside a shrinking bracket. Writes
 * delta[o + j] = d_j − λ_i and returns λ_i. Steps that leave the bracket halve it instead, and
 * after MAX_STEPS model steps plain bisection finishes, so it always returns. (Hot kernel, over
 * the 60-line limit: evaluation, error bound and step share the loop's state.)
 *
 * @internal
 */
export function secularRoot(
  k: number,
  i: number,
  d: Float64Array,
  z: Float64Array,
  rho: number,
  delta: Float64Array,
  o: number,
): number {
  const last = i === k - 1;
  const start = last ? lastStart(k, d, z, rho) : interiorStart(k, i, d, z, rho);
  const { origin } = start;
  let { tau, lower, upper } = start;
  const dO = d[origin];
  for (let j = 0; j < k; j++) delta[o + j] = d[j] - dO - tau;
  // Poles ≤ ii form ψ, the rest φ; the origin's own term is kept apart for the interior model.
  const ii = last ? k - 2 : origin;
  const lo = last ? k - 2 : i;
  const rhoInv = 1 / rho;
  // Each step's shift of the δ_j is applied inside the next evaluation's loops (one pass).
  let eta = 0;
  for (let step = 0; step < MAX_STEPS + 110; step++) {
    const shift = eta;
    tau += shift;
    eta = 0;
    let psi = 0;
    let dpsi = 0;
    let errPsi = 0;
    const psiEnd = last ? ii + 1 : ii;
    for (let j = 0; j < psiEnd; j++) {
      const dj = delta[o + j] - shift;
      delta[o + j] = dj;
      const t = z[j] / dj;
      psi += z[j] * t;
      dpsi += t * t;
      errPsi += psi;
    }
    let phi = 0;
    let dphi = 0;
    let errPhi = 0;
    for (let j = k - 1; j > ii; j--) {
      const dj = delta[o + j] - shift;
      delta[o + j] = dj;
      const t = z[j] / dj;
      phi += z[j] * t;
      dphi += t * t;
      errPhi += phi;
    }
    let w: number;
    let dw: number;
    let bound: number;
    if (last) {
      w = rhoInv + psi + phi;
      dw = dpsi + dphi;
      bound = 8 * (-phi - psi) + Math.abs(errPsi) - phi + rhoInv + Math.abs(tau) * dw;
    } else {
      delta[o + ii] -= shift;
      const t = z[ii] / delta[o + ii];
      dw = dpsi + dphi + t * t;
      w = rhoInv + psi + phi + z[ii] * t;
      bound =
        8 * (phi - psi) +
        Math.abs(errPsi) +
        errPhi +
        2 * rhoInv +
        3 * Math.abs(z[ii] * t) +
        Math.abs(tau) * dw;
    }
    if (Math.abs(w) <= EPS * bound && Number.isFinite(w)) break;
    if (w <= 0) lower = Math.max(lower, tau);
    else upper = Math.min(upper, tau);
    if (step >= MAX_STEPS) {
      if (upper - lower <= EPS * Math.max(Math.abs(lower), Math.abs(upper))) break;
      eta = (lower + upper) / 2 - tau;
      if (eta === 0) break;
    } else {
      const dl = delta[o + lo];
      const du = delta[o + lo + 1];
      eta = last
        ? lastStep(w, dl, du, dpsi, dphi)
        : interiorStep(w, dw, dpsi, dphi, origin === i, d, z, i, dl, du);
      if (w * eta >= 0) eta = -w / dw;
      const next = tau + eta;
      if (!(next > lower && next < upper) || !Number.isFinite(next)) {
        eta = ((w < 0 ? upper : lower) - tau) / 2;
      }
      if (eta === 0) break;
    }
  }
  if (eta !== 0) {
    for (let j = 0; j < k; j++) delta[o + j] -= eta;
    tau += eta;
  }
  return dO + tau;
}

interface Start {
  origin: number;
  tau: number;
  lower: number;
  upper: number;
}

/** dlaed4's first guess for root i < k−1, from the two poles bracketing it. */
function interiorStart(k: number, i: number, d: Float64Array, z: Float64Array, rho: number): Start {
  const gap = d[i + 1] - d[i];
  const mid = gap / 2;
  let c = 1 / rho;
  for (let j = 0; j < k; j++) {
    if (j !== i && j !== i + 1) c += (z[j] * z[j]) / (d[j] - d[i] - mid);
  }
  const zi = z[i] * z[i];
  const zi1 = z[i + 1] * z[i + 1];
  const w = c + zi / -mid + zi1 / (gap - mid);
  if (w > 0) {
    // The root lies in the left half: shift from d_i.
    const a = c * gap + zi + zi1;
    const b = zi * gap;
    const disc = Math.sqrt(Math.abs(a * a - 4 * b * c));
    const tau = a > 0 ? (2 * b) / (a + disc) : (a - disc) / (2 * c);
    return { origin: i, tau: clamp(tau, 0, mid), lower: 0, upper: mid };
  }
  const a = c * gap - zi - zi1;
  const b = zi1 * gap;
  const disc = Math.sqrt(Math.abs(a * a + 4 * b * c));
  const tau = a < 0 ? (2 * b) / (a - disc) : -(a + disc) / (2 * c);
  return { origin: i + 1, tau: clamp(tau, -mid, 0), lower: -mid, upper: 0 };
}

/** dlaed4's first guess for the largest root, in (d_{k−1}, d_{k−1} + ρ]. */
function lastStart(k: number, d: Float64Array, z: Float64Array, rho: number): Start {
  const n1 = k - 1;
  const n2 = k - 2;
  const mid = rho / 2;
  let c = 1 / rho;
  for (let j = 0; j < n2; j++) c += (z[j] * z[j]) / (d[j] - d[n1] - mid);
  const za = z[n2] * z[n2];
  const zb = z[n1] * z[n1];
  const w = c + za / (d[n2] - d[n1] - mid) + zb / -mid;
  const gap = d[n1] - d[n2];
  const guess = (): number => {
    const a = -c * gap + za + zb;
    const b = zb * gap;
    const disc = Math.sqrt(a * a + 4 * b * c);
    return a < 0 ? (2 * b) / (disc - a) : (a + disc) / (2 * c);
  };
  if (w <= 0) {
    const tau = c <= za / (gap + rho) + zb / rho ? rho : guess();
    return { origin: n1, tau: clamp(tau, mid, rho), lower: mid, upper: rho };
  }
  return { origin: n1, tau: clamp(guess(), 0, mid), lower: 0, upper: mid };
}

/** The fixed-weight step for the largest root (dlaed4, i = n). */
function lastStep(w: number, dl: number, du: number, dpsi: number, dphi: number): number {
  const c = Math.abs(w - dl * dpsi - du * dphi);
  if (c === 0) return -w / (dpsi + dphi);
  const a = (dl + du) * w - dl * du * (dpsi + dphi);
  const b = dl * du * w;
  const disc = Math.sqrt(Math.abs(a * a - 4 * b * c));
  return a >= 0 ? (a + disc) / (2 * c) : (2 * b) / (a - disc);
}

/** The fixed-weight step for an interior root (dlaed4 without its three-pole switch). */
function interiorStep(
  w: number,
  dw: number,
  dpsi: number,
  dphi: number,
  fromLeft: boolean,
  d: Float64Array,
  z: Float64Array,
  i: number,
  di: number,
  di1: number,
): number {
  const c = fromLeft
    ? w - di1 * dw - (d[i] - d[i + 1]) * (z[i] / di) ** 2
    : w - di * dw - (d[i + 1] - d[i]) * (z[i + 1] / di1) ** 2;
  let a = (di + di1) * w - di * di1 * dw;
  const b = di * di1 * w;
  if (c === 0) {
    if (a === 0) {
      a = fromLeft
        ? z[i] * z[i] + di1 * di1 * (dpsi + dphi)
        : z[i + 1] * z[i + 1] + di * di * (dpsi + dphi);
    }
    return b / a;
  }
  const disc = Math.sqrt(Math.abs(a * a - 4 * b * c));
  return a <= 0 ? (a - disc) / (2 * c) : (2 * b) / (a + disc);
}

function clamp(x: number, lo: number, hi: number): number {
  return Number.isFinite(x) ? Math.min(hi, Math.max(lo, x)) : (lo + hi) / 2;
}

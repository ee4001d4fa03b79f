import type { FlatSvd } from '../flat-svd.js';
import { dot, norm2, transposeRows } from '../kernels/blas.js';
import { applyQToColumns, householderQr } from '../kernels/householder-qr.js';
import { oneSidedJacobi } from '../kernels/one-sided-jacobi.js';
import { completeOrthonormalRows } from '../kernels/orthonormalize.js';
import { symmetricEigen } from '../kernels/symmetric-eigen.js';
import type { DenseMatrix } from '../matrix-input.js';

/** Options of {@link exactSvd}; the iteration caps exist so tests can force a failure. @internal */
export interface ExactSvdOptions {
  /** Number of leading singular triplets returned. @defaultValue min(rows, columns) */
  readonly rank?: number;
  /** Compute U. @defaultValue true */
  readonly computeU?: boolean;
  /** Jacobi sweep cap. @defaultValue 60 */
  readonly maxSweeps?: number;
  /** QL iteration cap per eigenvalue of the preconditioner. @defaultValue 60 */
  readonly maxEigenIterations?: number;
}

/**
 * Below this fraction of σ₁, a left singular vector comes from the QR factor (Q·U_R), which is
 * orthonormal to machine precision; above it, A·v/σ is as accurate and much cheaper.
 */
const DIRECT_U_THRESHOLD = 1e-3;

/**
 * Thin SVD accurate to LAPACK's standard: Householder QR of A (the input, transposed when
 * wide), then one-sided Jacobi on R preconditioned by the eigenvectors of RᵀR.
 *
 * @throws {@link ConvergenceError} when the eigensolver or the Jacobi sweeps hit their caps.
 * @internal
 */
export function exactSvd(x: DenseMatrix, options: ExactSvdOptions = {}): FlatSvd {
  const { rows: n, columns: d } = x;
  const tall = n >= d;
  const N = tall ? n : d;
  const m = tall ? d : n;
  const rank = options.rank ?? m;
  const computeU = options.computeU ?? true;
  const a = scaledColumns(x, tall);
  const compact = a.keep.length > 0 ? svdOfReduced(a.c, N, a.keep.length, options) : null;
  const { sigma, vRows, uR } = expandTriplets(compact, a.keep, a.dropped, m);
  const s = new Float64Array(rank);
  for (let k = 0; k < rank; k++) s[k] = sigma[k] * a.scale;

  // Left singular vectors of A (length N), for the first `rank` triplets.
  let leftA: Float64Array | null = null; // row-major rank×N: row k is u_k of A
  if (tall ? computeU : true) {
    leftA = new Float64Array(rank * N);
    const direct: number[] = [];
    const viaQ: number[] = [];
    for (let k = 0; k < rank; k++) {
      const resolved = k < a.keep.length && sigma[k] > 0;
      (resolved && sigma[k] >= DIRECT_U_THRESHOLD * sigma[0] ? direct : viaQ).push(k);
    }
    if (viaQ.length > 0) {
      const block = new Float64Array(viaQ.length * N);
      viaQ.forEach((k, t) => {
        block.set(uR.subarray(k * m, k * m + m), t * N);
      });
      if (compact !== null) applyQToColumns(a.c, compact.tau, N, a.keep.length, block, viaQ.length);
      viaQ.forEach((k, t) => {
        leftA?.set(block.subarray(t * N, t * N + N), k * N);
      });
    }
    if (direct.length > 0) multiplyDirect(x, tall, vRows, m, sigma, a.scale, direct, leftA, N);
  }

  // Assemble the SVD of X.
  const vt = new Float64Array(rank * d);
  let u: Float64Array | null = null;
  if (tall) {
    vt.set(vRows.subarray(0, rank * m));
    if (computeU && leftA !== null) u = transposeRows(leftA, rank, n);
  } else {
    vt.set((leftA as Float64Array).subarray(0, rank * d));
    if (computeU) u = transposeRows(vRows.subarray(0, rank * m), rank, n);
  }
  return { u, s, vt, rows: n, columns: d, rank };
}

/**
 * Column-major A (N×mc) divided by a power of two near X's largest magnitude (exact, and keeps
 * squares in range), without the columns of A that are exactly zero (pixels never lit): each
 * of those gives a zero singular value with a unit right vector. A = X when tall, Xᵀ (whose
 * column-major layout is X's own) when wide.
 */
function scaledColumns(
  x: DenseMatrix,
  tall: boolean,
): { c: Float64Array; keep: number[]; dropped: number[]; scale: number } {
  const { rows: n, columns: d } = x;
  const N = tall ? n : d;
  const m = tall ? d : n;
  let maxAbs = 0;
  for (let i = 0; i < x.data.length; i++) maxAbs = Math.max(maxAbs, Math.abs(x.data[i]));
  // (The exponent is clamped so that 1/scale stays finite for subnormal input.)
  const scale =
    maxAbs === 0 ? 1 : 2 ** Math.max(-1000, Math.min(1000, Math.round(Math.log2(maxAbs))));
  const inv = 1 / scale;
  const keep: number[] = [];
  const dropped: number[] = [];
  for (let j = 0; j < m; j++) {
    let nonzero = false;
    for (let i = 0; i < N && !nonzero; i++)
      nonzero = (tall ? x.data[i * d + j] : x.data[j * d + i]) !== 0;
    (nonzero ? keep : dropped).push(j);
  }
  const mc = keep.length;
  const c = new Float64Array(N * mc);
  if (tall) {
    for (let i = 0; i < n; i++) {
      const ro = i * d;
      for (let t = 0; t < mc; t++) c[t * N + i] = x.data[ro + keep[t]] * inv;
    }
  } else {
    for (let t = 0; t < mc; t++) {
      const so = keep[t] * d;
      for (let i = 0; i < N; i++) c[t * N + i] = x.data[so + i] * inv;
    }
  }
  // After scaling the largest entry is about 1: entries below 2^-900 (subnormal territory for
  // the reflectors) are 1e-270 relative to it, and flushing them to zero changes nothing else.
  for (let i = 0; i < c.length; i++) if (Math.abs(c[i]) < 2 ** -900) c[i] = 0;
  return { c, keep, dropped, scale };
}

/** Expands the reduced SVD to m triplets: kept columns first (by σ), then the deflated ones. */
function expandTriplets(
  compact: ReducedSvd | null,
  keep: number[],
  dropped: number[],
  m: number,
): { sigma: Float64Array; vRows: Float64Array; uR: Float64Array } {
  const mc = keep.length;
  const sigma = new Float64Array(m);
  const vRows = new Float64Array(m * m); // right singular vectors of A, sorted
  const uR = new Float64Array(m * m); // left vectors in the coordinates of Q (length m used)
  if (compact !== null) {
    for (let k = 0; k < mc; k++) {
      sigma[k] = compact.sigma[k];
      for (let t = 0; t < mc; t++) {
        vRows[k * m + keep[t]] = compact.v[k * mc + t];
        uR[k * m + t] = compact.uR[k * mc + t];
      }
    }
  }
  dropped.forEach((j, t) => {
    const k = mc + t;
    vRows[k * m + j] = 1;
    uR[k * m + mc + t] = 1;
  });
  return { sigma, vRows, uR };
}

interface ReducedSvd {
  readonly tau: Float64Array;
  /** σ of the scaled A, descending. */
  readonly sigma: Float64Array;
  /** Row-major m×m: right singular vectors (rows), sorted. */
  readonly v: Float64Array;
  /** Row-major m×m: left singular vectors of R (rows), sorted, completed where σ = 0. */
  readonly uR: Float64Array;
}

/** QR of the column-major N×m `c` (in place), then the SVD of R by preconditioned Jacobi. */
function svdOfReduced(c: Float64Array, N: number, m: number, options: ExactSvdOptions): ReducedSvd {
  const tau = householderQr(c, N, m);

  // R (m×m, row-major, upper triangular).
  const R = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = i; j < m; j++) R[i * m + j] = c[j * N + i];

  const { W, V, big } = preconditioned(R, m, options);
  // Columns at the rounding level of the largest one carry no information (they are what the
  // exact zero singular values of a rank-deficient input become); zeroing them changes A by
  // less than eps·σ₁·m in norm and keeps Jacobi from chasing rounding noise.
  const negligible = big * 2 ** -52 * Math.sqrt(m);
  for (let i = 0; i < m; i++) if (norm2(W, i * m, m) <= negligible) W.fill(0, i * m, i * m + m);
  oneSidedJacobi(
    W,
    m,
    m,
    V,
    m,
    options.maxSweeps === undefined ? {} : { maxSweeps: options.maxSweeps },
  );

  // σ_i = ‖w_i‖, sorted descending.
  const raw = new Float64Array(m);
  for (let i = 0; i < m; i++) raw[i] = norm2(W, i * m, m);
  const order = Array.from({ length: m }, (_, i) => i).sort((p, q) => raw[q] - raw[p] || p - q);
  const sigma = new Float64Array(m);
  const v = new Float64Array(m * m);
  const uR = new Float64Array(m * m);
  const missing: boolean[] = [];
  for (let k = 0; k < m; k++) {
    const i = order[k];
    const si = raw[i];
    sigma[k] = si;
    v.set(V.subarray(i * m, i * m + m), k * m);
    const zero = !(si > 0) || !Number.isFinite(1 / si);
    missing.push(zero);
    if (!zero) for (let r = 0; r < m; r++) uR[k * m + r] = W[i * m + r] / si;
  }
  if (missing.some((z) => z)) completeOrthonormalRows(uR, m, m, missing);
  return { tau, sigma, v, uR };
}

/** W = R·V₀ (columns stored as rows) with V₀ the eigenvectors of RᵀR, and the largest ‖wᵢ‖. */
function preconditioned(
  R: Float64Array,
  m: number,
  options: ExactSvdOptions,
): { W: Float64Array; V: Float64Array; big: number } {
  // Preconditioner: eigenvectors of RᵀR (upper triangle, formed row by row of R).
  const G = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    const ro = i * m;
    for (let p = i; p < m; p++) {
      const rp = R[ro + p];
      if (rp === 0) continue;
      const go = p * m;
      for (let q = p; q < m; q++) G[go + q] += rp * R[ro + q];
    }
  }
  const eig = symmetricEigen(
    G,
    m,
    options.maxEigenIterations === undefined ? {} : { maxIterations: options.maxEigenIterations },
  );
  const V = eig.vectors; // rows: v_i (length m)

  // W = R·V0, stored by columns as rows: W[i][r] = Σ_{c ≥ r} R[r][c]·V[i][c].
  const W = new Float64Array(m * m);
  let big = 0;
  for (let i = 0; i < m; i++) {
    const vo = i * m;
    for (let r = 0; r < m; r++) W[vo + r] = dot(R, r * m + r, V, vo + r, m - r);
    big = Math.max(big, norm2(W, vo, m));
  }
  return { W, V, big };
}

/** u_k = A·v_k/σ_k for the listed k, written as rows of `leftA` (row length N). */
function multiplyDirect(
  x: DenseMatrix,
  tall: boolean,
  vRows: Float64Array,
  m: number,
  sigma: Float64Array,
  scale: number,
  ks: number[],
  leftA: Float64Array,
  N: number,
): void {
  const { rows: n, columns: d, data } = x;
  const r = ks.length;
  const inv = 1 / scale; // x·inv is the scaled A, whose σ are `sigma`
  const invS = ks.map((k) => 1 / sigma[k]);
  if (tall) {
    // A = X: u_k[i] = X[i]·v_k. Build Vsel (d×r, row-major), then for each row of X, skipping zeros.
    const vsel = new Float64Array(d * r);
    for (let t = 0; t < r; t++) {
      const vo = ks[t] * m;
      for (let j = 0; j < d; j++) vsel[j * r + t] = vRows[vo + j];
    }
    const acc = new Float64Array(r);
    for (let i = 0; i < n; i++) {
      acc.fill(0);
      const ro = i * d;
      for (let j = 0; j < d; j++) {
        const a = data[ro + j] * inv;
        if (a === 0) continue;
        const vo = j * r;
        for (let t = 0; t < r; t++) acc[t] += a * vsel[vo + t];
      }
      for (let t = 0; t < r; t++) leftA[ks[t] * N + i] = acc[t] * invS[t];
    }
  } else {
    // A = Xᵀ: u_k = Xᵀ·v_k, i.e. the row vector v_kᵀ·X (length d).
    for (let t = 0; t < r; t++) {
      const k = ks[t];
      const out = k * N;
      const vo = k * m;
      for (let i = 0; i < n; i++) {
        const a = vRows[vo + i];
        if (a === 0) continue;
        const ro = i * d;
        for (let j = 0; j < d; j++) leftA[out + j] += a * (data[ro + j] * inv);
      }
      const f = invS[t];
      for (let j = 0; j < d; j++) leftA[out + j] *= f;
    }
  }
}

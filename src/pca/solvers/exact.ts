import type { FlatSvd } from '../flat-svd.js';
import { multiplyRight, multiplyTransposed } from '../kernels/affine-products.js';
import { norm2, transpose, transposeRows } from '../kernels/blas.js';
import { gemm, syrkUpper } from '../kernels/gemm.js';
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

/** Rows of R per product in the preconditioner: the triangle's zeros are skipped by blocks. */
const PRODUCT_BLOCK = 64;

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

  // Left singular vectors of A (length N) as the columns of the row-major N×rank `left`.
  const left = tall && !computeU ? null : leftVectors(x, tall, a, compact, sigma, vRows, uR, rank);

  // Assemble the SVD of X.
  let vt: Float64Array;
  let u: Float64Array | null = null;
  if (tall) {
    vt = vRows.slice(0, rank * m);
    u = left;
  } else {
    vt = transpose(left as Float64Array, N, rank);
    if (computeU) u = transposeRows(vRows.subarray(0, rank * m), rank, n);
  }
  return { u, s, vt, rows: n, columns: d, rank };
}

/**
 * The first `rank` left singular vectors of A, as the columns of a row-major N×rank array:
 * A·v/σ (one product with X, skipping its zeros when sparse) for σ ≥ {@link DIRECT_U_THRESHOLD}·σ₁,
 * which lead since σ is sorted, and Q·u_R for the rest.
 */
function leftVectors(
  x: DenseMatrix,
  tall: boolean,
  a: ReturnType<typeof scaledColumns>,
  compact: ReducedSvd | null,
  sigma: Float64Array,
  vRows: Float64Array,
  uR: Float64Array,
  rank: number,
): Float64Array {
  const { rows: n, columns: d } = x;
  const N = tall ? n : d;
  const m = tall ? d : n;
  let direct = 0;
  while (
    direct < rank &&
    direct < a.keep.length &&
    sigma[direct] > 0 &&
    sigma[direct] >= DIRECT_U_THRESHOLD * sigma[0]
  )
    direct++;
  const left = new Float64Array(N * rank);
  if (direct > 0) {
    // Vsel (m×direct): column k is v_k; the scaled A is X/scale (exact: a power of two).
    const vsel = new Float64Array(m * direct);
    for (let k = 0; k < direct; k++)
      for (let j = 0; j < m; j++) vsel[j * direct + k] = vRows[k * m + j];
    // The products skip X's zeros where they are many (gemm elsewhere), as the randomized solver's.
    const op = { x };
    const product = tall ? multiplyRight(op, vsel, direct) : multiplyTransposed(op, vsel, direct);
    // 1/scale is a power of two: dividing by it is exact, so the order does not matter.
    const inv = Array.from({ length: direct }, (_, k) => 1 / sigma[k]);
    for (let i = 0; i < N; i++) {
      const po = i * direct;
      const lo = i * rank;
      for (let k = 0; k < direct; k++) left[lo + k] = (product[po + k] / a.scale) * inv[k];
    }
  }
  const count = rank - direct;
  if (count > 0) {
    const block = new Float64Array(count * N); // column-major N×count
    for (let t = 0; t < count; t++)
      block.set(uR.subarray((direct + t) * m, (direct + t) * m + m), t * N);
    if (compact !== null) applyQToColumns(a.c, compact.tau, N, a.keep.length, block, count);
    for (let t = 0; t < count; t++) {
      const bo = t * N;
      for (let i = 0; i < N; i++) left[i * rank + direct + t] = block[bo + i];
    }
  }
  return left;
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
  // Preconditioner: eigenvectors of RᵀR. Its upper triangle by syrk, a block of R's rows at a
  // time: rows i0.. of R are zero left of column i0, so each block updates the trailing part.
  const G = new Float64Array(m * m);
  for (let i0 = 0; i0 < m; i0 += PRODUCT_BLOCK) {
    const o = i0 * m + i0;
    syrkUpper(Math.min(PRODUCT_BLOCK, m - i0), m - i0, 1, R, o, m, 1, G, o, m);
  }
  const eig = symmetricEigen(
    G,
    m,
    options.maxEigenIterations === undefined ? {} : { maxIterations: options.maxEigenIterations },
  );
  const V = eig.vectors; // rows: v_i (length m)

  // W = R·V0, stored by columns as rows: W[i][r] = Σ_{c ≥ r} V[i][c]·R[r][c], i.e. W = V·Rᵀ by
  // gemm, a block of R's rows at a time to skip the zeros left of the diagonal.
  const W = new Float64Array(m * m);
  for (let r0 = 0; r0 < m; r0 += PRODUCT_BLOCK) {
    const rb = Math.min(PRODUCT_BLOCK, m - r0);
    gemm(false, true, m, rb, m - r0, 1, V, r0, m, R, r0 * m + r0, m, 0, W, r0, m);
  }
  let big = 0;
  for (let i = 0; i < m; i++) big = Math.max(big, norm2(W, i * m, m));
  return { W, V, big };
}

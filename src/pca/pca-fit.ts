import { ConfigurationError } from '../errors/configuration-error.js';
import { InvalidInputError } from '../errors/invalid-input-error.js';
import { columnStats } from './column-stats.js';
import { residualTheta } from './diagnostics/residual-spectrum.js';
import { type FlatSvd, fixSigns } from './flat-svd.js';
import {
  type AffineData,
  materialize,
  type SparsePattern,
  sparsePattern,
} from './kernels/affine-products.js';
import type { DenseMatrix } from './matrix-input.js';
import type { PcaSettings, PcaState } from './pca-state.js';
import { rescaleColumnsInPlace, rescaleInPlace } from './rescale.js';
import { autoPowerIterations, type ConcreteSolver, chooseSolver } from './solvers/choose.js';
import { covarianceSvd } from './solvers/covariance.js';
import { exactSvd } from './solvers/exact.js';
import { randomizedSvd } from './solvers/randomized.js';
import { checkCount } from './validate.js';

/**
 * The smallest singular value every solver resolves on d features: √(d·eps)·σ₁ (1.5e-8·σ₁·√d).
 * The covariance solver's eigenvalues of the d×d Gram matrix are good to about d·eps·λ₁ (the
 * eigensolver's backward error), so below this its singular values are rounding noise (measured:
 * the null components of rank-deficient data come out at 1.2e-8·σ₁ for d = 10, 2.5e-8·σ₁ for
 * d = 50, 3.2e-8·σ₁ for d = 100, each 4 to 5 times below it). Whitening keeps only components
 * above it, whichever solver found them, so every solver keeps the same components.
 *
 * @internal
 */
export function resolvedFloor(s1: number, d: number): number {
  return Math.sqrt(d * 2 ** -52) * s1;
}

/**
 * Fits PCA on validated data (which it may rescale in place: pass a private copy): statistics,
 * then the chosen solver, then the number of components, deterministic signs and variances.
 *
 * @throws {@link ConfigurationError} for nComponents above min(n, d), or varianceToKeep with the
 *   randomized solver.
 * @throws {@link InvalidInputError} for fewer than 2 rows, a zero-variance column with `scale`,
 *   unresolved components with `whiten`, or variances outside float64's range.
 * @internal
 */
export function fitPca(x: DenseMatrix, settings: PcaSettings): PcaState {
  const { rows: n, columns: d } = x;
  if (n < 2) {
    throw new InvalidInputError(
      `PCA needs at least 2 samples to estimate variance; X has ${n} row.`,
    );
  }
  const m = Math.min(n, d);
  if (settings.nComponents !== undefined) {
    checkCount(
      settings.nComponents,
      'nComponents',
      m,
      `min(n, d) for ${n} samples of ${d} features`,
    );
  }
  const solver =
    settings.solver === 'auto' ? chooseSolver(n, d, settings.nComponents, true) : settings.solver;
  if (solver === 'randomized' && settings.varianceToKeep !== undefined) {
    throw new ConfigurationError(
      "varianceToKeep needs the whole spectrum, which the 'randomized' solver does not compute; " +
        "use solver 'exact' or 'covariance', or give nComponents.",
    );
  }
  // The randomized solver's products want X's non-zeros (null when over half): found once, for
  // the statistics too.
  const pattern = solver === 'randomized' ? (sparsePattern(x) ?? undefined) : undefined;
  const { mean, sumSquares, columnFactors, c } = rescaledStats(x, pattern, settings.scale);
  const std = settings.scale ? standardDeviations(mean, sumSquares, n) : null;
  const op: AffineData = {
    x,
    mean: settings.center ? mean : undefined,
    scale: std ?? undefined,
    pattern,
  };
  const totalSS = totalSumSquares(op, sumSquares);
  const spectrum = solve(solver, op, settings, settings.center ? sumSquares : undefined);
  const k = keptCount(spectrum.s, settings, totalSS, d);
  const components = spectrum.vt.slice(0, k * d);
  const scaled = spectrum.s.slice(0, k);
  fixSigns({ u: null, s: scaled, vt: components, rows: n, columns: d, rank: k });
  const variances = unscaledVariances(scaled, totalSS, c, n, resolvedFloor(scaled[0] ?? 0, d));
  unscaleColumns(mean, std, columnFactors, c);
  return {
    nSamples: n,
    nFeatures: d,
    components,
    nComponents: k,
    ...variances,
    mean: settings.center ? mean : new Float64Array(d),
    std,
    // Only the full-spectrum solvers know the discarded eigenvalues.
    residualTheta: solver === 'randomized' ? null : residualTheta(spectrum.s, k, c, n),
  };
}

/**
 * Column statistics after rescaling X in place where needed. Exact powers of two keep squares
 * in range (see rescale.ts); scaled PCA is invariant to a per-column factor, unscaled PCA to a
 * global one (c), which fitPca undoes on its results. The statistics' first pass finds the
 * maxima the rescaling needs; they are taken again only when it rescales, which is rare.
 */
function rescaledStats(
  x: DenseMatrix,
  pattern: SparsePattern | undefined,
  scale: boolean,
): { mean: Float64Array; sumSquares: Float64Array; columnFactors: Float64Array | null; c: number } {
  let stats = columnStats(x, pattern);
  const columnFactors = scale ? rescaleColumnsInPlace(x, stats.maxAbs) : null;
  const c = scale ? 1 : rescaleInPlace(x, stats.maxAbs);
  if (columnFactors !== null || c !== 1) stats = columnStats(x, pattern);
  return { mean: stats.mean, sumSquares: stats.sumSquares, columnFactors, c };
}

/** Multiplies the statistics of the rescaled data back by the factors rescale.ts divided by. */
function unscaleColumns(
  mean: Float64Array,
  std: Float64Array | null,
  columnFactors: Float64Array | null,
  c: number,
): void {
  for (let j = 0; j < mean.length; j++) {
    const f = columnFactors === null ? c : columnFactors[j];
    mean[j] *= f;
    if (std !== null) std[j] *= f;
  }
}

/** Column standard deviations (ddof 0), refusing a constant column. */
function standardDeviations(mean: Float64Array, sumSquares: Float64Array, n: number): Float64Array {
  const std = new Float64Array(mean.length);
  for (let j = 0; j < std.length; j++) {
    std[j] = Math.sqrt(sumSquares[j] / n);
    if (!(std[j] > 0)) {
      throw new InvalidInputError(
        `Column ${j} of X has zero variance (every value is the same), so scale: true ` +
          'cannot scale it to unit variance; drop the column or fit with scale: false.',
      );
    }
  }
  return std;
}

/** Total sum of squares of X̃ (the variance of all components times n − 1). */
function totalSumSquares(op: AffineData, sumSquares: Float64Array): number {
  const { data, rows: n, columns: d } = op.x;
  const std = op.scale;
  let total = 0;
  if (op.mean !== undefined) {
    for (let j = 0; j < d; j++)
      total += std === undefined ? sumSquares[j] : sumSquares[j] / std[j] ** 2;
    return total;
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const v = std === undefined ? data[i * d + j] : data[i * d + j] / std[j];
      total += v * v;
    }
  }
  return total;
}

function solve(
  solver: ConcreteSolver,
  op: AffineData,
  settings: PcaSettings,
  sumSquares: Float64Array | undefined,
): FlatSvd {
  const { rows: n, columns: d } = op.x;
  const m = Math.min(n, d);
  if (solver === 'exact') return exactSvd(materialize(op), { computeU: false });
  if (solver === 'covariance') return covarianceSvd(op, sumSquares, m);
  const rank = settings.nComponents ?? m;
  const { powerIterations, oversamples, seed } = settings;
  return randomizedSvd(op, {
    rank,
    seed,
    oversamples,
    powerIterations: powerIterations === 'auto' ? autoPowerIterations(rank, n, d) : powerIterations,
    computeU: false,
    sumSquares,
  });
}

/**
 * The number of components to keep: nComponents, or what varianceToKeep selects, or all; with
 * `whiten`, only components above {@link resolvedFloor} (an explicit nComponents that
 * reaches below it is refused, otherwise the unresolved tail is dropped).
 */
function keptCount(s: Float64Array, settings: PcaSettings, totalSS: number, d: number): number {
  let k = Math.min(settings.nComponents ?? s.length, s.length);
  if (settings.nComponents === undefined && settings.varianceToKeep !== undefined) {
    const target = settings.varianceToKeep * totalSS * (1 - 1e-12);
    let cumulative = 0;
    for (let i = 0; i < s.length; i++) {
      cumulative += s[i] ** 2;
      if (cumulative >= target) {
        k = i + 1;
        break;
      }
    }
  }
  if (!settings.whiten) return k;
  const floor = resolvedFloor(s[0] ?? 0, d);
  let resolved = 0;
  while (resolved < k && s[resolved] > floor) resolved++;
  if (resolved === 0 || (settings.nComponents !== undefined && resolved < k)) {
    throw new InvalidInputError(
      `Component ${resolved} has (numerically) zero variance: its singular value is not above ` +
        `√(d·eps)·σ₁ = ${floor.toExponential(2)}, so whiten: true would divide by rounding noise; fit with ` +
        `nComponents ≤ ${resolved}${resolved === 0 ? ' (the data are constant)' : ''}, leave nComponents out to drop such components, or fit without whitening.`,
    );
  }
  return resolved;
}

/** Singular values and variances of the original data from those of the data divided by c. */
function unscaledVariances(
  scaled: Float64Array,
  totalSS: number,
  c: number,
  n: number,
  floor: number,
): Pick<
  PcaState,
  'singularValues' | 'explainedVariance' | 'explainedVarianceRatio' | 'totalVariance'
> {
  const k = scaled.length;
  const singularValues = new Float64Array(k);
  const explainedVariance = new Float64Array(k);
  const explainedVarianceRatio = new Float64Array(k);
  const root = Math.sqrt(n - 1);
  for (let i = 0; i < k; i++) {
    singularValues[i] = c * scaled[i];
    // (c·(s/√(n−1)))² overflows only when the variance itself does.
    explainedVariance[i] = (c * (scaled[i] / root)) ** 2;
    explainedVarianceRatio[i] = totalSS > 0 ? scaled[i] ** 2 / totalSS : 0;
  }
  const totalVariance = (c * Math.sqrt(totalSS / (n - 1))) ** 2;
  for (let i = 0; i < k; i++) {
    const tooSmall = scaled[i] > floor && explainedVariance[i] < 2 ** -1022;
    if (!Number.isFinite(explainedVariance[i]) || !Number.isFinite(totalVariance) || tooSmall) {
      // log10 of the variance, computed without forming it.
      const exponent = Math.round(2 * Math.log10(c) + Math.log10(scaled[0] ** 2 / (n - 1)));
      throw new InvalidInputError(
        `The variances of X are about 1e${exponent}, outside float64's range (about 1e-308 to ` +
          `1e308), so explainedVariance would be ${tooSmall ? 'zero' : 'Infinity'}; multiply X by ` +
          `1e${-Math.round(exponent / 2)} (any constant that brings its entries near 1) before ` +
          'fitting: the components and explained variance ratios do not change.',
      );
    }
  }
  return { singularValues, explainedVariance, explainedVarianceRatio, totalVariance };
}

// For PCA.fromStatistics (statistics/from-statistics.ts), which builds the same state from moments.
export { keptCount, standardDeviations, unscaledVariances };

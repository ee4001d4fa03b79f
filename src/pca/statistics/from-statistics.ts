import { ConfigurationError } from '../../errors/configuration-error.js';
import { InvalidInputError } from '../../errors/invalid-input-error.js';
import { residualTheta } from '../diagnostics/residual-spectrum.js';
import { fixSigns } from '../flat-svd.js';
import { readOptions } from '../options.js';
import { keptCount, resolvedFloor, standardDeviations, unscaledVariances } from '../pca-fit.js';
import { settingsFrom } from '../pca-options.js';
import type { PcaSettings, PcaState } from '../pca-state.js';
import { gramSpectrum } from '../solvers/covariance.js';
import { checkCount } from '../validate.js';
import { type Moments, momentsMean } from './moments.js';
import { type Sketch, stateFromSketch } from './sketch-state.js';

/**
 * Options of `PCA.fromStatistics`: the PCA options that apply to a model built from moments.
 *
 * @example
 * ```ts
 * import { PCA, PcaStatistics, type FromStatisticsOptions } from 'autoencoders/pca';
 * const options: FromStatisticsOptions = { varianceToKeep: 0.95, whiten: true };
 * const pca = PCA.fromStatistics(new PcaStatistics().add([[1, 2], [3, 5], [4, 4]]), options);
 * ```
 */
export interface FromStatisticsOptions {
  /** As {@link PcaOptions.nComponents}. */
  readonly nComponents?: number;
  /** As {@link PcaOptions.varianceToKeep}. */
  readonly varianceToKeep?: number;
  /** As {@link PcaOptions.center}; `false` uses the second moment M + n·μμᵀ. */
  readonly center?: boolean;
  /** As {@link PcaOptions.scale}. */
  readonly scale?: boolean;
  /** As {@link PcaOptions.whiten}. */
  readonly whiten?: boolean;
}

const KEYS: (keyof FromStatisticsOptions)[] = [
  'nComponents',
  'varianceToKeep',
  'center',
  'scale',
  'whiten',
];

/**
 * Checks `PCA.fromStatistics` options; `solver` (and the randomized solver's options) are refused
 * by name, since the statistics already fix the method.
 *
 * @throws {@link ConfigurationError} for null options, an unknown key or a bad value.
 * @internal
 */
export function statisticsSettings(options: FromStatisticsOptions | undefined): PcaSettings {
  if (typeof options === 'object' && options !== null && Object.hasOwn(options, 'solver')) {
    throw new ConfigurationError(
      'PCA.fromStatistics takes no solver: the statistics hold the d×d co-moment matrix, whose ' +
        "eigen-decomposition (the 'covariance' solver's path) gives the model; drop the solver option.",
    );
  }
  return settingsFrom(readOptions(options, KEYS, 'PCA.fromStatistics options'));
}

/**
 * Refuses settings that a model built from statistics cannot honour: any solver other than
 * `'auto'` or `'covariance'` (fitStream on a PCA created with `solver: 'exact'`).
 *
 * @internal
 */
export function checkStreamSolver(settings: PcaSettings): void {
  if (settings.solver !== 'auto' && settings.solver !== 'covariance') {
    throw new ConfigurationError(
      `fitStream forms the d×d co-moment matrix (the 'covariance' solver's path), so solver ` +
        `'${settings.solver}' does not apply; create the PCA without a solver option.`,
    );
  }
}

/**
 * The PCA state a single fit on all the rows would give, from their exact moments: the Gram
 * matrix of the centred (or uncentred, M + n·μμᵀ) and optionally scaled data, then the covariance
 * solver's eigen path and the fit's own component selection, signs and variances.
 *
 * @throws {@link InvalidInputError} for fewer than 2 rows or a constant column with `scale`.
 * @throws {@link ConfigurationError} for nComponents above min(n, d).
 * @internal
 */
export function stateFromMoments(moments: Moments | Sketch, settings: PcaSettings): PcaState {
  if (!('comoments' in moments)) return stateFromSketch(moments, settings);
  const n = moments.count;
  const mean = momentsMean(moments);
  const d = mean.length;
  if (n < 2) {
    throw new InvalidInputError(
      `PCA needs at least 2 samples to estimate variance; the statistics hold ${n}; add more rows.`,
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
  const g = moments.comoments.slice();
  const diagonal = new Float64Array(d);
  for (let j = 0; j < d; j++) diagonal[j] = g[j * d + j];
  const std = settings.scale ? standardDeviations(mean, diagonal, n) : null;
  for (let p = 0; p < d; p++) {
    for (let q = p; q < d; q++) {
      let v = g[p * d + q];
      if (!settings.center) v += n * mean[p] * mean[q];
      if (std !== null) v /= std[p] * std[q];
      g[p * d + q] = v;
    }
  }
  let totalSS = 0;
  for (let j = 0; j < d; j++) totalSS += g[j * d + j];
  const spectrum = gramSpectrum(g, d, n, m);
  const k = keptCount(spectrum.s, settings, totalSS, d);
  const components = spectrum.vt.slice(0, k * d);
  const s = spectrum.s.slice(0, k);
  fixSigns({ u: null, s, vt: components, rows: n, columns: d, rank: k });
  const variances = unscaledVariances(s, totalSS, 1, n, resolvedFloor(s[0] ?? 0, d));
  return {
    nSamples: n,
    nFeatures: d,
    components,
    nComponents: k,
    ...variances,
    mean: settings.center ? mean : new Float64Array(d),
    std,
    // The whole spectrum is known, so the SPE limits are too (as for the exact and covariance fits).
    residualTheta: residualTheta(spectrum.s, k, 1, n),
  };
}

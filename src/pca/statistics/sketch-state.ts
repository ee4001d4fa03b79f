import { ConfigurationError } from '../../errors/configuration-error.js';
import { InvalidInputError } from '../../errors/invalid-input-error.js';
import { fixSigns } from '../flat-svd.js';
import { keptCount, resolvedFloor, unscaledVariances } from '../pca-fit.js';
import type { PcaSettings, PcaState } from '../pca-state.js';
import { exactSvd } from '../solvers/exact.js';
import { checkCount } from '../validate.js';
import type { Sketch } from './sketch.js';

export type { Sketch } from './sketch.js';

/**
 * The PCA state of statistics with a rank: their kept components and singular values (with
 * `center: false`, those of the stack [diag(s)·V; √n·μ], the uncentred second moment), variance
 * ratios against the exact total variance.
 *
 * @throws {@link ConfigurationError} for `scale` (the factors are of unscaled data), or
 *   nComponents above the components kept.
 * @throws {@link InvalidInputError} for fewer than 2 rows.
 * @internal
 */
export function stateFromSketch(sketch: Sketch, settings: PcaSettings): PcaState {
  const { count: n, mean } = sketch;
  const d = mean.length;
  if (n < 2) {
    throw new InvalidInputError(
      `PCA needs at least 2 samples to estimate variance; the statistics hold ${n}; add more rows.`,
    );
  }
  if (settings.scale) {
    throw new ConfigurationError(
      'Statistics with a rank factor the unscaled data, so scale: true does not apply; divide each ' +
        'column by its standard deviation before adding rows, or use exact statistics.',
    );
  }
  let { s, vt } = sketch;
  let totalSS = 0;
  for (let j = 0; j < d; j++)
    totalSS += sketch.sumSquares[j] + (settings.center ? 0 : n * mean[j] ** 2);
  if (!settings.center) {
    const r = s.length;
    const stack = new Float64Array((r + 1) * d);
    for (let i = 0; i < r; i++) for (let j = 0; j < d; j++) stack[i * d + j] = s[i] * vt[i * d + j];
    for (let j = 0; j < d; j++) stack[r * d + j] = Math.sqrt(n) * mean[j];
    const svd = exactSvd({ data: stack, rows: r + 1, columns: d }, { computeU: false });
    const k = Math.min(sketch.rank, svd.rank);
    s = svd.s.slice(0, k);
    vt = svd.vt.slice(0, k * d);
  }
  if (settings.nComponents !== undefined) {
    checkCount(
      settings.nComponents,
      'nComponents',
      s.length,
      `the components these statistics with rank ${sketch.rank} keep`,
    );
  }
  const k = keptCount(s, settings, totalSS, d);
  const components = vt.slice(0, k * d);
  const kept = s.slice(0, k);
  fixSigns({ u: null, s: kept, vt: components, rows: n, columns: d, rank: k });
  const variances = unscaledVariances(kept, totalSS, 1, n, resolvedFloor(kept[0] ?? 0, d));
  return {
    nSamples: n,
    nFeatures: d,
    components,
    nComponents: k,
    ...variances,
    mean: settings.center ? mean.slice() : new Float64Array(d),
    std: null,
  };
}

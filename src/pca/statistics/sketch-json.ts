import type { Sketch } from './sketch.js';
import {
  fail,
  field,
  finiteArray,
  type PcaStatisticsJson,
  parseCountAndMean,
  STATISTICS_FORMAT_VERSION,
} from './statistics-json.js';

/** The most features statistics with a rank accept from a file (their factors take 8·d·rank bytes). */
const MAX_SKETCH_FEATURES = 1 << 24;

/** @internal */
export function toSketchJson(m: Sketch): PcaStatisticsJson {
  const d = m.mean.length;
  const components: number[][] = [];
  for (let r = 0; r < m.s.length; r++) components.push(Array.from(m.vt.subarray(r * d, r * d + d)));
  return {
    kind: 'pca-statistics',
    version: STATISTICS_FORMAT_VERSION,
    count: m.count,
    mean: Array.from(m.mean),
    rank: m.rank,
    sumSquares: Array.from(m.sumSquares),
    singularValues: Array.from(m.s),
    components,
  };
}

/**
 * Statistics with a rank from their JSON form; every length is checked against the arrays present
 * before anything is allocated.
 *
 * @throws {@link ModelFileError} for anything malformed.
 * @internal
 */
export function parseSketch(obj: Record<string, unknown>): Sketch {
  const rank = field(obj, 'rank');
  if (typeof rank !== 'number' || !Number.isInteger(rank) || rank < 1) {
    fail('rank must be a positive integer.');
  }
  const { count, mean: rawMean } = parseCountAndMean(obj, MAX_SKETCH_FEATURES);
  const d = rawMean.length;
  const rawSS = field(obj, 'sumSquares');
  if (!Array.isArray(rawSS) || rawSS.length !== d)
    fail(`sumSquares must be an array of ${d} numbers.`);
  const rawS = field(obj, 'singularValues');
  const rows = field(obj, 'components');
  if (!Array.isArray(rawS) || !Array.isArray(rows) || rawS.length !== rows.length) {
    fail('singularValues and components must be arrays of the same length.');
  }
  const r = rawS.length;
  if (r > Math.min(rank, count, d))
    fail(`it keeps ${r} components, more than min(rank, count, d).`);
  for (let i = 0; i < r; i++) {
    if (!Array.isArray(rows[i]) || rows[i].length !== d)
      fail(`components[${i}] must have ${d} numbers.`);
  }
  // Every length is now backed by an array that is present: allocating is safe.
  const s = finiteArray(rawS, 'singularValues', true);
  for (let i = 1; i < r; i++) if (s[i] > s[i - 1]) fail('singularValues must be descending.');
  const vt = new Float64Array(r * d);
  rows.forEach((row, i) => {
    vt.set(finiteArray(row as unknown[], `components[${i}]`), i * d);
  });
  return {
    rank,
    count,
    mean: finiteArray(rawMean, 'mean'),
    sumSquares: finiteArray(rawSS, 'sumSquares', true),
    s,
    vt,
  };
}

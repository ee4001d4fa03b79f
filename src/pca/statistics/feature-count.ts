import { ShapeError } from '../../errors/shape-error.js';
import { MAX_EXACT_FEATURES } from './statistics-json.js';

/**
 * The width checks of adding rows or statistics to exact or sketched statistics, with one
 * wording for `PcaStatistics` and `fitStream({ workers })`.
 *
 * @param d - the feature count offered; `expected` the count held so far (null when empty).
 * @param what - the subject, e.g. 'rows have'; `lead` goes before the message (a chunk index).
 * @throws {@link ShapeError} for d > 4,096 on exact statistics, or d ≠ expected.
 * @internal
 */
export function checkFeatureCount(
  d: number,
  expected: number | null,
  exact: boolean,
  what: string,
  lead = '',
): void {
  if (exact && d > MAX_EXACT_FEATURES) {
    throw new ShapeError(
      `${lead}The ${what} ${d} features; exact statistics hold a d×d matrix and take at most ` +
        `${MAX_EXACT_FEATURES} (8·d² bytes). For wide data keep an incremental truncated SVD ` +
        'instead: new PcaStatistics({ rank: k }).',
    );
  }
  if (expected !== null && expected !== d) {
    throw new ShapeError(
      `${lead}The ${what} ${d} features, these statistics ${expected}; merge only statistics of the same columns.`,
    );
  }
}

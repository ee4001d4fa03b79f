import { gaussian } from './random.js';
import { readMat } from './read-mat.js';

/** The notebook's 2-D data set, or its stand-in. */
export interface Points2d {
  readonly X: number[][];
  /** Where the points came from, for the printout. */
  readonly source: string;
}

// Moments of ex7data1.mat (ddof 0), which is not redistributed with the package.
const mean = [3.99, 5.0];
const std = [1.16, 1.01];
const correlation = 0.7355;

/** Centres values and scales them to unit standard deviation (ddof 0). */
function unit(values: number[]): number[] {
  const m = values.reduce((sum, v) => sum + v, 0) / values.length;
  const centred = values.map((v) => v - m);
  const sd = Math.sqrt(centred.reduce((sum, v) => sum + v * v, 0) / values.length);
  return centred.map((v) => v / sd);
}

/**
 * The 50 points the notebook's first three sections use: variable `X` of ex7data1.mat when a
 * path is given, else a seeded look-alike with the same size, means, spreads and correlation.
 *
 * @param matPath - Path to ex7data1.mat (the `--mat` flag).
 * @throws Error when the file has no 2-column variable `X`.
 */
export function loadPoints2d(matPath?: string): Points2d {
  if (matPath !== undefined) {
    const X = readMat(matPath).get('X');
    if (X === undefined || X.columns !== 2)
      throw new Error(`${matPath} has no 2-column variable X`);
    return { X: X.data, source: `${matPath} (variable X, ${X.rows}×2)` };
  }
  // Orthonormalise the draws so the sample itself, not just its distribution, has exactly the
  // target moments: then the look-alike's PCA figures sit close to the real file's.
  const draw = gaussian(7);
  const a = unit(Array.from({ length: 50 }, draw));
  const raw = Array.from({ length: 50 }, draw);
  const along = raw.reduce((sum, v, i) => sum + v * a[i], 0) / 50;
  const b = unit(raw.map((v, i) => v - along * a[i]));
  const X = a.map((ai, i) => [
    mean[0] + std[0] * ai,
    mean[1] + std[1] * (correlation * ai + Math.sqrt(1 - correlation ** 2) * b[i]),
  ]);
  return { X, source: 'a seeded look-alike of ex7data1.mat (pass --mat for the real one)' };
}

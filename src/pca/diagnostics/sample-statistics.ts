import { InvalidInputError } from '../../errors/invalid-input-error.js';
import { ShapeError } from '../../errors/shape-error.js';
import { type MatrixInput, readMatrix } from '../matrix-input.js';
import type { PcaState } from '../pca-state.js';

/** Hotelling's T² and the squared prediction error Q of each sample. */
export interface SampleStatistics {
  /** Σ t²/λ over the kept components, one per sample. */
  readonly t2: Float64Array;
  /** ‖x̃ − x̃·VᵀV‖², the residual's squared norm in the model's (centred, scaled) units. */
  readonly spe: Float64Array;
}

/**
 * T² and SPE of each row of X: x̃ = (x − mean)/std, t = x̃·Vᵀ (the unwhitened scores), the
 * residual r = x̃ − t·V formed explicitly (|x̃|² − |t|² would cancel for samples near the model).
 *
 * @throws {@link ShapeError} when X has another number of features than the model.
 * @throws {@link InvalidInputError} for invalid entries, or a kept component of zero variance.
 * @internal
 */
export function sampleStatistics(state: PcaState, X: MatrixInput, what: string): SampleStatistics {
  const x = readMatrix(X, 'X');
  const { nComponents: k, nFeatures: d, components: v, mean, std } = state;
  if (x.columns !== d) {
    throw new ShapeError(
      `X has ${x.columns} features, this model expects ${d}; pass ${what} the columns the model was fitted on.`,
    );
  }
  const lambda = state.explainedVariance;
  for (let c = 0; c < k; c++) {
    if (!(lambda[c] > 0)) {
      throw new InvalidInputError(
        `Component ${c} has zero variance, so ${what} would divide by zero; fit with ` +
          `nComponents ≤ ${c} (the data have rank ${c} along the kept directions).`,
      );
    }
  }
  const root = lambda.map(Math.sqrt);
  const t2 = new Float64Array(x.rows);
  const spe = new Float64Array(x.rows);
  const row = new Float64Array(d);
  const t = new Float64Array(k);
  for (let i = 0; i < x.rows; i++) {
    for (let j = 0; j < d; j++) {
      const centred = x.data[i * d + j] - mean[j];
      row[j] = std === null ? centred : centred / std[j];
    }
    let sumT2 = 0;
    for (let c = 0; c < k; c++) {
      let dot = 0;
      for (let j = 0; j < d; j++) dot += row[j] * v[c * d + j];
      t[c] = dot;
      // (t/√λ)², not t²/λ: t² overflows for data near 1e154, which fit accepts.
      sumT2 += (dot / root[c]) ** 2;
    }
    for (let c = 0; c < k; c++) {
      const tc = t[c];
      for (let j = 0; j < d; j++) row[j] -= tc * v[c * d + j];
    }
    t2[i] = sumT2;
    spe[i] = scaledSumSquares(row);
    if (!Number.isFinite(t2[i]) || !Number.isFinite(spe[i])) {
      throw new InvalidInputError(
        `X[${i}]'s ${Number.isFinite(t2[i]) ? 'SPE' : 'T²'} overflows float64 (it is beyond 1e308): ` +
          'the row lies about 1e154 or more from the model in its units; rescale X and refit.',
      );
    }
  }
  return { t2, spe };
}

/** Σ r², summed as m²·Σ(r/m)² with m = max |r| so squares of entries near 1e154 stay finite. */
function scaledSumSquares(row: Float64Array): number {
  let m = 0;
  for (const v of row) m = Math.max(m, Math.abs(v));
  if (m === 0) return 0;
  let sum = 0;
  for (const v of row) sum += (v / m) ** 2;
  return m * m * sum;
}

import type { SymmetricEigenResult } from '../../../src/pca/kernels/symmetric-eigen.js';

const EPS = 2 ** -52;

/** How far an eigen-decomposition is from exact, in units of n·eps (times ‖A‖ where it scales). */
export interface EigenQuality {
  /** max_k ‖A·v_k − λ_k·v_k‖₂ / (n·eps·‖A‖₂). */
  readonly residual: number;
  /** max |VᵀV − I| / (n·eps) over the returned vectors. */
  readonly orthogonality: number;
  /** max_k |λ_k − reference_k| / (n·eps·‖A‖₂), when a reference is given. */
  readonly values: number;
}

/**
 * Residual, orthogonality and eigenvalue errors of `result` for the symmetric n×n `a` (full
 * storage), measured by plain loops independent of the solver; ‖A‖₂ is taken as max |λ| of the
 * reference (or of the result) and 1 for the zero matrix.
 */
export function eigenQuality(
  a: Float64Array,
  n: number,
  result: SymmetricEigenResult,
  reference?: Float64Array,
): EigenQuality {
  const { values, vectors } = result;
  const count = values.length;
  const spectrum = reference ?? values;
  let norm = 0;
  for (const v of spectrum) norm = Math.max(norm, Math.abs(v));
  if (norm === 0) norm = 1;
  let residual = 0;
  for (let k = 0; k < count; k++) {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += a[i * n + j] * vectors[k * n + j];
      const r = s - values[k] * vectors[k * n + i];
      sum += r * r;
    }
    residual = Math.max(residual, Math.sqrt(sum));
  }
  let orthogonality = 0;
  for (let k = 0; k < count; k++) {
    for (let l = k; l < count; l++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += vectors[k * n + j] * vectors[l * n + j];
      orthogonality = Math.max(orthogonality, Math.abs(s - (k === l ? 1 : 0)));
    }
  }
  let worst = 0;
  if (reference)
    for (let k = 0; k < count; k++) worst = Math.max(worst, Math.abs(values[k] - reference[k]));
  const unit = Math.max(1, n) * EPS;
  return {
    residual: residual / (unit * norm),
    orthogonality: orthogonality / unit,
    values: worst / (unit * norm),
  };
}

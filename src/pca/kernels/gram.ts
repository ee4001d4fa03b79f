import type { AffineData } from './affine-products.js';

// Hot kernel, kept in one function over the 60-line limit: both accumulation paths and the
// corrections share the d×d buffer in one pass over X.
/**
 * The Gram matrix X̃ᵀX̃ (d×d, row-major, both triangles filled) of the affine data X̃ =
 * (X − 1μᵀ)·diag(1/σ).
 *
 * Only the upper half is accumulated, row by row of X. When centring would cost little accuracy
 * (every column's mean² ≤ 64·variance, as for pixel data) it forms XᵀX skipping zero entries
 * and subtracts n·μμᵀ; otherwise it centres each row in a buffer first (dense, but exact).
 * Columns with zero variance get exact zero rows and columns.
 *
 * @param variance - the per-column sum of squared deviations Σᵢ(xᵢⱼ − μⱼ)², when centring.
 * @internal
 */
export function gramMatrix(op: AffineData, variance?: Float64Array): Float64Array {
  const { data, rows: n, columns: d } = op.x;
  const g = new Float64Array(d * d);
  const mean = op.mean;
  let sparsePath = true;
  if (mean !== undefined && variance !== undefined) {
    for (let j = 0; j < d; j++) {
      if (variance[j] > 0 && n * mean[j] * mean[j] > 64 * variance[j]) sparsePath = false;
    }
  } else if (mean !== undefined) {
    sparsePath = false;
  }
  const buf = new Float64Array(d);
  const idx = new Int32Array(d);
  const val = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const ro = i * d;
    if (sparsePath) {
      // Gather the row's non-zeros: the work is (non-zeros)²/2 per row.
      let nnz = 0;
      for (let j = 0; j < d; j++) {
        const a = data[ro + j];
        if (a !== 0) {
          idx[nnz] = j;
          val[nnz++] = a;
        }
      }
      for (let s = 0; s < nnz; s++) {
        const a = val[s];
        const go = idx[s] * d;
        for (let t = s; t < nnz; t++) g[go + idx[t]] += a * val[t];
      }
    } else {
      for (let j = 0; j < d; j++) buf[j] = data[ro + j] - (mean as Float64Array)[j];
      for (let p = 0; p < d; p++) {
        const a = buf[p];
        if (a === 0) continue;
        const go = p * d;
        for (let q = p; q < d; q++) g[go + q] += a * buf[q];
      }
    }
  }
  if (sparsePath && mean !== undefined) {
    for (let p = 0; p < d; p++) {
      const mp = n * mean[p];
      if (mp === 0) continue;
      for (let q = p; q < d; q++) g[p * d + q] -= mp * mean[q];
    }
    if (variance !== undefined) for (let p = 0; p < d; p++) g[p * d + p] = variance[p];
  }
  if (variance !== undefined) {
    for (let p = 0; p < d; p++) {
      if (variance[p] !== 0) continue;
      for (let q = 0; q < d; q++) {
        g[p * d + q] = 0;
        g[q * d + p] = 0;
      }
    }
  }
  if (op.scale !== undefined) {
    for (let p = 0; p < d; p++) {
      for (let q = p; q < d; q++) g[p * d + q] /= op.scale[p] * op.scale[q];
    }
  }
  for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) g[q * d + p] = g[p * d + q];
  return g;
}

import type { AffineData } from './affine-products.js';

/**
 * The zero-skipping row kernels of the affine products (affine-products.ts): one row of X at a
 * time, from its non-zeros (through the cached pattern when there is one).
 *
 * @internal
 */

/** Gathers row i's non-zeros into (idx = column·stride, val); returns their count. @internal */
export function gatherRow(
  op: AffineData,
  i: number,
  stride: number,
  idx: Int32Array,
  val: Float64Array,
): number {
  const { data, columns: d } = op.x;
  const ro = i * d;
  let nnz = 0;
  const pattern = op.pattern;
  if (pattern !== undefined) {
    const end = pattern.offsets[i + 1];
    for (let k = pattern.offsets[i]; k < end; k++) {
      const j = pattern.columns[k];
      idx[nnz] = j * stride;
      val[nnz++] = data[ro + j];
    }
    return nnz;
  }
  for (let j = 0; j < d; j++) {
    const a = data[ro + j];
    if (a !== 0) {
      idx[nnz] = j * stride;
      val[nnz++] = a;
    }
  }
  return nnz;
}

// Hot kernel, kept in one function over the 60-line limit: the 8-wide register block is
// unrolled by hand (V8 does not unroll), which is most of its length.
/** Row i of Y = X̃·B̃ − 1·shiftᵀ from row i's non-zeros, written at y[yo ..]. @internal */
export function sparseRowTimes(
  op: AffineData,
  i: number,
  bs: Float64Array,
  l: number,
  shift: Float64Array,
  y: Float64Array,
  yo: number,
  idx: Int32Array,
  val: Float64Array,
): void {
  // Gather the row's non-zeros, then accumulate 8 outputs at a time in registers.
  const nnz = gatherRow(op, i, l, idx, val);
  let t = 0;
  for (; t + 8 <= l; t += 8) {
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    let a4 = 0;
    let a5 = 0;
    let a6 = 0;
    let a7 = 0;
    for (let s = 0; s < nnz; s++) {
      const a = val[s];
      const bo = idx[s] + t;
      a0 += a * bs[bo];
      a1 += a * bs[bo + 1];
      a2 += a * bs[bo + 2];
      a3 += a * bs[bo + 3];
      a4 += a * bs[bo + 4];
      a5 += a * bs[bo + 5];
      a6 += a * bs[bo + 6];
      a7 += a * bs[bo + 7];
    }
    y[yo + t] = a0 - shift[t];
    y[yo + t + 1] = a1 - shift[t + 1];
    y[yo + t + 2] = a2 - shift[t + 2];
    y[yo + t + 3] = a3 - shift[t + 3];
    y[yo + t + 4] = a4 - shift[t + 4];
    y[yo + t + 5] = a5 - shift[t + 5];
    y[yo + t + 6] = a6 - shift[t + 6];
    y[yo + t + 7] = a7 - shift[t + 7];
  }
  for (; t < l; t++) {
    let acc = 0;
    for (let s = 0; s < nnz; s++) acc += val[s] * bs[idx[s] + t];
    y[yo + t] = acc - shift[t];
  }
}

// Hot kernel, kept in one function over the 60-line limit: the 8-wide unrolling.
/** Z += (row i of X)ᵀ·(y[yo .. yo + l)), from row i's non-zeros. @internal */
export function sparseRowScatter(
  op: AffineData,
  i: number,
  y: Float64Array,
  yo: number,
  l: number,
  z: Float64Array,
  idx: Int32Array,
  val: Float64Array,
): void {
  const nnz = gatherRow(op, i, l, idx, val);
  // Hold 8 entries of y's row in registers while scattering into the rows of z.
  let t = 0;
  for (; t + 8 <= l; t += 8) {
    const y0 = y[yo + t];
    const y1 = y[yo + t + 1];
    const y2 = y[yo + t + 2];
    const y3 = y[yo + t + 3];
    const y4 = y[yo + t + 4];
    const y5 = y[yo + t + 5];
    const y6 = y[yo + t + 6];
    const y7 = y[yo + t + 7];
    for (let s = 0; s < nnz; s++) {
      const a = val[s];
      const zo = idx[s] + t;
      z[zo] += a * y0;
      z[zo + 1] += a * y1;
      z[zo + 2] += a * y2;
      z[zo + 3] += a * y3;
      z[zo + 4] += a * y4;
      z[zo + 5] += a * y5;
      z[zo + 6] += a * y6;
      z[zo + 7] += a * y7;
    }
  }
  for (; t < l; t++) {
    const yt = y[yo + t];
    for (let s = 0; s < nnz; s++) z[idx[s] + t] += val[s] * yt;
  }
}

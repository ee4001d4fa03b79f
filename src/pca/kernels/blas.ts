/**
 * Small level-1 helpers on flat Float64Arrays, written for V8 (several accumulators).
 *
 * @internal
 */

/** Dot product of `x[xo .. xo+len)` and `y[yo .. yo+len)`. */
export function dot(x: Float64Array, xo: number, y: Float64Array, yo: number, len: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < len; i += 4) {
    s0 += x[xo + i] * y[yo + i];
    s1 += x[xo + i + 1] * y[yo + i + 1];
    s2 += x[xo + i + 2] * y[yo + i + 2];
    s3 += x[xo + i + 3] * y[yo + i + 3];
  }
  for (; i < len; i++) s0 += x[xo + i] * y[yo + i];
  return s0 + s1 + (s2 + s3);
}

/** Euclidean norm of `x[xo .. xo+len)`, safe from overflow and underflow. */
export function norm2(x: Float64Array, xo: number, len: number): number {
  let max = 0;
  for (let i = 0; i < len; i++) {
    const a = Math.abs(x[xo + i]);
    if (a > max) max = a;
  }
  if (max === 0) return 0;
  const inv = 1 / max;
  let s = 0;
  if (Number.isFinite(inv)) {
    for (let i = 0; i < len; i++) {
      const v = x[xo + i] * inv;
      s += v * v;
    }
  } else {
    for (let i = 0; i < len; i++) {
      const v = x[xo + i] / max;
      s += v * v;
    }
  }
  return max * Math.sqrt(s);
}

/** sqrt(a² + b²) without overflow or underflow (faster than Math.hypot in V8). */
export function hypot(a: number, b: number): number {
  const x = Math.abs(a);
  const y = Math.abs(b);
  const m = Math.max(x, y);
  if (m === 0) return 0;
  const p = x / m;
  const q = y / m;
  return m * Math.sqrt(p * p + q * q);
}

/** Transposes a row-major rows×columns array into a new columns×rows one. */
export function transpose(a: Float64Array, rows: number, columns: number): Float64Array {
  const out = new Float64Array(rows * columns);
  const B = 32;
  for (let i0 = 0; i0 < rows; i0 += B) {
    const i1 = Math.min(rows, i0 + B);
    for (let j0 = 0; j0 < columns; j0 += B) {
      const j1 = Math.min(columns, j0 + B);
      for (let i = i0; i < i1; i++) {
        const ro = i * columns;
        for (let j = j0; j < j1; j++) out[j * rows + i] = a[ro + j];
      }
    }
  }
  return out;
}

/** Row-major count×len (rows are vectors) to row-major len×count (vectors as columns). */
export function transposeRows(a: Float64Array, count: number, len: number): Float64Array {
  const out = new Float64Array(count * len);
  for (let k = 0; k < count; k++) {
    const o = k * len;
    for (let i = 0; i < len; i++) out[i * count + k] = a[o + i];
  }
  return out;
}

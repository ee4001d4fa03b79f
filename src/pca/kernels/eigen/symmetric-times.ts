import { simdSymmetricTimes } from '../wasm/symmetric-backend.js';

/**
 * y[s..n) = A₂₂·v for the trailing block from (s, s), read from its upper triangle four rows at
 * a time so that v_c and y_c are loaded once for four matrix rows (each stored entry serves the
 * row's dot product and the column's update on one load): the panel's half of the flops. When
 * a, v and y lie in the SIMD module's lent workspace (../wasm/symmetric-backend.ts) its f64x2
 * kernel runs; else this loop, which adds in the kernel's order so that both give the same
 * bits: each row's dot product in two partial sums, over the even and the odd column offsets
 * from the 4×4 corner (which starts the even one), an odd last column added to the even one,
 * then even + odd (hot kernel, over the 60-line limit: the unrolling is the point).
 *
 * @param a - n×n row-major; only the upper triangle from (s, s) is read.
 * @param v - v[vo + c] is the vector's entry c (c ≥ s).
 * @param y - n-long; entries s.. are overwritten.
 * @internal
 */
export function symmetricTimes4(
  a: Float64Array,
  n: number,
  s: number,
  v: Float64Array,
  vo: number,
  y: Float64Array,
): void {
  if (simdSymmetricTimes(a, n, s, v, vo, y)) return;
  y.fill(0, s, n);
  let r = s;
  for (; r + 3 < n; r += 4) {
    const p0 = r * n;
    const p1 = p0 + n;
    const p2 = p1 + n;
    const p3 = p2 + n;
    const v0 = v[vo + r];
    const v1 = v[vo + r + 1];
    const v2 = v[vo + r + 2];
    const v3 = v[vo + r + 3];
    // The 4×4 corner of the triangle.
    const a01 = a[p0 + r + 1];
    const a02 = a[p0 + r + 2];
    const a03 = a[p0 + r + 3];
    const a12 = a[p1 + r + 2];
    const a13 = a[p1 + r + 3];
    const a23 = a[p2 + r + 3];
    let even0 = a[p0 + r] * v0 + a01 * v1 + a02 * v2 + a03 * v3;
    let even1 = a01 * v0 + a[p1 + r + 1] * v1 + a12 * v2 + a13 * v3;
    let even2 = a02 * v0 + a12 * v1 + a[p2 + r + 2] * v2 + a23 * v3;
    let even3 = a03 * v0 + a13 * v1 + a23 * v2 + a[p3 + r + 3] * v3;
    let odd0 = 0;
    let odd1 = 0;
    let odd2 = 0;
    let odd3 = 0;
    let c = r + 4;
    for (; c + 1 < n; c += 2) {
      const vc = v[vo + c];
      const vd = v[vo + c + 1];
      const x0 = a[p0 + c];
      const x1 = a[p1 + c];
      const x2 = a[p2 + c];
      const x3 = a[p3 + c];
      const z0 = a[p0 + c + 1];
      const z1 = a[p1 + c + 1];
      const z2 = a[p2 + c + 1];
      const z3 = a[p3 + c + 1];
      even0 += x0 * vc;
      even1 += x1 * vc;
      even2 += x2 * vc;
      even3 += x3 * vc;
      odd0 += z0 * vd;
      odd1 += z1 * vd;
      odd2 += z2 * vd;
      odd3 += z3 * vd;
      y[c] += x0 * v0 + x1 * v1 + x2 * v2 + x3 * v3;
      y[c + 1] += z0 * v0 + z1 * v1 + z2 * v2 + z3 * v3;
    }
    if (c < n) {
      const vc = v[vo + c];
      const x0 = a[p0 + c];
      const x1 = a[p1 + c];
      const x2 = a[p2 + c];
      const x3 = a[p3 + c];
      even0 += x0 * vc;
      even1 += x1 * vc;
      even2 += x2 * vc;
      even3 += x3 * vc;
      y[c] += x0 * v0 + x1 * v1 + x2 * v2 + x3 * v3;
    }
    y[r] += even0 + odd0;
    y[r + 1] += even1 + odd1;
    y[r + 2] += even2 + odd2;
    y[r + 3] += even3 + odd3;
  }
  for (; r < n; r++) {
    const ro = r * n;
    const vr = v[vo + r];
    let acc = a[ro + r] * vr;
    for (let c = r + 1; c < n; c++) {
      const x = a[ro + c];
      acc += x * v[vo + c];
      y[c] += x * vr;
    }
    y[r] += acc;
  }
}

// AssemblyScript, compiled to WebAssembly by scripts/build-wasm.mjs (not by tsc): the f64x2
// twin of symmetricTimes4 in ../../eigen/symmetric-times.ts. It adds every entry's products in
// the same order as that pure loop (each row's dot product in two lanes, even and odd column
// offsets, the odd tail into the even lane, lanes combined last; one multiply then one add, no
// fused multiply-add), so both give the same bits.

/** The first 16-byte-aligned address past the module's static data: where the host lays out its arrays. */
export function heapBase(): usize {
  return (__heap_base + 15) & ~(<usize>15);
}

/**
 * y[s..n) = A₂₂·v for the trailing block from (s, s) of the n×n row-major matrix at `a`, read
 * from its upper triangle four rows at a time (v and y are n-long, at byte addresses `v`, `y`).
 */
export function symmetricTimes(a: usize, n: i32, s: i32, v: usize, y: usize): void {
  const stride = (<usize>n) << 3;
  const end = stride;
  for (let c = (<usize>s) << 3; c < end; c += 8) store<f64>(y + c, 0);
  let r = s;
  for (; r + 3 < n; r += 4) {
    const rr = (<usize>r) << 3;
    const p0 = a + <usize>r * stride;
    const p1 = p0 + stride;
    const p2 = p1 + stride;
    const p3 = p2 + stride;
    const v0 = load<f64>(v + rr);
    const v1 = load<f64>(v + rr, 8);
    const v2 = load<f64>(v + rr, 16);
    const v3 = load<f64>(v + rr, 24);
    // The 4×4 corner of the triangle starts each row's even lane.
    const a01 = load<f64>(p0 + rr, 8);
    const a02 = load<f64>(p0 + rr, 16);
    const a03 = load<f64>(p0 + rr, 24);
    const a12 = load<f64>(p1 + rr, 16);
    const a13 = load<f64>(p1 + rr, 24);
    const a23 = load<f64>(p2 + rr, 24);
    const zero = f64x2.splat(0);
    let acc0 = f64x2.replace_lane(
      zero,
      0,
      load<f64>(p0 + rr) * v0 + a01 * v1 + a02 * v2 + a03 * v3,
    );
    let acc1 = f64x2.replace_lane(
      zero,
      0,
      a01 * v0 + load<f64>(p1 + rr, 8) * v1 + a12 * v2 + a13 * v3,
    );
    let acc2 = f64x2.replace_lane(
      zero,
      0,
      a02 * v0 + a12 * v1 + load<f64>(p2 + rr, 16) * v2 + a23 * v3,
    );
    let acc3 = f64x2.replace_lane(
      zero,
      0,
      a03 * v0 + a13 * v1 + a23 * v2 + load<f64>(p3 + rr, 24) * v3,
    );
    const s0 = f64x2.splat(v0);
    const s1 = f64x2.splat(v1);
    const s2 = f64x2.splat(v2);
    const s3 = f64x2.splat(v3);
    let c = rr + 32;
    for (; c + 8 < end; c += 16) {
      const vc = v128.load(v + c);
      const x0 = v128.load(p0 + c);
      const x1 = v128.load(p1 + c);
      const x2 = v128.load(p2 + c);
      const x3 = v128.load(p3 + c);
      acc0 = f64x2.add(acc0, f64x2.mul(x0, vc));
      acc1 = f64x2.add(acc1, f64x2.mul(x1, vc));
      acc2 = f64x2.add(acc2, f64x2.mul(x2, vc));
      acc3 = f64x2.add(acc3, f64x2.mul(x3, vc));
      let t = f64x2.add(f64x2.mul(x0, s0), f64x2.mul(x1, s1));
      t = f64x2.add(t, f64x2.mul(x2, s2));
      t = f64x2.add(t, f64x2.mul(x3, s3));
      v128.store(y + c, f64x2.add(v128.load(y + c), t));
    }
    let e0 = f64x2.extract_lane(acc0, 0);
    let e1 = f64x2.extract_lane(acc1, 0);
    let e2 = f64x2.extract_lane(acc2, 0);
    let e3 = f64x2.extract_lane(acc3, 0);
    if (c < end) {
      const vc = load<f64>(v + c);
      const x0 = load<f64>(p0 + c);
      const x1 = load<f64>(p1 + c);
      const x2 = load<f64>(p2 + c);
      const x3 = load<f64>(p3 + c);
      e0 += x0 * vc;
      e1 += x1 * vc;
      e2 += x2 * vc;
      e3 += x3 * vc;
      store<f64>(y + c, load<f64>(y + c) + (x0 * v0 + x1 * v1 + x2 * v2 + x3 * v3));
    }
    store<f64>(y + rr, load<f64>(y + rr) + (e0 + f64x2.extract_lane(acc0, 1)));
    store<f64>(y + rr, load<f64>(y + rr, 8) + (e1 + f64x2.extract_lane(acc1, 1)), 8);
    store<f64>(y + rr, load<f64>(y + rr, 16) + (e2 + f64x2.extract_lane(acc2, 1)), 16);
    store<f64>(y + rr, load<f64>(y + rr, 24) + (e3 + f64x2.extract_lane(acc3, 1)), 24);
  }
  for (; r < n; r++) {
    const rr = (<usize>r) << 3;
    const ro = a + <usize>r * stride;
    const vr = load<f64>(v + rr);
    let acc = load<f64>(ro + rr) * vr;
    for (let c = rr + 8; c < end; c += 8) {
      const x = load<f64>(ro + c);
      acc += x * load<f64>(v + c);
      store<f64>(y + c, load<f64>(y + c) + x * vr);
    }
    store<f64>(y + rr, load<f64>(y + rr) + acc);
  }
}

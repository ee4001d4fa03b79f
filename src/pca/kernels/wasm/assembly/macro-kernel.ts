// AssemblyScript, compiled to WebAssembly by scripts/build-wasm.mjs (not by tsc): the f64x2
// twin of macroKernel in ../gemm.ts. It reads the same packed four-wide slivers and adds each
// C entry's products in the same order (p = 0..kb−1, one multiply then one add, no fused
// multiply-add), so its results equal the pure path's bit for bit.

/** The first 64-byte-aligned address past the module's static data: where the host lays out its buffers. */
export function heapBase(): usize {
  return (__heap_base + 63) & ~(<usize>63);
}

/**
 * R (mb×nb, row stride ldr doubles, at r) ← alpha·Apacked·Bpacked, tile by 4×4 tile. With
 * `upper`, tiles wholly below the global diagonal (row ir > column jr + shift + 3) are skipped
 * and left unwritten; the host adds only the entries it needs.
 */
export function macroKernel(
  a: usize,
  b: usize,
  r: usize,
  ldr: i32,
  mb: i32,
  nb: i32,
  kb: i32,
  alpha: f64,
  upper: bool,
  shift: i32,
): void {
  const va = f64x2.splat(alpha);
  const sliver = (<usize>kb) << 5;
  for (let jr = 0; jr < nb; jr += 4) {
    const bBase = b + <usize>(jr >> 2) * sliver;
    for (let ir = 0; ir < mb; ir += 4) {
      if (upper && ir > jr + shift + 3) break;
      let pa = a + <usize>(ir >> 2) * sliver;
      let pb = bBase;
      const end = pa + sliver;
      let c0l = f64x2.splat(0);
      let c0h = f64x2.splat(0);
      let c1l = f64x2.splat(0);
      let c1h = f64x2.splat(0);
      let c2l = f64x2.splat(0);
      let c2h = f64x2.splat(0);
      let c3l = f64x2.splat(0);
      let c3h = f64x2.splat(0);
      while (pa < end) {
        const bl = v128.load(pb);
        const bh = v128.load(pb, 16);
        const a0 = v128.load64_splat(pa);
        const a1 = v128.load64_splat(pa, 8);
        const a2 = v128.load64_splat(pa, 16);
        const a3 = v128.load64_splat(pa, 24);
        c0l = f64x2.add(c0l, f64x2.mul(a0, bl));
        c0h = f64x2.add(c0h, f64x2.mul(a0, bh));
        c1l = f64x2.add(c1l, f64x2.mul(a1, bl));
        c1h = f64x2.add(c1h, f64x2.mul(a1, bh));
        c2l = f64x2.add(c2l, f64x2.mul(a2, bl));
        c2h = f64x2.add(c2h, f64x2.mul(a2, bh));
        c3l = f64x2.add(c3l, f64x2.mul(a3, bl));
        c3h = f64x2.add(c3h, f64x2.mul(a3, bh));
        pa += 32;
        pb += 32;
      }
      const row = (<usize>ldr) << 3;
      let o = r + ((<usize>ir * <usize>ldr + <usize>jr) << 3);
      v128.store(o, f64x2.mul(va, c0l));
      v128.store(o, f64x2.mul(va, c0h), 16);
      o += row;
      v128.store(o, f64x2.mul(va, c1l));
      v128.store(o, f64x2.mul(va, c1h), 16);
      o += row;
      v128.store(o, f64x2.mul(va, c2l));
      v128.store(o, f64x2.mul(va, c2h), 16);
      o += row;
      v128.store(o, f64x2.mul(va, c3l));
      v128.store(o, f64x2.mul(va, c3h), 16);
    }
  }
}

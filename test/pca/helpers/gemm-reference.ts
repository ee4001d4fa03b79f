/**
 * The references the gemm tests compare against: the textbook triple loop in the same row-major,
 * strided convention as src/pca/kernels/gemm.ts, and a seeded uniform filler.
 */

/** C ← alpha·op(A)·op(B) + beta·C, one dot product per entry. */
export function referenceGemm(
  tA: boolean,
  tB: boolean,
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: Float64Array,
  aOff: number,
  lda: number,
  b: Float64Array,
  bOff: number,
  ldb: number,
  beta: number,
  c: Float64Array,
  cOff: number,
  ldc: number,
): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) {
        const x = tA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
        const y = tB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
        s += x * y;
      }
      c[cOff + i * ldc + j] = alpha * s + beta * c[cOff + i * ldc + j];
    }
  }
}

/** `length` values in [−1/2, 1/2) from a linear congruential generator seeded by `seed`. */
export function seededUniform(length: number, seed: number): Float64Array {
  let state = seed >>> 0 || 1;
  return Float64Array.from({ length }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32 - 0.5;
  });
}

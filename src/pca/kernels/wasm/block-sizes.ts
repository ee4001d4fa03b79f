/**
 * The block sizes shared by the pure and the SIMD kernels (the SIMD kernel's wasm memory is laid
 * out for them once).
 *
 * @internal
 */

/** Depth of one packed panel: 2·KC·4 doubles of slivers stay in L1 while a tile accumulates. */
export const KC = 256;
/** Rows of op(A) packed at once (MC·KC·8 bytes = 128 KB, an L2-sized block). */
export const MC = 64;
/** Columns of op(B) packed at once. */
export const NC = 512;

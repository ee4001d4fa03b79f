import { ConfigurationError } from '../../../errors/configuration-error.js';
import { KC, MC, NC } from './block-sizes.js';
import { decodeBase64 } from './decode-base64.js';
import { macroKernelWasm } from './macro-kernel.generated.js';
import { loadSymmetricTimes } from './symmetric-backend.js';

/** Which implementation runs the float64 gemm/syrk kernels: see {@link setKernelBackend}. */
export type KernelBackend = 'wasm' | 'js';

/**
 * The compiled SIMD kernel with its buffers: Float64Array views of the wasm memory that the host
 * packs into directly (no copy), and the block of results the kernel writes.
 *
 * @internal
 */
export interface WasmKernel {
  /** Packed op(A) slivers, `MC·KC` doubles. */
  readonly packA: Float64Array;
  /** Packed op(B) slivers, `NC·KC` doubles. */
  readonly packB: Float64Array;
  /** The kernel's output block, `MC×NC` doubles (row stride chosen per call). */
  readonly result: Float64Array;
  /** result (mb×nb, row stride ldr) ← alpha·packA·packB; `upper` skips tiles below the diagonal. */
  run(
    ldr: number,
    mb: number,
    nb: number,
    kb: number,
    alpha: number,
    upper: boolean,
    shift: number,
  ): void;
}

interface KernelExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  macroKernel(
    a: number,
    b: number,
    r: number,
    ldr: number,
    mb: number,
    nb: number,
    kb: number,
    alpha: number,
    upper: number,
    shift: number,
  ): void;
}

let preferred: KernelBackend = 'wasm';
let kernel: WasmKernel | undefined;
let loading: Promise<boolean> | undefined;
/**
 * Compiles the WebAssembly SIMD kernel for the float64 matrix products behind every PCA solver,
 * asynchronously and once. Calling it is optional: the first matrix product compiles the kernel
 * in place (it is under the 4 KB that browsers allow a main thread to compile synchronously), so
 * a plain synchronous `fit` runs at SIMD speed too. Where WebAssembly or its SIMD is missing, the
 * pure TypeScript kernels serve; both give the same results bit for bit, so the choice only
 * changes the speed. Await it to know which path runs, or to compile ahead of the first fit.
 *
 * @returns true when the SIMD kernel is compiled and in use (false where WebAssembly SIMD is
 *   unavailable or {@link setKernelBackend} chose `'js'`); it never rejects.
 * @example
 * ```ts
 * import { PCA, ready } from 'autoencoders/pca';
 * const simd = await ready(); // true on Node 20 and current browsers
 * const pca = new PCA({ nComponents: 2 }).fit([[1, 2], [3, 4], [5, 7]]);
 * ```
 */
export function ready(): Promise<boolean> {
  if (preferred !== 'wasm') return Promise.resolve(false);
  loading ??= load();
  // The tridiagonalisation's SIMD product is a second module (./symmetric-backend.ts), compiled alongside.
  return Promise.all([loading, loadSymmetricTimes()]).then(() => kernelBackend() === 'wasm');
}

/**
 * Chooses the implementation of the float64 matrix kernels: `'wasm'` (the default) uses the
 * WebAssembly SIMD kernel once {@link ready} has compiled it, `'js'` always uses the pure
 * TypeScript one (to compare, or where a content security policy forbids WebAssembly). The
 * results are the same either way.
 *
 * @param backend - `'wasm'` or `'js'`.
 * @throws {@link ConfigurationError} for any other value.
 * @example
 * ```ts
 * import { kernelBackend, ready, setKernelBackend } from 'autoencoders/pca';
 * setKernelBackend('js');
 * kernelBackend(); // 'js'
 * setKernelBackend('wasm');
 * await ready(); // kernelBackend() is now 'wasm' where WebAssembly SIMD runs
 * ```
 */
export function setKernelBackend(backend: KernelBackend): void {
  if (backend !== 'wasm' && backend !== 'js') {
    throw new ConfigurationError(
      `setKernelBackend takes 'wasm' or 'js'; got ${typeof backend === 'string' ? `'${backend}'` : String(backend)}.`,
    );
  }
  preferred = backend;
}

/**
 * The implementation the float64 matrix kernels use right now: `'wasm'` once the SIMD kernel is
 * compiled (by the first matrix product, or by {@link ready}) and {@link setKernelBackend} has not chosen `'js'`.
 *
 * @returns `'wasm'` or `'js'`.
 * @example
 * ```ts
 * import { kernelBackend, ready } from 'autoencoders/pca';
 * kernelBackend(); // 'js' until the kernel is compiled
 * await ready();
 * kernelBackend(); // 'wasm' where WebAssembly SIMD runs
 * ```
 */
export function kernelBackend(): KernelBackend {
  return preferred === 'wasm' && kernel !== undefined ? 'wasm' : 'js';
}

/**
 * The backend {@link setKernelBackend} chose (`'wasm'` by default), compiled or not: the other
 * SIMD kernels (./symmetric-backend.ts) follow it.
 *
 * @internal
 */
export function preferredKernelBackend(): KernelBackend {
  return preferred;
}

/**
 * The SIMD kernel when it is chosen and compiled, else undefined (and then, the first time, the
 * compile starts in the background so later calls get it).
 *
 * @internal
 */
export function activeWasmKernel(): WasmKernel | undefined {
  if (preferred !== 'wasm') return undefined;
  if (kernel === undefined && !compiledInPlace) {
    compiledInPlace = true;
    kernel = compileInPlace();
  }
  if (kernel === undefined) loading ??= load();
  return kernel;
}

/**
 * Browsers refuse a synchronous compile of more than 4 KB on the main thread; below that it is
 * allowed everywhere, and the kernel (under 1 KB) compiles in well under a millisecond, so the
 * first product of a synchronous `fit` already runs at SIMD speed without an `await ready()`.
 */
const SYNC_COMPILE_LIMIT = 4096;
let compiledInPlace = false;

function compileInPlace(): WasmKernel | undefined {
  try {
    if (typeof WebAssembly !== 'object' || typeof WebAssembly.Module !== 'function')
      return undefined;
    const bytes = decodeBase64(macroKernelWasm);
    if (bytes.length > SYNC_COMPILE_LIMIT) return undefined;
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
    return layOut(instance.exports as unknown as KernelExports);
  } catch {
    return undefined;
  }
}

async function load(): Promise<boolean> {
  try {
    if (typeof WebAssembly !== 'object' || typeof WebAssembly.compile !== 'function') return false;
    const module = await WebAssembly.compile(decodeBase64(macroKernelWasm));
    const instance = await WebAssembly.instantiate(module, {});
    kernel ??= layOut(instance.exports as unknown as KernelExports);
    return true;
  } catch {
    // No SIMD (an older engine refuses the module) or WebAssembly forbidden: the pure path serves.
    return false;
  }
}

/** One fixed layout, grown once: the memory never grows again, so the views stay valid. */
function layOut(exports: KernelExports): WasmKernel {
  const aPtr = exports.heapBase();
  const bPtr = aPtr + MC * KC * 8;
  const rPtr = bPtr + NC * KC * 8;
  const end = rPtr + MC * NC * 8;
  const memory = exports.memory;
  const missing = Math.ceil(end / 65536) - memory.buffer.byteLength / 65536;
  if (missing > 0) memory.grow(missing);
  const buffer = memory.buffer;
  const macroKernel = exports.macroKernel;
  return {
    packA: new Float64Array(buffer, aPtr, MC * KC),
    packB: new Float64Array(buffer, bPtr, NC * KC),
    result: new Float64Array(buffer, rPtr, MC * NC),
    run: (ldr, mb, nb, kb, alpha, upper, shift) =>
      macroKernel(aPtr, bPtr, rPtr, ldr, mb, nb, kb, alpha, upper ? 1 : 0, shift),
  };
}

import { decodeBase64 } from './decode-base64.js';
import { symmetricTimesWasm } from './symmetric-times.generated.js';

/**
 * Arrays in the symmetric product's WebAssembly memory, lent to one tridiagonalisation: the
 * SIMD kernel can only read and write its own memory, so the working matrix lives there while
 * it is reduced. Views of one memory buffer; they die with {@link SymmetricWorkspace.release}.
 *
 * @internal
 */
export interface SymmetricWorkspace {
  /** The n×n row-major working matrix. */
  readonly matrix: Float64Array;
  /** An n-long vector for the product y = A₂₂·v. */
  readonly y: Float64Array;
  /** Ends the loan: the views must not be used after it (the next loan may grow the memory). */
  release(): void;
}

interface SymmetricExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  symmetricTimes(a: number, n: number, s: number, v: number, y: number): void;
}

/** Browsers allow a synchronous compile of up to 4 KB on the main thread; the module is ~1 KB. */
const SYNC_COMPILE_LIMIT = 4096;
/**
 * The memory kept for the next loan. A wasm memory never shrinks, so a larger one (n over about
 * 2,900) is dropped with its instance when the loan ends, for the collector to free; the next
 * loan instantiates the kept module afresh (microseconds). So at most max(64 MiB, the largest
 * loan in progress) stays pinned.
 */
const KEEP_BYTES = 64 * 2 ** 20;

let compiled: WebAssembly.Module | undefined;
let instance: SymmetricExports | undefined;
let triedInPlace = false;
let loading: Promise<boolean> | undefined;
/** The buffer of the views lent now, else undefined: loans are not re-entrant. */
let lent: ArrayBuffer | undefined;

/**
 * Compiles the symmetric product's SIMD module asynchronously, once (`ready()` awaits it).
 *
 * @returns true when the module is compiled; it never rejects (false where WebAssembly or its
 *   SIMD is unavailable, and the pure TypeScript product serves).
 * @internal
 */
export function loadSymmetricTimes(): Promise<boolean> {
  if (compiled !== undefined) return Promise.resolve(true);
  loading ??= compileLater();
  return loading;
}

async function compileLater(): Promise<boolean> {
  try {
    if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function')
      return false;
    const source = await WebAssembly.instantiate(decodeBase64(symmetricTimesWasm), {});
    compiled ??= source.module;
    return true;
  } catch {
    // No SIMD (an older engine refuses the module) or WebAssembly forbidden.
    return false;
  }
}

/** The instance, compiling the module in place on first use; undefined where it cannot run. */
function kernel(): SymmetricExports | undefined {
  if (instance !== undefined) return instance;
  if (compiled === undefined && !triedInPlace) {
    triedInPlace = true;
    try {
      const bytes = decodeBase64(symmetricTimesWasm);
      if (typeof WebAssembly === 'object' && bytes.length <= SYNC_COMPILE_LIMIT)
        compiled = new WebAssembly.Module(bytes);
    } catch {
      // As in compileLater: the pure path serves.
    }
  }
  if (compiled === undefined) {
    loadSymmetricTimes();
    return undefined;
  }
  try {
    instance = new WebAssembly.Instance(compiled, {}).exports as unknown as SymmetricExports;
  } catch {
    return undefined;
  }
  return instance;
}

/**
 * Lends an n×n matrix and an n-vector in the SIMD module's memory, growing it as needed.
 * Synchronous use only: a second loan before the first's release gets undefined, as does any
 * loan where the module cannot run or the memory cannot grow (the caller then uses ordinary
 * arrays and the pure product, which gives the same bits).
 *
 * @internal
 */
export function borrowSymmetricWorkspace(n: number): SymmetricWorkspace | undefined {
  if (lent !== undefined) return undefined;
  const exports = kernel();
  if (exports === undefined) return undefined;
  const base = exports.heapBase();
  const end = base + (n * n + n) * 8;
  const memory = exports.memory;
  try {
    const missing = Math.ceil(end / 65536) - memory.buffer.byteLength / 65536;
    if (missing > 0) memory.grow(missing);
  } catch {
    return undefined; // past the engine's wasm memory limit, or out of memory
  }
  // Taken after the grow, which detaches every earlier view.
  const buffer = memory.buffer;
  lent = buffer;
  return {
    matrix: new Float64Array(buffer, base, n * n),
    y: new Float64Array(buffer, base + n * n * 8, n),
    release: () => {
      if (lent !== buffer) return;
      lent = undefined;
      if (buffer.byteLength > KEEP_BYTES) instance = undefined;
    },
  };
}

/**
 * y[s..n) = A₂₂·v by the SIMD kernel when a, v and y are all views of the workspace lent now
 * (a at offset 0 of its view, n×n; y n-long; v = v[vo .. vo+n)); else it does nothing.
 *
 * @returns whether the kernel ran.
 * @internal
 */
export function simdSymmetricTimes(
  a: Float64Array,
  n: number,
  s: number,
  v: Float64Array,
  vo: number,
  y: Float64Array,
): boolean {
  if (lent === undefined || instance === undefined) return false;
  if (a.buffer !== lent || v.buffer !== lent || y.buffer !== lent) return false;
  instance.symmetricTimes(a.byteOffset, n, s, v.byteOffset + vo * 8, y.byteOffset);
  return true;
}

import { describe, expect, it } from 'vitest';
import { applyQ } from '../../../src/pca/kernels/eigen/back-transform.js';
import { tridiagonalize } from '../../../src/pca/kernels/eigen/tridiagonalize.js';
import { SeededRandom } from '../../../src/pca/kernels/prng.js';

const EPS = 2 ** -52;

/** max |A − Q·T·Qᵀ| / max |A|, with Q from the reflectors (applyQ on the identity gives Qᵀ). */
function reconstructionError(a: Float64Array, n: number): number {
  const work = a.slice();
  const { d, e, tau } = tridiagonalize(work, n);
  const qt = new Float64Array(n * n);
  for (let i = 0; i < n; i++) qt[i * n + i] = 1;
  applyQ(work, tau, n, qt, n);
  // T·Qᵀ, then Q·(T·Qᵀ) by plain loops (independent of the library's gemm).
  const tq = new Float64Array(n * n);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      let x = d[r] * qt[r * n + c];
      if (r > 0) x += e[r - 1] * qt[(r - 1) * n + c];
      if (r < n - 1) x += e[r] * qt[(r + 1) * n + c];
      tq[r * n + c] = x;
    }
  }
  let err = 0;
  let big = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let x = 0;
      for (let r = 0; r < n; r++) x += qt[r * n + i] * tq[r * n + j];
      err = Math.max(err, Math.abs(x - a[i * n + j]));
      big = Math.max(big, Math.abs(a[i * n + j]));
    }
  }
  return err / big;
}

function randomSymmetric(n: number, seed: number): Float64Array {
  const random = new SeededRandom(seed);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const x = random.nextFloat() - 0.5;
      a[i * n + j] = x;
      a[j * n + i] = x;
    }
  }
  return a;
}

describe('tridiagonalize (blocked panels, then the fused sweep)', () => {
  // n = 301 runs several panels and a ragged unblocked tail; the achieved error is about
  // 0.1-0.5·n·eps, the bound 20·n·eps leaves room for other rounding orders.
  it('A = Q·T·Qᵀ to 20·n·eps on a dense random matrix past the blocking crossover', () => {
    const n = 301;
    expect(reconstructionError(randomSymmetric(n, 7), n)).toBeLessThan(20 * n * EPS);
  });

  it('steps with nothing to annihilate (tau = 0) inside a panel leave the rest exact', () => {
    // diag(1..40) ⊕ a dense 220×220 block: rows 0..39 need no reflector, across a panel edge.
    const n = 260;
    const dense = randomSymmetric(n - 40, 11);
    const a = new Float64Array(n * n);
    for (let i = 0; i < 40; i++) a[i * n + i] = i + 1;
    for (let i = 40; i < n; i++)
      for (let j = 40; j < n; j++) a[i * n + j] = dense[(i - 40) * (n - 40) + (j - 40)];
    const { d, tau } = tridiagonalize(a.slice(), n);
    for (let i = 0; i < 40; i++) {
      expect(tau[i]).toBe(0);
      expect(d[i]).toBe(i + 1);
    }
    expect(reconstructionError(a, n)).toBeLessThan(20 * n * EPS);
  });
});

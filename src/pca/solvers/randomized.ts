import type { FlatSvd } from '../flat-svd.js';
import {
  type AffineData,
  multiplyRight,
  multiplyTransposed,
  sparsePattern,
} from '../kernels/affine-products.js';
import { orthonormalizeColumns, orthonormalizeColumnsFast } from '../kernels/orthonormalize.js';
import { SeededRandom } from '../kernels/prng.js';
import { exactSvd } from './exact.js';

/** Settings of {@link randomizedSvd}. @internal */
export interface RandomizedSettings {
  readonly rank: number;
  readonly seed: number;
  readonly oversamples: number;
  readonly powerIterations: number;
  readonly computeU: boolean;
}

/**
 * Randomized truncated SVD (Halko, Martinsson and Tropp 2011, algorithms 4.4 and 5.1): a
 * seeded Gaussian sketch Y = X̃Ω with `oversamples` extra columns, `powerIterations` rounds of
 * Y ← X̃·orth(X̃ᵀY), an orthonormal basis Q of the final Y, then the exact SVD of the small
 * matrix B = QᵀX̃. X̃ is never formed: products skip the zeros of X (found once) and apply
 * centring and scaling as rank-one and diagonal corrections.
 *
 * @internal
 */
export function randomizedSvd(op: AffineData, settings: RandomizedSettings): FlatSvd {
  const { rows: n, columns: d } = op.x;
  const { rank } = settings;
  // 2·powerIterations + 2 products follow: find the non-zeros once.
  const pattern = op.pattern ?? sparsePattern(op.x) ?? undefined;
  op = { ...op, pattern };
  const l = Math.min(rank + settings.oversamples, n, d);
  const rng = new SeededRandom(settings.seed);
  const omega = rng.fillGaussian(new Float64Array(d * l));
  // Power iterations Y ← X̃·orth(X̃ᵀY): the d×l factor is re-orthonormalised by Householder QR
  // every time (cheap), which keeps the sketch's columns apart; the n×l basis that defines the
  // projection is orthonormalised once at the end (CholeskyQR2, falling back to Householder QR
  // when the sketch is ill-conditioned or rank-deficient).
  let y = multiplyRight(op, omega, l);
  for (let it = 0; it < settings.powerIterations; it++) {
    const z = orthonormalizeColumns(multiplyTransposed(op, y, l), d, l);
    y = multiplyRight(op, z, l);
  }
  const q = orthonormalizeColumnsFast(y, n, l);
  // Bᵀ = X̃ᵀQ (d×l, tall): Bᵀ = Ub·S·Vbᵀ, so X̃ ≈ Q·B = (Q·Vb)·S·Ubᵀ.
  const bt = multiplyTransposed(op, q, l);
  const small = exactSvd({ data: bt, rows: d, columns: l }, { rank });
  const ub = small.u as Float64Array; // d×rank, row-major
  const vt = new Float64Array(rank * d);
  for (let j = 0; j < d; j++) for (let k = 0; k < rank; k++) vt[k * d + j] = ub[j * rank + k];
  let u: Float64Array | null = null;
  if (settings.computeU) {
    // U = Q·Vb: U[a][k] = Σ_t Q[a][t]·Vbt[k][t].
    u = new Float64Array(n * rank);
    const vbt = small.vt; // rank×l
    for (let a = 0; a < n; a++) {
      const qo = a * l;
      for (let k = 0; k < rank; k++) {
        let acc = 0;
        const vo = k * l;
        for (let t = 0; t < l; t++) acc += q[qo + t] * vbt[vo + t];
        u[a * rank + k] = acc;
      }
    }
  }
  return { u, s: small.s, vt, rows: n, columns: d, rank };
}

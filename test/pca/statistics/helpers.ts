import { seededUniform } from '../helpers/linalg.js';

/** Seeded standard normal draws (Box–Muller on mulberry32). */
export function seededNormal(seed: number): () => number {
  const u = seededUniform(seed);
  return () => {
    const a = (u() + 1) / 2 || 1e-12;
    const b = (u() + 1) / 2;
    return Math.sqrt(-2 * Math.log(a)) * Math.cos(2 * Math.PI * b);
  };
}

/**
 * n×d rows Z·diag(scales)·R + offset, with R a fixed rotation (Householder reflections), so the
 * population spectrum is scales² and the leading directions are not the axes.
 */
export function spectrumRows(
  n: number,
  scales: number[],
  offset: number,
  seed: number,
): number[][] {
  const d = scales.length;
  const g = seededNormal(seed);
  const v = Array.from({ length: d }, (_, j) => Math.sin(j + 1 + seed));
  const norm = Math.hypot(...v);
  return Array.from({ length: n }, () => {
    const z = scales.map((s) => s * g());
    const dot = z.reduce((acc, zi, j) => acc + (zi * v[j]) / norm, 0);
    return z.map((zi, j) => zi - (2 * dot * v[j]) / norm + offset * (j + 1));
  });
}

/** The first k rows of a Matrix-like. */
export function topRows(m: { to2DArray(): number[][] }, k: number): number[][] {
  return m.to2DArray().slice(0, k);
}

/** max over i of |a_i − b_i| / |b_i|. */
export function maxRelative(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < b.length; i++)
    worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.abs(b[i]));
  return worst;
}

export { rejection } from '../../helpers/rejection.js';

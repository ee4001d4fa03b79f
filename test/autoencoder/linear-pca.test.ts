import { Autoencoder, LinearStrategy } from 'autoencoders';
import { expect, it } from 'vitest';
import { describeEachBackend, gaussian, seededRandom } from './helpers.js';

/** 50 seeded, correlated 2-D Gaussian points, standardized with ddof 0 (as the notebook's np.std). */
function standardizedData(): number[][] {
  const random = seededRandom(2026);
  const raw = Array.from({ length: 50 }, () => {
    const a = gaussian(random);
    const b = gaussian(random);
    return [3 + 1.2 * a, 5 + 0.9 * a + 0.45 * b];
  });
  const columns = [0, 1].map((j) => {
    const mean = raw.reduce((s, r) => s + r[j], 0) / raw.length;
    const std = Math.sqrt(raw.reduce((s, r) => s + (r[j] - mean) ** 2, 0) / raw.length);
    return { mean, std };
  });
  return raw.map((r) => r.map((v, j) => (v - columns[j].mean) / columns[j].std));
}

/** PCA's answer in closed form: the 2×2 covariance's top eigenvector and the 1-component mse. */
function pca(x: number[][]): { direction: [number, number]; mse: number } {
  const n = x.length;
  const a = x.reduce((s, r) => s + r[0] * r[0], 0) / n;
  const b = x.reduce((s, r) => s + r[0] * r[1], 0) / n;
  const c = x.reduce((s, r) => s + r[1] * r[1], 0) / n;
  const half = Math.sqrt(((a - c) / 2) ** 2 + b * b);
  const top = (a + c) / 2 + half;
  const v: [number, number] = Math.abs(b) > 1e-12 ? [b, top - a] : a >= c ? [1, 0] : [0, 1];
  const norm = Math.hypot(v[0], v[1]);
  const direction: [number, number] = [v[0] / norm, v[1] / norm];
  let mse = 0;
  for (const r of x) {
    const t = r[0] * direction[0] + r[1] * direction[1];
    mse += (r[0] - t * direction[0]) ** 2 + (r[1] - t * direction[1]) ** 2;
  }
  return { direction, mse: mse / n };
}

describeEachBackend('a linear autoencoder finds PCA', () => {
  // Measured (2026-12): mse 1.0e-7 (cpu) and 2.3e-7 (wasm) relative off PCA's, subspace angle
  // 3e-16 (cpu) and 5.3e-7 rad (wasm): the bounds sit about 100x above the worse backend.
  it("reaches PCA's 1-component error (within 1e-5 relative) and subspace (angle < 5e-5 rad) with the notebook's settings", async () => {
    const x = standardizedData();
    const expected = pca(x);
    const ae = Autoencoder.builder()
      .inputDim(2)
      .latentDim(1)
      .strategy(new LinearStrategy())
      .optimizer('adam', { learningRate: 0.1 })
      .seed(42)
      .build();
    // The notebook's 1,001 full-batch Adam iterations.
    const h = await ae.fit(x, { epochs: 1001, batchSize: x.length });
    expect(h.loss).toHaveLength(1001);
    const { mse } = ae.evaluate(x);
    expect(Math.abs(mse - expected.mse) / expected.mse).toBeLessThan(1e-5);
    const kernel = Array.from(ae.decoder.getWeights()[0].dataSync()); // 1 × 2: the decoder's direction
    // The angle from its sine: acos loses precision near 0 (cos 1e-7 rounds to 1).
    const sin =
      Math.abs(kernel[0] * expected.direction[1] - kernel[1] * expected.direction[0]) /
      Math.hypot(kernel[0], kernel[1]);
    expect(Math.asin(Math.min(1, sin))).toBeLessThan(5e-5);
    ae.dispose();
  });
});

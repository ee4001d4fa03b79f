import { readFileSync } from 'node:fs';
import { PCA, principalAngles, svd } from 'autoencoders/pca';
import type { Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { orthonormalityError } from './helpers/linalg.js';
import { centreColumns, loadDigits, rowsOf } from './helpers/mnist.js';

interface Fixture {
  rows: number;
  columns: number;
  singularValues: number[];
  rightVectorsShape: [number, number];
  rightVectorsFloat64Base64: string;
}

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/mnist-svd.json', import.meta.url), 'utf8'),
) as Fixture;

function fixtureVectors(): Float64Array[] {
  const bytes = Buffer.from(fixture.rightVectorsFloat64Base64, 'base64');
  const all = new Float64Array(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
  );
  const [k, d] = fixture.rightVectorsShape;
  return Array.from({ length: k }, (_, i) => all.subarray(i * d, (i + 1) * d));
}

describe('svd of the centred 10,000 MNIST digits matches LAPACK (numpy fixture)', () => {
  const digits = loadDigits();
  const X = rowsOf(
    centreColumns(digits.data, digits.rows, digits.columns),
    digits.rows,
    digits.columns,
  );
  // rank 100: the exact solver computes every triplet and returns the first 100, with U.
  const { U, s, Vt } = svd(X, { solver: 'exact', rank: 100 });

  it('uses the same 10,000×784 data as the fixture', () => {
    expect([digits.rows, digits.columns]).toEqual([fixture.rows, fixture.columns]);
  });

  // Achieved: s 5.3e-14, angles 9.3e-14 rad, |cos| − 1 3.0e-14.
  it('the top-100 singular values agree to 5e-12 relative', () => {
    expect(worstSingularValue(s, 100)).toBeLessThan(5e-12);
  });

  it('the top-30 right singular vectors span the same directions (angles < 1e-11 rad)', () => {
    expect(worstAngle(Vt, 30)).toBeLessThan(1e-11);
    expect(worstVector(Vt, 30)).toBeLessThan(3e-12);
  });

  it('U (10000×100) and V are orthonormal to 1e-12', () => {
    expect(orthonormalityError(Vt, false)).toBeLessThan(1e-12);
    expect(orthonormalityError(U, true)).toBeLessThan(1e-12);
  });
});

describe('PCA of the 10,000 MNIST digits matches LAPACK with every solver (numpy fixture)', () => {
  const digits = loadDigits();
  const X = rowsOf(digits.data, digits.rows, digits.columns);

  it("the covariance solver ('auto' for this shape): top-100 s to 1e-11, top-30 vectors to 1e-11 rad", () => {
    // Achieved: s 1.4e-13, angles 1.8e-13 rad, |cos| − 1 3.0e-14.
    const pca = new PCA({ nComponents: 100 }).fit(X);
    expect(worstSingularValue(pca.singularValues, 100)).toBeLessThan(1e-11);
    expect(worstAngle(pca.components, 30)).toBeLessThan(1e-11);
    expect(worstVector(pca.components, 30)).toBeLessThan(3e-12);
  });

  it('the randomized solver at its defaults, top-30 fit: top 20 to 1e-2 rad, top 10 to 3e-4 rad', () => {
    // Achieved (7 power iterations, 10 oversamples): top-20 s 3.5e-7, angles 8.4e-4 rad; top-10
    // s 1.6e-11, angles 3.0e-6 rad. At the old default of 2 iterations: 3.3e-3 and 0.096 rad.
    const pca = new PCA({ nComponents: 30, solver: 'randomized', seed: 1 }).fit(X);
    expect(worstSingularValue(pca.singularValues, 20)).toBeLessThan(3e-5);
    expect(worstAngle(pca.components, 20)).toBeLessThan(1e-2);
    expect(worstSingularValue(pca.singularValues, 10)).toBeLessThan(1e-9);
    expect(worstAngle(pca.components, 10)).toBeLessThan(3e-4);
  });
});

function worstSingularValue(s: Float64Array, count: number): number {
  let worst = 0;
  for (let i = 0; i < count; i++)
    worst = Math.max(worst, Math.abs(s[i] / fixture.singularValues[i] - 1));
  return worst;
}

/** The largest principal angle between the first `count` rows of V and the fixture's. */
function worstAngle(V: Matrix, count: number): number {
  const angles = principalAngles(
    V.subMatrix(0, count - 1, 0, 783),
    fixtureVectors().slice(0, count),
  );
  expect(angles.length).toBe(count);
  return Math.max(...angles);
}

/** Each vector individually, up to sign: the largest ||cos| − 1|. */
function worstVector(V: Matrix, count: number): number {
  const ref = fixtureVectors();
  let worst = 0;
  for (let i = 0; i < count; i++) {
    let dot = 0;
    for (let j = 0; j < 784; j++) dot += V.get(i, j) * ref[i][j];
    worst = Math.max(worst, Math.abs(Math.abs(dot) - 1));
  }
  return worst;
}

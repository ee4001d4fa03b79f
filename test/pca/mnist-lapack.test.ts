import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { principalAngles, svd } from '../../src/pca/index.js';
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

  it('the top-100 singular values agree to 1e-9 relative', () => {
    for (let i = 0; i < 100; i++) {
      expect(Math.abs(s[i] / fixture.singularValues[i] - 1)).toBeLessThan(1e-9);
    }
  });

  it('the top-30 right singular vectors span the same directions (angles < 1e-6 rad)', () => {
    const angles = principalAngles(Vt.subMatrix(0, 29, 0, 783), fixtureVectors());
    expect(angles.length).toBe(30);
    for (const a of angles) expect(a).toBeLessThan(1e-6);
    // Each vector individually, up to sign.
    const ref = fixtureVectors();
    for (let i = 0; i < 30; i++) {
      let dot = 0;
      for (let j = 0; j < 784; j++) dot += Vt.get(i, j) * ref[i][j];
      expect(Math.abs(Math.abs(dot) - 1)).toBeLessThan(1e-9);
    }
  });

  it('U (10000×100) and V are orthonormal to 1e-12', () => {
    expect(orthonormalityError(Vt, false)).toBeLessThan(1e-12);
    expect(orthonormalityError(U, true)).toBeLessThan(1e-12);
  });
});

import type { Matrix } from 'ml-matrix';

/** Largest |(U·diag(s)·Vt − X)ᵢⱼ| over the Frobenius norm of X (1 for a zero X). */
export function reconstructionError(X: number[][], U: Matrix, s: Float64Array, Vt: Matrix): number {
  let err = 0;
  let norm = 0;
  for (let i = 0; i < X.length; i++) {
    for (let j = 0; j < X[0].length; j++) {
      let a = 0;
      for (let k = 0; k < s.length; k++) a += U.get(i, k) * s[k] * Vt.get(k, j);
      err = Math.max(err, Math.abs(a - X[i][j]));
      norm += X[i][j] ** 2;
    }
  }
  return err / (norm > 0 ? Math.sqrt(norm) : 1);
}

/** max |QᵀQ − I| over the columns of Q (columns: true) or its rows. */
export function orthonormalityError(Q: Matrix, columns: boolean): number {
  const rows = (columns ? Q.transpose() : Q).to2DArray().map((r) => Float64Array.from(r));
  let worst = 0;
  for (let p = 0; p < rows.length; p++) {
    for (let q = p; q < rows.length; q++) {
      const a = rows[p];
      const b = rows[q];
      let acc = 0;
      for (let i = 0; i < a.length; i++) acc += a[i] * b[i];
      worst = Math.max(worst, Math.abs(acc - (p === q ? 1 : 0)));
    }
  }
  return worst;
}

/** A seeded uniform generator in [-1, 1) (mulberry32) for test matrices. */
export function seededUniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  };
}

/** An n×d matrix of seeded uniform entries. */
export function randomMatrix(n: number, d: number, seed: number): number[][] {
  const r = seededUniform(seed);
  return Array.from({ length: n }, () => Array.from({ length: d }, r));
}

/** A·B for plain arrays. */
export function multiply(A: number[][], B: number[][]): number[][] {
  return A.map((row) =>
    Array.from({ length: B[0].length }, (_, j) => row.reduce((acc, a, k) => acc + a * B[k][j], 0)),
  );
}

/** An n×d matrix with singular values geometrically spaced from 1 down to 1/kappa. */
export function illConditioned(n: number, d: number, kappa: number, seed: number): number[][] {
  const m = Math.min(n, d);
  const q1 = gramSchmidt(randomMatrix(n, m, seed));
  const q2 = gramSchmidt(randomMatrix(d, m, seed + 1));
  const out = Array.from({ length: n }, () => new Array<number>(d).fill(0));
  for (let k = 0; k < m; k++) {
    const sv = kappa ** (-k / Math.max(1, m - 1));
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) out[i][j] += q1[i][k] * sv * q2[j][k];
  }
  return out;
}

/** Orthonormal columns by modified Gram–Schmidt, twice (columns of the n×m input). */
function gramSchmidt(A: number[][]): number[][] {
  const n = A.length;
  const m = A[0].length;
  const Q = A.map((r) => r.slice());
  for (let pass = 0; pass < 2; pass++) {
    for (let k = 0; k < m; k++) {
      for (let j = 0; j < k; j++) {
        let h = 0;
        for (let i = 0; i < n; i++) h += Q[i][j] * Q[i][k];
        for (let i = 0; i < n; i++) Q[i][k] -= h * Q[i][j];
      }
      let nrm = 0;
      for (let i = 0; i < n; i++) nrm += Q[i][k] ** 2;
      nrm = Math.sqrt(nrm);
      for (let i = 0; i < n; i++) Q[i][k] /= nrm;
    }
  }
  return Q;
}

import {
  ConfigurationError,
  InvalidInputError,
  type MatrixInput,
  PCA,
  standardize,
  svd,
} from 'autoencoders/pca';
import {
  Matrix,
  MatrixColumnSelectionView,
  MatrixColumnView,
  MatrixFlipColumnView,
  MatrixFlipRowView,
  MatrixRowSelectionView,
  MatrixRowView,
  MatrixSelectionView,
  MatrixSubView,
  MatrixTransposeView,
  wrap,
} from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { thrown } from './helpers/thrown.js';

const rows = [
  [1, 2, 3],
  [4, 5, 7],
  [0, 9, 2],
  [3, 1, 8],
];
/** The entries every input below holds, read as plain numbers: svd's singular values of them. */
const expected = (X: number[][]) => Array.from(svd(X, { solver: 'exact' }).s);

describe('every numeric typed array is accepted as a row', () => {
  it.each([
    Int8Array,
    Uint8Array,
    Uint8ClampedArray,
    Int16Array,
    Uint16Array,
    Int32Array,
    Uint32Array,
    Float32Array,
    Float64Array,
  ])('%o rows give the same fit as number rows', (Kind) => {
    const typed = rows.map((r) => Kind.from(r));
    expect(Array.from(svd(typed).s)).toEqual(expected(rows));
    expect(new PCA().fit(typed).transform(typed).to2DArray()).toEqual(
      new PCA().fit(rows).transform(rows).to2DArray(),
    );
  });

  it('BigInt64Array rows and DataViews are refused, naming what is accepted', () => {
    for (const bad of [
      rows.map((r) => BigInt64Array.from(r.map(BigInt))),
      rows.map(() => new DataView(new ArrayBuffer(24))),
    ]) {
      const e = thrown(() => svd(bad as unknown as MatrixInput));
      expect(InvalidInputError.is(e)).toBe(true);
      expect(e.message).toContain('numeric typed arrays');
    }
  });
});

describe('every ml-matrix AbstractMatrix is accepted', () => {
  const m = new Matrix(rows);
  const t = rows[0].map((_, j) => rows.map((r) => r[j])); // the transpose, by hand
  it.each([
    ['wrap() of a 2-D array (WrapperMatrix2D)', () => wrap(rows), rows],
    ['wrap() of a flat array (WrapperMatrix1D)', () => wrap(rows.flat(), { rows: 4 }), rows],
    ['MatrixTransposeView', () => new MatrixTransposeView(m), t],
    [
      'MatrixSubView',
      () => new MatrixSubView(m, 1, 3, 0, 1),
      rows.slice(1, 4).map((r) => r.slice(0, 2)),
    ],
    ['MatrixRowView', () => new MatrixRowView(m, 2), [rows[2]]],
    ['MatrixColumnView', () => new MatrixColumnView(m, 1), rows.map((r) => [r[1]])],
    [
      'MatrixSelectionView',
      () => new MatrixSelectionView(m, [3, 0], [2, 0]),
      [
        [8, 3],
        [3, 1],
      ],
    ],
    ['MatrixRowSelectionView', () => new MatrixRowSelectionView(m, [2, 1]), [rows[2], rows[1]]],
    [
      'MatrixColumnSelectionView',
      () => new MatrixColumnSelectionView(m, [2]),
      rows.map((r) => [r[2]]),
    ],
    ['MatrixFlipRowView', () => new MatrixFlipRowView(m), [...rows].reverse()],
    ['MatrixFlipColumnView', () => new MatrixFlipColumnView(m), rows.map((r) => [...r].reverse())],
  ] as const)('%s', (_name, make, entries) => {
    expect(Array.from(svd(make()).s)).toEqual(expected(entries.map((r) => [...r])));
  });

  it('a NaN set into a Matrix is still found (the scan is kept)', () => {
    const bad = new Matrix(rows);
    bad.set(2, 1, Number.NaN);
    const e = thrown(() => svd(new MatrixTransposeView(bad)));
    expect(InvalidInputError.is(e)).toBe(true);
    expect(e.message).toContain('X[1][2]');
  });
});

describe('options objects are read strictly (ConfigurationError)', () => {
  const calls: [string, (options: unknown) => unknown][] = [
    ['svd', (o) => svd(rows, o as never)],
    ['new PCA', (o) => new PCA(o as never)],
    ['standardize', (o) => standardize(rows, o as never)],
  ];

  it.each(calls)('%s refuses null and non-object options', (_name, call) => {
    for (const bad of [null, 3, 'exact', [1]]) {
      const e = thrown(() => call(bad));
      expect(ConfigurationError.is(e)).toBe(true);
      expect(e.message).toContain('must be an object');
    }
  });

  it.each([
    ['svd', (o: unknown) => svd(rows, o as never), { rnak: 2 }, "'rnak' (did you mean 'rank'?)"],
    [
      'new PCA',
      (o: unknown) => new PCA(o as never),
      { ncomponents: 2 },
      "did you mean 'nComponents'",
    ],
    [
      'new PCA',
      (o: unknown) => new PCA(o as never),
      { powerIteration: 3 },
      "did you mean 'powerIterations'",
    ],
    [
      'standardize',
      (o: unknown) => standardize(rows, o as never),
      { dof: 1 },
      "did you mean 'ddof'",
    ],
  ])('%s names a misspelt key: %j', (_name, call, options, message) => {
    const e = thrown(() => call(options));
    expect(ConfigurationError.is(e)).toBe(true);
    expect(e.message).toContain(message);
  });

  it('bad option values are ConfigurationError too; bad data stays InvalidInputError', () => {
    expect(ConfigurationError.is(thrown(() => standardize(rows, { ddof: 2 as 0 })))).toBe(true);
    expect(ConfigurationError.is(thrown(() => new PCA({ whiten: 1 as unknown as boolean })))).toBe(
      true,
    );
    expect(ConfigurationError.is(thrown(() => svd(rows, { oversamples: -1 })))).toBe(true);
    expect(InvalidInputError.is(thrown(() => svd([[Number.NaN]], { rank: 1 })))).toBe(true);
  });
});

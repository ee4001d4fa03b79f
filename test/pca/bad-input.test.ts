import {
  ConfigurationError,
  InvalidInputError,
  type MatrixInput,
  mse,
  NotFittedError,
  PCA,
  principalAngles,
  projectData,
  recoverData,
  ShapeError,
  standardize,
  svd,
} from 'autoencoders/pca';
import { Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { thrown } from './helpers/thrown.js';

/** Every public entry point that reads a data matrix, fed `X` in its data position. */
const readers: [string, (X: MatrixInput) => unknown][] = [
  ['svd', (X) => svd(X)],
  ['standardize', (X) => standardize(X)],
  ['PCA.fit', (X) => new PCA().fit(X)],
  [
    'PCA.transform',
    (X) =>
      new PCA()
        .fit([
          [1, 2],
          [3, 5],
          [0, 1],
        ])
        .transform(X),
  ],
  ['projectData', (X) => projectData([[1, 0]], X, 1)],
  ['mse', (X) => mse(X, X)],
  ['principalAngles', (X) => principalAngles(X, [[1, 0]])],
];

describe.each(readers)('%s refuses bad input with a typed error', (_name, call) => {
  it('NaN, naming the row and column', () => {
    const e = thrown(() =>
      call([
        [1, 2],
        [3, Number.NaN],
      ]),
    );
    expect(InvalidInputError.is(e)).toBe(true);
    expect(e.message).toContain('[1][1]');
    expect(e.message).toContain('NaN');
  });

  it('±Infinity, naming the row and column', () => {
    const e = thrown(() =>
      call([
        [Number.NEGATIVE_INFINITY, 2],
        [3, 4],
      ]),
    );
    expect(InvalidInputError.is(e)).toBe(true);
    expect(e.message).toContain('[0][0]');
    const f = thrown(() =>
      call([Float64Array.of(1, 2), Float64Array.of(Number.POSITIVE_INFINITY, 4)]),
    );
    expect(f.message).toContain('[1][0]');
  });

  it('ragged rows', () => {
    const e = thrown(() => call([[1, 2], [3]]));
    expect(ShapeError.is(e)).toBe(true);
    expect(e.message).toContain('ragged');
  });

  it('no rows, or rows without columns', () => {
    expect(InvalidInputError.is(thrown(() => call([])))).toBe(true);
    expect(thrown(() => call([[], []])).message).toContain('no columns');
  });

  it.each([
    ['a string', 'a'],
    ['null', null],
    ['undefined', undefined],
    ['a boolean', true],
    ['an object', { v: 1 }],
  ])('a non-numeric entry (%s)', (_label, value) => {
    const e = thrown(() =>
      call([
        [1, 2],
        [3, value as unknown as number],
      ]),
    );
    expect(InvalidInputError.is(e)).toBe(true);
    expect(e.message).toContain('[1][1]');
  });

  it('1-D input', () => {
    const e = thrown(() => call([1, 2, 3] as unknown as number[][]));
    expect(ShapeError.is(e)).toBe(true);
    expect(e.message).toContain('1-D');
    expect(ShapeError.is(thrown(() => call(Float64Array.of(1, 2) as unknown as number[][])))).toBe(
      true,
    );
  });

  it('3-D input', () => {
    const e = thrown(() =>
      call([
        [[1], [2]],
        [[3], [4]],
      ] as unknown as number[][]),
    );
    expect(ShapeError.is(e)).toBe(true);
    expect(e.message).toContain('2-D');
  });
});

describe('component counts are checked', () => {
  const X = [
    [1, 2, 3],
    [4, 5, 6.5],
    [7, 8.5, 9],
    [1, 0, 1],
  ];

  it.each([0, -2, 1.5, 4, Number.NaN])('svd rank %s → ConfigurationError', (rank) => {
    expect(ConfigurationError.is(thrown(() => svd(X, { rank })))).toBe(true);
  });

  it.each([0, -1, 2.5])(
    'PCA nComponents %s → ConfigurationError at construction',
    (nComponents) => {
      const e = thrown(() => new PCA({ nComponents }));
      expect(ConfigurationError.is(e)).toBe(true);
      expect(e.message).toContain('nComponents');
    },
  );

  it('PCA nComponents above min(n, d) → ConfigurationError at fit', () => {
    const e = thrown(() => new PCA({ nComponents: 4 }).fit(X));
    expect(ConfigurationError.is(e)).toBe(true);
    expect(e.message).toContain('from 1 to 3');
  });

  it.each([0, -1, 1.5, 3])('projectData k = %s → ConfigurationError', (k) => {
    const e = thrown(() =>
      projectData(
        [
          [1, 0],
          [0, 1],
        ],
        [[1, 2]],
        k,
      ),
    );
    expect(ConfigurationError.is(e)).toBe(true);
    expect(e.message).toContain('k must be an integer from 1 to 2');
  });

  it.each([0, 1.5, -0.1, Number.NaN])(
    'PCA varianceToKeep %s → ConfigurationError',
    (varianceToKeep) => {
      expect(ConfigurationError.is(thrown(() => new PCA({ varianceToKeep })))).toBe(true);
    },
  );

  it('both nComponents and varianceToKeep → ConfigurationError', () => {
    const e = thrown(() => new PCA({ nComponents: 1, varianceToKeep: 0.9 }));
    expect(ConfigurationError.is(e)).toBe(true);
    expect(e.message).toContain('not both');
  });

  it('an unknown PCA solver or a non-boolean flag → ConfigurationError', () => {
    expect(ConfigurationError.is(thrown(() => new PCA({ solver: 'svd' as 'exact' })))).toBe(true);
    expect(
      ConfigurationError.is(thrown(() => new PCA({ scale: 'yes' as unknown as boolean }))),
    ).toBe(true);
  });
});

describe('zero variance with scaling', () => {
  const X = [
    [1, 5, 2],
    [2, 5, 3],
    [4, 5, 1],
  ];

  it('PCA scale: true names the constant column', () => {
    const e = thrown(() => new PCA({ scale: true }).fit(X));
    expect(InvalidInputError.is(e)).toBe(true);
    expect(e.message).toContain('Column 1');
  });

  it('standardize names the constant column, and refuses an all-zero matrix', () => {
    expect(thrown(() => standardize(X)).message).toContain('Column 1');
    expect(
      thrown(() =>
        standardize([
          [0, 0],
          [0, 0],
        ]),
      ).message,
    ).toContain('Column 0');
  });

  it('without scaling a constant column is fine: it gets zero variance', () => {
    const pca = new PCA().fit(X);
    expect(pca.explainedVariance[2]).toBeLessThan(1e-28);
  });
});

describe('shapes at transform time', () => {
  const pca = new PCA().fit([
    [1, 2],
    [3, 5],
    [0, 1],
  ]);

  it('a different feature count: "X has 3 features, this model expects 2"', () => {
    const e = thrown(() => pca.transform([[1, 2, 3]]));
    expect(ShapeError.is(e)).toBe(true);
    expect(e.message).toContain('X has 3 features, this model expects 2');
  });

  it('inverseTransform with the wrong number of components', () => {
    const e = thrown(() => pca.inverseTransform([[1, 2, 3]]));
    expect(ShapeError.is(e)).toBe(true);
    expect(e.message).toContain('Z has 3 columns, this model has 2 components');
  });

  it('projectData, recoverData and mse check their shapes', () => {
    expect(ShapeError.is(thrown(() => projectData([[1, 0]], [[1, 2, 3]], 1)))).toBe(true);
    expect(ShapeError.is(thrown(() => recoverData([[1, 0]], [[1, 2]])))).toBe(true);
    expect(
      ShapeError.is(
        thrown(() =>
          mse(
            [[1, 2]],
            [
              [1, 2],
              [3, 4],
            ],
          ),
        ),
      ),
    ).toBe(true);
    expect(ShapeError.is(thrown(() => principalAngles([[1, 0]], [[1, 0, 0]])))).toBe(true);
  });
});

describe('use before fit', () => {
  it.each([
    ['transform', (p: PCA) => p.transform([[1, 2]])],
    ['inverseTransform', (p: PCA) => p.inverseTransform([[1]])],
    ['components', (p: PCA) => p.components],
    ['mean', (p: PCA) => p.mean],
    ['explainedVariance', (p: PCA) => p.explainedVariance],
    ['toJSON', (p: PCA) => p.toJSON()],
  ])('%s → NotFittedError that says to call fit', (name, use) => {
    const e = thrown(() => use(new PCA()));
    expect(NotFittedError.is(e)).toBe(true);
    expect(e.message).toContain(`call fit(X) before ${name}`);
    expect(new PCA().isFitted).toBe(false);
  });
});

describe('inputs are never changed', () => {
  it('an ml-matrix Matrix input is left as it was', () => {
    const M = new Matrix([
      [1, 2],
      [3, 4],
      [5, 7],
    ]);
    const before = M.to2DArray();
    svd(M);
    standardize(M);
    new PCA({ scale: true }).fit(M).transform(M);
    expect(M.to2DArray()).toEqual(before);
  });
});

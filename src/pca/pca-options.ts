import { ConfigurationError } from '../errors/configuration-error.js';
import { readOptions } from './options.js';
import type { PcaSettings } from './pca-state.js';
import { PCA_SOLVERS, type PcaSolver } from './solvers/choose.js';
import {
  checkChoice,
  checkFlag,
  checkNonNegativeInteger,
  checkPowerIterations,
  checkSeed,
  describeValue,
} from './validate.js';

export type { PcaSolver } from './solvers/choose.js';

/** Options of {@link PCA}. */
export interface PcaOptions {
  /**
   * Number of components to keep, an integer from 1 to min(n, d) (checked at `fit`). Not
   * together with `varianceToKeep`.
   * @defaultValue min(n, d), or what `varianceToKeep` selects
   */
  readonly nComponents?: number;
  /**
   * Keep the smallest number of components whose explained variance ratios add up to at least
   * this fraction, in (0, 1]. Not together with `nComponents`.
   * @defaultValue undefined (all components)
   */
  readonly varianceToKeep?: number;
  /**
   * Subtract the column means before fitting (and in `transform`).
   * @defaultValue true
   */
  readonly center?: boolean;
  /**
   * Divide each column by its standard deviation (ddof 0, as `np.std`) before fitting; a
   * zero-variance column is refused.
   * @defaultValue false
   */
  readonly scale?: boolean;
  /**
   * Scale each score by 1/√(explained variance), so the transformed training data has unit
   * variance (ddof 1) in every component. Only components whose singular value is above
   * √(d·eps)·σ₁ (about 1.5e-8·σ₁·√d, what every solver resolves) can be whitened: without
   * `nComponents` the others are dropped, with an `nComponents` that reaches them `fit` throws.
   * @defaultValue false
   */
  readonly whiten?: boolean;
  /**
   * `'exact'`: SVD of the centred data (LAPACK accuracy). `'covariance'`: eigen-decomposition of
   * XᵀX, fast when n ≫ d; eigenvalues carry an absolute error of about d·eps·λ₁, so singular
   * values below about √(d·eps)·σ₁ are not resolved. `'randomized'`: a seeded sketch for a few
   * leading components (see `powerIterations`). `'auto'` is scikit-learn 1.5's rule:
   * `'covariance'` when d ≤ 1,000 and n ≥ 10·d; else `'randomized'` when max(n, d) > 500 and
   * `nComponents` is given and below 0.8·min(n, d); else `'exact'`.
   * @defaultValue 'auto'
   */
  readonly solver?: PcaSolver;
  /**
   * Seed of the randomized solver.
   * @defaultValue 0
   */
  readonly seed?: number;
  /**
   * Power iterations of the randomized solver; each one sharpens a slowly decaying spectrum.
   * `'auto'` is scikit-learn's: 7 when nComponents < 0.1·min(n, d), else 4.
   * @defaultValue 'auto'
   */
  readonly powerIterations?: number | 'auto';
  /**
   * Extra sketch columns of the randomized solver.
   * @defaultValue 10
   */
  readonly oversamples?: number;
}

const PCA_OPTION_KEYS: (keyof PcaOptions)[] = [
  'nComponents',
  'varianceToKeep',
  'center',
  'scale',
  'whiten',
  'solver',
  'seed',
  'powerIterations',
  'oversamples',
];

/** Checks PCA options and fills in the defaults. @internal */
export function settingsFrom(options: PcaOptions | undefined): PcaSettings {
  const o = readOptions(options, PCA_OPTION_KEYS, 'PCA options');
  const { nComponents, varianceToKeep } = o;
  if (nComponents !== undefined && varianceToKeep !== undefined) {
    throw new ConfigurationError(
      'Give either nComponents or varianceToKeep, not both: each one chooses the number of components.',
    );
  }
  if (
    nComponents !== undefined &&
    (typeof nComponents !== 'number' || !Number.isInteger(nComponents) || nComponents < 1)
  ) {
    throw new ConfigurationError(
      `nComponents must be a positive integer; got ${describeValue(nComponents)}.`,
    );
  }
  if (
    varianceToKeep !== undefined &&
    (typeof varianceToKeep !== 'number' || !(varianceToKeep > 0 && varianceToKeep <= 1))
  ) {
    throw new ConfigurationError(
      `varianceToKeep must be a number in (0, 1], e.g. 0.95; got ${describeValue(varianceToKeep)}.`,
    );
  }
  return {
    nComponents,
    varianceToKeep,
    center: checkFlag(o.center, 'center', true),
    scale: checkFlag(o.scale, 'scale', false),
    whiten: checkFlag(o.whiten, 'whiten', false),
    solver: checkChoice(o.solver, 'solver', PCA_SOLVERS, 'auto'),
    seed: checkSeed(o.seed, 0),
    powerIterations: checkPowerIterations(o.powerIterations),
    oversamples: checkNonNegativeInteger(o.oversamples, 'oversamples', 10),
  };
}

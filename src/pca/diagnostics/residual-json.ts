import { ModelFileError } from '../../errors/model-file-error.js';
import type { PcaState } from '../pca-state.js';
import { describeValue } from '../validate.js';
import { noiseVariance } from './residual-spectrum.js';

/** The diagnostics fields of a version-2 PCA file. @internal */
export interface ResidualJson {
  readonly noiseVariance: number;
  readonly residualTheta: [number, number, number] | null;
}

/** The fields `toJSON` adds in version 2. @internal */
export function residualJson(state: PcaState): ResidualJson {
  return {
    noiseVariance: noiseVariance(state),
    residualTheta: state.residualTheta ? [...state.residualTheta] : null,
  };
}

function fail(message: string): never {
  throw new ModelFileError(`Not a valid PCA file: ${message}`);
}

/**
 * Reads the version-2 fields: both are required from version 2 on; a version-1 file knows
 * neither (its SPE limit is unknown, its noise variance derived from the variances).
 *
 * @throws {@link ModelFileError} for a missing or invalid field.
 * @internal
 */
export function parseResidualJson(
  obj: Record<string, unknown>,
  version: number,
): Pick<PcaState, 'residualTheta' | 'noiseVariance'> {
  if (version < 2) return { residualTheta: null };
  const noise = Object.hasOwn(obj, 'noiseVariance') ? obj.noiseVariance : undefined;
  if (typeof noise !== 'number' || !Number.isFinite(noise) || noise < 0) {
    fail(`noiseVariance must be a finite number ≥ 0; got ${describeValue(noise)}.`);
  }
  const theta = Object.hasOwn(obj, 'residualTheta') ? obj.residualTheta : undefined;
  if (theta === null) return { residualTheta: null, noiseVariance: noise };
  if (
    !Array.isArray(theta) ||
    theta.length !== 3 ||
    !theta.every((v) => typeof v === 'number' && Number.isFinite(v) && v >= 0)
  ) {
    fail(
      `residualTheta must be null or three finite numbers ≥ 0 (θ1, θ2, θ3); got ${describeValue(theta)}.`,
    );
  }
  return { residualTheta: [theta[0], theta[1], theta[2]], noiseVariance: noise };
}

import type { Matrix } from 'ml-matrix';
import { ShapeError } from '../errors/shape-error.js';
import { multiplyRight } from './kernels/affine-products.js';
import { type MatrixInput, readMatrix } from './matrix-input.js';
import type { PcaSettings, PcaState } from './pca-state.js';
import { combineRows } from './recover-data.js';
import { matrixFromFlat } from './to-matrix.js';

/**
 * {@link PCA.transform}'s work: ((X − mean)/std)·componentsᵀ, divided by √explainedVariance
 * when whitening; a new m×k matrix.
 * @throws {@link ShapeError} when X has another number of features than the model.
 * @internal
 */
export function transformRows(state: PcaState, settings: PcaSettings, X: MatrixInput): Matrix {
  const x = readMatrix(X, 'X');
  if (x.columns !== state.nFeatures) {
    throw new ShapeError(
      `X has ${x.columns} features, this model expects ${state.nFeatures}; ` +
        'transform data with the columns the model was fitted on.',
    );
  }
  const { nComponents: k, nFeatures: d } = state;
  const b = new Float64Array(d * k); // componentsᵀ
  for (let c = 0; c < k; c++)
    for (let j = 0; j < d; j++) b[j * k + c] = state.components[c * d + j];
  const z = multiplyRight(
    {
      x,
      mean: settings.center ? state.mean : undefined,
      scale: state.std ?? undefined,
    },
    b,
    k,
  );
  if (settings.whiten) {
    for (let c = 0; c < k; c++) {
      const f = 1 / Math.sqrt(state.explainedVariance[c]);
      for (let i = 0; i < x.rows; i++) z[i * k + c] *= f;
    }
  }
  return matrixFromFlat(z, x.rows, k);
}

/**
 * {@link PCA.inverseTransform}'s work: Z·components·diag(std) + mean, the whitening undone
 * first; a new m×d matrix.
 * @throws {@link ShapeError} when Z has another number of columns than the model has components.
 * @internal
 */
export function inverseTransformRows(
  state: PcaState,
  settings: PcaSettings,
  Z: MatrixInput,
): Matrix {
  const z = readMatrix(Z, 'Z');
  const { nComponents: k, nFeatures: d } = state;
  if (z.columns !== k) {
    throw new ShapeError(`Z has ${z.columns} columns, this model has ${k} components.`);
  }
  let gain: Float64Array | undefined;
  if (settings.whiten) gain = state.explainedVariance.map(Math.sqrt);
  const out = combineRows(z, state.components, d, gain);
  for (let i = 0; i < z.rows; i++) {
    const oo = i * d;
    for (let j = 0; j < d; j++) {
      const v = state.std === null ? out[oo + j] : out[oo + j] * state.std[j];
      out[oo + j] = v + state.mean[j];
    }
  }
  return matrixFromFlat(out, z.rows, d);
}

import { ConfigurationError } from '../../errors/configuration-error.js';
import { noiseVariance } from '../diagnostics/residual-spectrum.js';
import type { PcaSettings, PcaState } from '../pca-state.js';
import type { SklearnPcaJson } from './sklearn-json.js';

/**
 * The model as scikit-learn's attributes. A model fitted without centring has a zero `mean_`,
 * which scikit-learn's transform subtracts to the same effect; `scale` has no scikit-learn PCA
 * counterpart and is refused.
 *
 * @throws {@link ConfigurationError} for a model fitted with `scale: true`.
 * @internal
 */
export function toSklearn(settings: PcaSettings, state: PcaState): SklearnPcaJson {
  if (settings.scale) {
    throw new ConfigurationError(
      "scikit-learn's PCA does not scale features, so a model fitted with scale: true has no " +
        'scikit-learn form; fit with scale: false (after standardize(), whose mean and std are ' +
        "a StandardScaler's mean_ and scale_) to export it.",
    );
  }
  const { nComponents: k, nFeatures: d } = state;
  const components: number[][] = [];
  for (let i = 0; i < k; i++)
    components.push(Array.from(state.components.subarray(i * d, i * d + d)));
  return {
    components_: components,
    mean_: Array.from(state.mean),
    explained_variance_: Array.from(state.explainedVariance),
    explained_variance_ratio_: Array.from(state.explainedVarianceRatio),
    singular_values_: Array.from(state.singularValues),
    noise_variance_: noiseVariance(state),
    n_samples_: state.nSamples,
    n_features_in_: d,
    whiten: settings.whiten,
    n_components_: k,
  };
}

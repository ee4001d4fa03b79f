export { ACTIVATIONS, type Activation } from './activations.js';
export { Autoencoder } from './autoencoder.js';
export { AutoencoderBuilder } from './builder.js';
export type { AutoencoderConfig } from './config.js';
export type { History } from './history.js';
export type { AutoencoderInput } from './input.js';
export * from './io/index.js';
export type { JsonObject, JsonValue } from './json.js';
export { bernoulliLossFromLogits, squaredErrorLoss } from './losses.js';
export type {
  AutoencoderState,
  EvaluateOptions,
  Evaluation,
  SampleOptions,
} from './model-options.js';
export { OPTIMIZERS, type OptimizerName, type OptimizerOptions } from './optimizers.js';
export {
  deserializeStrategy,
  getStrategyClass,
  registerStrategy,
  serializeStrategy,
} from './registry.js';
export { type DenoisingOptions, DenoisingStrategy } from './strategies/denoising.js';
export { LinearStrategy } from './strategies/linear.js';
export { type SparseOptions, SparseStrategy } from './strategies/sparse.js';
export {
  LOG_VARIANCE_RANGE,
  type VariationalOptions,
  type VariationalParametrization,
  VariationalStrategy,
} from './strategies/variational.js';
export type {
  Architecture,
  LatentHead,
  LayerWeights,
  LossContext,
  ModelWeights,
  ReconstructionLoss,
  SerializedStrategy,
  StepContext,
  Strategy,
  StrategyClass,
} from './strategy.js';
export type {
  BatchLogs,
  Callback,
  EpochLogs,
  TrainingController,
} from './training/callback.js';
export type { FitOptions } from './training/fit-options.js';

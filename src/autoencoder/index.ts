export * from './io/index.js';
export { loadKerasModel } from './keras/load-keras-model.js';
export type { KerasModelSource } from './keras/read-export.js';
export { Autoencoder } from './model/autoencoder.js';
export { AutoencoderBuilder } from './model/builder.js';
export type { AutoencoderConfig } from './model/config.js';
export type { FromModelsOptions } from './model/from-models.js';
export type { History } from './model/history.js';
export type { AutoencoderInput } from './model/input.js';
export type { JsonObject, JsonValue } from './model/json.js';
export type {
  AutoencoderState,
  EvaluateOptions,
  Evaluation,
  SampleOptions,
} from './model/model-options.js';
export { OPTIMIZERS, type OptimizerName, type OptimizerOptions } from './model/optimizers.js';
export type {
  AutoencoderOutliers,
  OutlierOptions,
  ScoreEstimator,
  ScoreOptions,
} from './model/score-options.js';
export { ACTIVATIONS, type Activation } from './network/activations.js';
export { KERNEL_INITIALIZERS, type KernelInitializer } from './network/initializers.js';
export { type DenoisingOptions, DenoisingStrategy } from './strategies/denoising.js';
export { LinearStrategy } from './strategies/linear.js';
export { bernoulliLossFromLogits, squaredErrorLoss } from './strategies/losses.js';
export {
  deserializeStrategy,
  getStrategyClass,
  registerStrategy,
  serializeStrategy,
} from './strategies/registry.js';
export { type SparseOptions, SparseStrategy } from './strategies/sparse.js';
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
} from './strategies/strategy.js';
export {
  LOG_VARIANCE_RANGE,
  type VariationalOptions,
  type VariationalParametrization,
  VariationalStrategy,
} from './strategies/variational.js';
export type { BatchIterable, FitSource } from './training/batch-source.js';
export type {
  BatchLogs,
  Callback,
  EpochLogs,
  TrainingController,
} from './training/callback.js';
export {
  EarlyStopping,
  type EarlyStoppingOptions,
} from './training/early-stopping.js';
export type { FitOptions } from './training/fit-options.js';
export {
  ReduceLROnPlateau,
  type ReduceLROnPlateauOptions,
} from './training/reduce-on-plateau.js';
export type {
  CosineSchedule,
  LearningRate,
  LearningRateFunction,
  LearningRateSchedule,
  StepSchedule,
} from './training/schedules.js';
export type { WeightsSnapshot } from './training/weight-snapshots.js';

export * from '../errors/index.js';
export type {
  ControlLimitOptions,
  ControlLimits,
  OutlierReport,
  SpeLimitMethod,
} from './diagnostics/index.js';
export { loadPCA, savePCA } from './io/pca-files.js';
export {
  type KernelBackend,
  kernelBackend,
  ready,
  setKernelBackend,
} from './kernels/wasm/backend.js';
export type { MatrixInput, NumericTypedArray } from './matrix-input.js';
export { mse } from './mse.js';
export { PCA, type PcaOptions, type PcaSolver } from './pca.js';
export type { PcaJson } from './pca-json.js';
export { principalAngles } from './principal-angles.js';
export { projectData } from './project-data.js';
export { recoverData } from './recover-data.js';
export { type OutlierLabels, type RocCurve, rocAuc, rocCurve } from './roc.js';
export type { SklearnPcaJson } from './sklearn/index.js';
export { type StandardizeOptions, type StandardizeResult, standardize } from './standardize.js';
export type { FitStreamOptions, RowChunks } from './statistics/fit-stream.js';
export type { FromStatisticsOptions } from './statistics/from-statistics.js';
export { PcaStatistics, type PcaStatisticsOptions } from './statistics/pca-statistics.js';
export type { PcaStatisticsJson } from './statistics/statistics-json.js';
export { type SvdOptions, type SvdResult, type SvdSolver, svd } from './svd.js';
export { contaminationThreshold, falsePositiveThreshold, type Scores } from './thresholds.js';

export { AutoencodersError } from './autoencoders-error.js';
export { ConfigurationError } from './configuration-error.js';
export { ConvergenceError } from './convergence-error.js';
export { InvalidInputError } from './invalid-input-error.js';
export { ModelFileError } from './model-file-error.js';
export { NotFittedError } from './not-fitted-error.js';
export { ShapeError } from './shape-error.js';
export { TrainingDivergedError } from './training-diverged-error.js';

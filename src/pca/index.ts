export * from '../errors/index.js';
export type { MatrixInput } from './matrix-input.js';

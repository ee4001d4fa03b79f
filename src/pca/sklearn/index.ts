export { parseSklearnJson } from './from-sklearn.js';
export type { SklearnPcaJson } from './sklearn-json.js';
export { toSklearn } from './to-sklearn.js';

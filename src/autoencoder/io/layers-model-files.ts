/**
 * The folder reader of single Layers models (Keras exports), for modules outside this folder:
 * the browser build swaps `./node-files.js` only when imported by that exact specifier.
 */
export { openLayersModelFolder } from './node-files.js';

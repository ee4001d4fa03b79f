import * as tf from '@tensorflow/tfjs-core';
import type { BackendName } from './options.js';

/**
 * Loads and activates a TensorFlow.js backend. This is the consumer's choice, never the
 * library's: `autoencoders` uses whatever backend is active when it runs.
 *
 * Importing a backend package registers it; `tf.setBackend` selects it and `tf.ready()` waits
 * for it to initialise. In Node the wasm package's main entry is its CommonJS build, which finds
 * its `.wasm` binaries next to itself, so no `setWasmPaths` call is needed here (a bundler or a
 * browser page would call `setWasmPaths` with the URL or folder that serves them).
 *
 * @param name - The backend wanted. @defaultValue `'wasm'`
 * @returns The backend actually active: wasm falls back to cpu, with a printed note, when it
 * cannot start.
 */
export async function useBackend(name: BackendName = 'wasm'): Promise<BackendName> {
  if (tf.getBackend() === name) return name;
  if (name === 'wasm') {
    try {
      await import('@tensorflow/tfjs-backend-wasm');
      if (await tf.setBackend('wasm')) {
        await tf.ready();
        return 'wasm';
      }
      console.log('note: the wasm backend did not initialise; falling back to cpu');
    } catch (error) {
      console.log(`note: the wasm backend failed to load (${String(error)}); falling back to cpu`);
    }
    if (tf.getBackend() === 'cpu') return 'cpu';
  }
  await import('@tensorflow/tfjs-backend-cpu');
  await tf.setBackend('cpu');
  await tf.ready();
  return 'cpu';
}

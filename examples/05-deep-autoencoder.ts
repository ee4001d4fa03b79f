/**
 * Section 4 of the notebook: a deep undercomplete autoencoder 784-256-128-32 on MNIST, sigmoid
 * hidden layers and code, linear output, Adam.
 *
 * npx tsx examples/05-deep-autoencoder.ts [--backend wasm|cpu] [--full | --tiny] [--out dir]
 */
import { Autoencoder } from 'autoencoders';
import { useBackend } from './lib/backend.js';
import { digitSets } from './lib/mnist-digits.js';
import { trainOnDigits } from './lib/mnist-experiment.js';
import { bySize, type ExampleOptions, type ExampleResult } from './lib/options.js';
import { runIfMain } from './lib/run-main.js';

/**
 * Runs this example and returns its headline figures for the tour.
 *
 * @param options - The command-line flags as an object; see {@link ExampleOptions}.
 */
export async function run(options: ExampleOptions = {}): Promise<ExampleResult> {
  await useBackend(options.backend);
  const digits = digitSets(options);
  const plan = bySize(options, {
    tiny: { epochs: 2, batchSize: 100, learningRate: 0.003, logEvery: 1 },
    small: { epochs: 2, batchSize: 100, learningRate: 0.003, logEvery: 1 },
    quick: { epochs: 40, batchSize: 64, learningRate: 0.003, logEvery: 5 },
    // The notebook: 1001 full-batch Adam steps at 0.001.
    full: { epochs: 1001, batchSize: digits.train.length, learningRate: 0.001, logEvery: 100 },
  });
  const ae = Autoencoder.builder()
    .inputDim(784)
    .hiddenLayers([256, 128])
    .latentDim(32)
    .activation('sigmoid')
    .outputActivation('linear')
    .seed(42)
    .build();
  try {
    const title = 'deep 784-256-128-32';
    const { heldOutMse } = await trainOnDigits(ae, { id: '05', title, digits, plan, options });
    return { heldOut: { [title]: heldOutMse } };
  } finally {
    ae.dispose();
  }
}

runIfMain(import.meta.url, run);

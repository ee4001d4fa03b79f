/**
 * Section 5 of the notebook: an overcomplete sparse autoencoder 784-1000-784. The sigmoid code
 * layer is wider than the input; a KL penalty pulls each unit's mean activation towards 0.032,
 * which stops it from learning the identity.
 *
 * npx tsx examples/06-sparse-autoencoder.ts [--backend wasm|cpu] [--full | --tiny] [--out dir]
 */
import { Autoencoder, SparseStrategy } from 'autoencoders';
import { useBackend } from './lib/backend.js';
import { digitSets } from './lib/mnist-digits.js';
import { trainOnDigits } from './lib/mnist-experiment.js';
import { bySize, type ExampleOptions, type ExampleResult } from './lib/options.js';
import { runIfMain } from './lib/run-main.js';
import { takeRows } from './lib/tensors.js';

/**
 * Runs this example and returns its headline figures for the tour.
 *
 * @param options - The command-line flags as an object; see {@link ExampleOptions}.
 */
export async function run(options: ExampleOptions = {}): Promise<ExampleResult> {
  await useBackend(options.backend);
  const digits = digitSets(options);
  const plan = bySize(options, {
    // One epoch: on the cpu backend the 784×1000 layers cost seconds per epoch even on 200 digits.
    tiny: { epochs: 1, batchSize: 100, learningRate: 0.003, logEvery: 1 },
    small: { epochs: 10, batchSize: 50, learningRate: 0.003, logEvery: 5 },
    quick: { epochs: 30, batchSize: 128, learningRate: 0.003, logEvery: 5 },
    // The notebook: 1001 full-batch Adam steps at 0.001.
    full: { epochs: 1001, batchSize: digits.train.length, learningRate: 0.001, logEvery: 100 },
  });
  const ae = Autoencoder.builder()
    .inputDim(784)
    .latentDim(1000)
    .activation('sigmoid')
    .outputActivation('linear')
    .strategy(new SparseStrategy({ target: 0.032, weight: 0.2 }))
    .seed(42)
    .build();
  try {
    const title = 'sparse 784-1000-784';
    const { heldOutMse } = await trainOnDigits(ae, { id: '06', title, digits, plan, options });
    const code = takeRows(ae.encode(digits.heldOut)).flat();
    const meanActivation = code.reduce((sum, a) => sum + a, 0) / code.length;
    console.log(
      `mean code activation on the held-out digits: ${meanActivation.toFixed(4)} (target 0.032)`,
    );
    return {
      heldOut: { [title]: heldOutMse },
      figures: { 'sparse: mean code activation': meanActivation },
    };
  } finally {
    ae.dispose();
  }
}

runIfMain(import.meta.url, run);

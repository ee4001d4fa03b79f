/**
 * Section 7 of the notebook: a variational autoencoder 784-256-256-32 with elu hidden layers and
 * a sigmoid output, trained on the sigmoid cross-entropy plus the KL divergence from N(0, I);
 * then ten new digits decoded from codes drawn from that prior.
 *
 * As the notebook, the second latent head is sigma itself (parametrization 'sigma'); the
 * library's default, 'logVariance', is the more stable choice for new models.
 *
 * npx tsx examples/08-variational-autoencoder.ts [--backend wasm|cpu] [--full | --tiny] [--out dir]
 */
import { join } from 'node:path';
import { Autoencoder, VariationalStrategy } from 'autoencoders';
import { useBackend } from './lib/backend.js';
import { writeDigitRow } from './lib/digit-grid.js';
import { digitSets } from './lib/mnist-digits.js';
import { trainOnDigits } from './lib/mnist-experiment.js';
import { bySize, type ExampleOptions, type ExampleResult, outDir } from './lib/options.js';
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
    tiny: { epochs: 2, batchSize: 100, learningRate: 0.003, logEvery: 1 },
    small: { epochs: 2, batchSize: 100, learningRate: 0.003, logEvery: 1 },
    quick: { epochs: 30, batchSize: 64, learningRate: 0.001, logEvery: 5 },
    // The notebook: 2001 full-batch Adam steps at 0.001.
    full: { epochs: 2001, batchSize: digits.train.length, learningRate: 0.001, logEvery: 100 },
  });
  const ae = Autoencoder.builder()
    .inputDim(784)
    .hiddenLayers([256, 256])
    .latentDim(32)
    .activation('elu')
    .outputActivation('sigmoid')
    .strategy(new VariationalStrategy({ parametrization: 'sigma' }))
    .seed(42)
    .build();
  try {
    const title = 'variational 784-256-256-32';
    const { heldOutMse } = await trainOnDigits(ae, { id: '08', title, digits, plan, options });
    writeDigitRow(join(outDir(options), '08-samples.png'), takeRows(ae.sample(10, { seed: 42 })));
    console.log('wrote 10 digits decoded from codes drawn from N(0, I) to 08-samples.png');
    return { heldOut: { [title]: heldOutMse } };
  } finally {
    ae.dispose();
  }
}

runIfMain(import.meta.url, run);

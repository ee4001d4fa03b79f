/**
 * Section 6 of the notebook: a denoising autoencoder 784-256-128-32. During training Gaussian
 * noise (stddev 1) is added to each input while the target stays the clean digit, so the code
 * must capture the digit rather than its pixels.
 *
 * npx tsx examples/07-denoising-autoencoder.ts [--backend wasm|cpu] [--full | --tiny] [--out dir]
 */
import { join } from 'node:path';
import { Autoencoder, DenoisingStrategy, mse } from 'autoencoders';
import { useBackend } from './lib/backend.js';
import { writeDigitRow } from './lib/digit-grid.js';
import { digitSets } from './lib/mnist-digits.js';
import { trainOnDigits } from './lib/mnist-experiment.js';
import { bySize, type ExampleOptions, type ExampleResult, outDir } from './lib/options.js';
import { gaussian } from './lib/random.js';
import { runIfMain } from './lib/run-main.js';
import { takeRows } from './lib/tensors.js';

const noiseLevel = 1.0;

/**
 * Runs this example and returns its headline figures for the tour.
 *
 * @param options - The command-line flags as an object; see {@link ExampleOptions}.
 */
export async function run(options: ExampleOptions = {}): Promise<ExampleResult> {
  await useBackend(options.backend);
  const out = outDir(options);
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
    .strategy(new DenoisingStrategy({ stddev: noiseLevel }))
    .seed(42)
    .build();
  try {
    const title = 'denoising 784-256-128-32';
    const { heldOutMse } = await trainOnDigits(ae, { id: '07', title, digits, plan, options });

    // The strategy adds noise only while training; to see denoising, add it by hand.
    const draw = gaussian(7);
    const clean = digits.heldOut.slice(0, 10);
    const noisy = clean.map((digit) => digit.map((value) => value + noiseLevel * draw()));
    const denoised = takeRows(ae.reconstruct(noisy));
    const denoisingMse = mse(clean, denoised);
    const noisyMse = mse(clean, noisy);
    console.log(
      `mse between 10 clean held-out digits and their noisy copies: ${noisyMse.toFixed(7)}`,
    );
    console.log(
      `mse between 10 clean held-out digits and the reconstruction of their noisy copies: ${denoisingMse.toFixed(7)}`,
    );
    writeDigitRow(join(out, '07-noisy.png'), noisy);
    writeDigitRow(join(out, '07-denoised.png'), denoised);
    return {
      heldOut: { [title]: heldOutMse },
      figures: {
        'denoising mse (10 noisy held-out digits)': denoisingMse,
        'mse of the 10 noisy held-out digits themselves': noisyMse,
      },
    };
  } finally {
    ae.dispose();
  }
}

runIfMain(import.meta.url, run);

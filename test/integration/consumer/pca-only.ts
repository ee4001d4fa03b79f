import type { MatrixInput, SvdResult } from 'autoencoders/pca';
import { InvalidInputError, loadPCA, PCA, savePCA, svd } from 'autoencoders/pca';

async function main(): Promise<void> {
  const x: MatrixInput = [
    [2, 0],
    [0, 1],
    [-2, 0],
    [0, -1],
  ];
  const result: SvdResult = svd(x);
  const pca = new PCA({ nComponents: 1 }).fit(x);
  let refused = false;
  try {
    new PCA({ nComponents: 0 });
  } catch (error) {
    refused = InvalidInputError.is(error);
  }
  // savePCA and loadPCA need no TensorFlow.js either (the CJS run replaces the ESM run's file).
  await savePCA(pca, './pca.json');
  const loaded = await loadPCA('./pca.json');
  console.log(
    JSON.stringify({
      s: Array.from(result.s),
      ratio: pca.explainedVarianceRatio[0],
      refused,
      loadedComponents: loaded.components.to2DArray(),
      loadedIsPca: loaded instanceof PCA,
    }),
  );
}

void main();

import type { MatrixInput, SvdResult } from 'autoencoders/pca';
import { InvalidInputError, PCA, svd } from 'autoencoders/pca';

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
console.log(
  JSON.stringify({ s: Array.from(result.s), ratio: pca.explainedVarianceRatio[0], refused }),
);

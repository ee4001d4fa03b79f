import { Autoencoder } from 'autoencoders';
import { Matrix, MatrixTransposeView, wrap } from 'ml-matrix';
import { expect, it } from 'vitest';
import { describeEachBackend, take } from './helpers.js';

describeEachBackend('integer typed-array rows and ml-matrix views', () => {
  it('Int32Array and Uint8Array rows, wrap() and transpose views encode like number[][] and train', async () => {
    const ae = Autoencoder.builder().inputDim(4).latentDim(2).seed(3).build();
    const rows = [
      [0, 1, 2, 3],
      [3, 2, 1, 0],
      [1, 1, 0, 0],
    ];
    const expected = take(ae.encode(rows));
    const inputs = [
      rows.map((r) => Int32Array.from(r)),
      rows.map((r) => Uint8Array.from(r)),
      wrap(rows),
      new MatrixTransposeView(new Matrix(rows).transpose()),
    ];
    for (const x of inputs) expect(take(ae.encode(x))).toEqual(expected);
    await expect(ae.fit(inputs[0] as Int32Array[], { epochs: 1 })).resolves.toBeDefined();
    ae.dispose();
  });
});

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { Autoencoder } from 'autoencoders';
import { expect, it } from 'vitest';
import { describeEachBackend, uniformRows } from './helpers.js';

const X = uniformRows(48, 12, 21);
const WIDTHS = [8, 6, 3, 6, 8, 12];

/** A deep sigmoid autoencoder like the notebook's, small: 12-8-6-3-6-8-12, linear output. */
function model(): Autoencoder {
  return Autoencoder.builder()
    .inputDim(12)
    .hiddenLayers([8, 6])
    .latentDim(3)
    .activation('sigmoid')
    .outputActivation('linear')
    .optimizer('adam', { learningRate: 0.01 })
    .seed(8)
    .build();
}

/** The same network as a stock tfjs-layers Sequential with tfjs-core's Adam, from its weights. */
function stockTwin(ae: Autoencoder): tfl.Sequential {
  const twin = tfl.sequential();
  WIDTHS.forEach((units, i) => {
    twin.add(
      tfl.layers.dense({
        units,
        activation: i === WIDTHS.length - 1 ? 'linear' : 'sigmoid',
        ...(i === 0 ? { inputShape: [12] } : {}),
      }),
    );
  });
  twin.setWeights([...ae.encoder.getWeights(), ...ae.decoder.getWeights()]);
  twin.compile({
    optimizer: tf.train.adam(0.01),
    // The library's default loss: each row's summed squared error, averaged over rows.
    loss: (yTrue: tf.Tensor, yPred: tf.Tensor) =>
      tf.div(tf.sum(tf.square(tf.sub(yTrue, yPred))), yTrue.shape[0] as number) as tf.Scalar,
  });
  return twin;
}

describeEachBackend("fit's loss curve against tfjs-layers' model.fit", () => {
  it('every batch loss of 4 epochs (24 Adam steps) agrees with a stock Sequential trained on the same batches', async () => {
    const ae = model();
    const twin = stockTwin(ae);
    const x = tf.tensor2d(X);
    const ours: number[] = [];
    const theirs: number[] = [];
    await ae.fit(x, {
      epochs: 4,
      batchSize: 8,
      shuffle: false,
      onBatchEnd: (_b, logs) => {
        ours.push(logs.loss);
      },
    });
    await twin.fit(x, x, {
      epochs: 4,
      batchSize: 8,
      shuffle: false,
      verbose: 0,
      callbacks: {
        onBatchEnd: async (_b, logs) => {
          theirs.push(logs?.loss ?? Number.NaN);
        },
      },
    });
    expect(ours).toHaveLength(24);
    expect(theirs).toHaveLength(24);
    // Float32 both ways, with float32-rounding differences in the update (folded bias correction)
    // and the gradients (hand-written vs autodiff): about 3e-7 relative reached here; 1e-5 is
    // some 30x that, while a wrong gradient or update is off by 1e-3 or more within a few steps.
    ours.forEach((loss, i) => {
      expect(Number.isFinite(loss)).toBe(true);
      expect(Math.abs(loss - theirs[i]) / theirs[i], `step ${i + 1}`).toBeLessThan(1e-5);
    });
    // The curve moved: the comparison is not between two idle models.
    expect(ours[23]).toBeLessThan(0.9 * ours[0]);
    twin.dispose();
    ae.dispose();
    x.dispose();
  });
});

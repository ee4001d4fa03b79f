import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../src/autoencoder/io/json.js';
import { isSizedLayerClass } from '../../src/autoencoder/io/layer-weights.js';
import { topologyWeights } from '../../src/autoencoder/io/topology-size.js';
import { normalizeKerasTopology } from '../../src/autoencoder/keras/normalize-topology.js';

// The size check's weight count of a topology against tfjs-layers itself: each model below is
// built by tfjs-layers, and its countParams() (every weight its build() allocated) is the truth
// the count read from its serialized topology alone must equal. Most cases end in Flatten and a
// Dense, so a wrong output shape shows as a wrong count too.

const L = tfl.layers;
type Layer = tfl.layers.Layer;

function sequential(inputShape: number[], layers: Layer[]): tfl.LayersModel {
  return tfl.sequential({ layers: [L.inputLayer({ inputShape }), ...layers] });
}

/**
 * Our count from a model's serialized topology, and the count of the model tfjs-layers rebuilds
 * from that topology (what a load would allocate; a config tfjs does not save, such as
 * SeparableConv2D's depth multiplier, is rebuilt at its default).
 */
async function counts(model: tfl.LayersModel): Promise<[number, number]> {
  const topology = model.toJSON(null, false) as unknown as JsonObject;
  model.dispose();
  const ours = topologyWeights(topology, [], 'test').weights;
  const rebuilt = await tfl.models.modelFromJSON(topology as never);
  const stock = rebuilt.countParams();
  rebuilt.dispose();
  return [ours, stock];
}

/** `layer` applied to `x` (after `merge`, when given, joins a list). */
function call(
  layer: Layer,
  x: tfl.SymbolicTensor | tfl.SymbolicTensor[],
  merge?: Layer,
): tfl.SymbolicTensor {
  const input = merge ? (merge.apply(x) as tfl.SymbolicTensor) : x;
  return layer.apply(input) as tfl.SymbolicTensor;
}

// tfjs' orthogonal initializer (the recurrent kernels' default) fails on this tfjs-core build;
// the counts do not depend on the initializer.
const rnn = { recurrentInitializer: 'glorotUniform' } as const;

const head = () => [L.flatten(), L.dense({ units: 3 })];

const cases: [string, () => tfl.LayersModel][] = [
  ['Dense', () => sequential([7], [L.dense({ units: 5 }), L.dense({ units: 2, useBias: false })])],
  ['Conv1D', () => sequential([20, 3], [L.conv1d({ filters: 4, kernelSize: 5 }), ...head()])],
  [
    'Conv1D, dilated',
    () =>
      sequential([20, 3], [L.conv1d({ filters: 4, kernelSize: 3, dilationRate: 2 }), ...head()]),
  ],
  [
    'Conv2D, strided, same padding',
    () =>
      sequential(
        [13, 11, 3],
        [L.conv2d({ filters: 4, kernelSize: [3, 2], strides: 2, padding: 'same' }), ...head()],
      ),
  ],
  [
    'Conv2D, channels first',
    () =>
      sequential(
        [3, 12, 10],
        [L.conv2d({ filters: 4, kernelSize: 3, dataFormat: 'channelsFirst' }), ...head()],
      ),
  ],
  ['Conv3D', () => sequential([6, 7, 5, 2], [L.conv3d({ filters: 3, kernelSize: 2 }), ...head()])],
  [
    'Conv2DTranspose, valid',
    () =>
      sequential(
        [5, 6, 3],
        [L.conv2dTranspose({ filters: 4, kernelSize: 3, strides: 2 }), ...head()],
      ),
  ],
  [
    'Conv2DTranspose, same',
    () =>
      sequential(
        [5, 6, 3],
        [L.conv2dTranspose({ filters: 4, kernelSize: 3, strides: 2, padding: 'same' }), ...head()],
      ),
  ],
  [
    'Conv3DTranspose',
    () =>
      sequential(
        [4, 3, 4, 2],
        [L.conv3dTranspose({ filters: 3, kernelSize: 2, strides: 2 }), ...head()],
      ),
  ],
  [
    'SeparableConv2D',
    () =>
      sequential(
        [10, 9, 3],
        [L.separableConv2d({ filters: 5, kernelSize: 3, depthMultiplier: 2 }), ...head()],
      ),
  ],
  [
    'DepthwiseConv2D',
    () =>
      sequential(
        [10, 9, 3],
        [L.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, strides: 2 }), ...head()],
      ),
  ],
  [
    'ConvLSTM2D, sequences',
    () =>
      sequential(
        [4, 8, 7, 2],
        [L.convLstm2d({ filters: 3, kernelSize: 3, returnSequences: true, ...rnn }), ...head()],
      ),
  ],
  [
    'ConvLSTM2D, last step',
    () =>
      sequential([4, 8, 7, 2], [L.convLstm2d({ filters: 3, kernelSize: 2, ...rnn }), ...head()]),
  ],
  [
    'pooling 1-D and 2-D, in a functional model',
    () => {
      const one = L.input({ shape: [9, 2] });
      const two = L.input({ shape: [9, 7, 2] });
      const a = call(L.flatten(), call(L.averagePooling1d({ poolSize: 2 }), one));
      const b = call(L.flatten(), call(L.maxPooling2d({ poolSize: 2, strides: 1 }), two));
      const out = call(L.dense({ units: 2 }), [a, b], L.concatenate());
      return tfl.model({ inputs: [one, two], outputs: out });
    },
  ],
  ['MaxPooling3D', () => sequential([6, 5, 4, 2], [L.maxPooling3d({ poolSize: 2 }), ...head()])],
  [
    'global pooling',
    () => sequential([9, 7, 2], [L.globalAveragePooling2d({}), L.dense({ units: 4 })]),
  ],
  ['GlobalMaxPooling1D', () => sequential([9, 6], [L.globalMaxPooling1d(), L.dense({ units: 4 })])],
  [
    'ZeroPadding2D, Cropping2D, UpSampling2D',
    () =>
      sequential(
        [6, 5, 2],
        [
          L.zeroPadding2d({
            padding: [
              [1, 2],
              [0, 3],
            ],
          }),
          L.cropping2D({
            cropping: [
              [1, 0],
              [2, 1],
            ],
          }),
          L.upSampling2d({ size: [2, 3] }),
          ...head(),
        ],
      ),
  ],
  [
    'SimpleRNN',
    () => sequential([6, 4], [L.simpleRNN({ units: 5, ...rnn }), L.dense({ units: 2 })]),
  ],
  [
    'GRU, sequences',
    () => sequential([6, 4], [L.gru({ units: 5, returnSequences: true, ...rnn }), ...head()]),
  ],
  ['LSTM', () => sequential([6, 4], [L.lstm({ units: 5, ...rnn }), L.dense({ units: 2 })])],
  [
    'RNN of stacked cells',
    () =>
      sequential(
        [6, 4],
        [
          L.rnn({ cell: [L.lstmCell({ units: 5, ...rnn }), L.gruCell({ units: 3, ...rnn })] }),
          L.dense({ units: 2 }),
        ],
      ),
  ],
  [
    'RNN of one cell',
    () =>
      sequential(
        [6, 4],
        [L.rnn({ cell: L.simpleRNNCell({ units: 5, ...rnn }), returnSequences: true }), ...head()],
      ),
  ],
  [
    'Bidirectional, concat',
    () =>
      sequential(
        [6, 4],
        [
          L.bidirectional({ layer: L.lstm({ units: 3, returnSequences: true, ...rnn }) as never }),
          ...head(),
        ],
      ),
  ],
  [
    'Bidirectional, sum',
    () =>
      sequential(
        [6, 4],
        [
          L.bidirectional({ layer: L.gru({ units: 3, ...rnn }) as never, mergeMode: 'sum' }),
          L.dense({ units: 2 }),
        ],
      ),
  ],
  [
    'TimeDistributed',
    () => sequential([5, 6], [L.timeDistributed({ layer: L.dense({ units: 4 }) }), ...head()]),
  ],
  ['Embedding', () => sequential([10], [L.embedding({ inputDim: 50, outputDim: 8 }), ...head()])],
  ['BatchNormalization', () => sequential([6, 4], [L.batchNormalization({}), ...head()])],
  [
    'BatchNormalization, channels axis 1, not scaled',
    () => sequential([6, 4], [L.batchNormalization({ axis: 1, scale: false }), ...head()]),
  ],
  [
    'LayerNormalization over two axes',
    () => sequential([6, 4], [L.layerNormalization({ axis: [-2, -1] }), ...head()]),
  ],
  ['PReLU, one shared axis', () => sequential([5, 4], [L.prelu({ sharedAxes: [1] }), ...head()])],
  [
    'Permute, RepeatVector, Reshape',
    () =>
      sequential(
        [3, 5],
        [
          L.permute({ dims: [2, 1] }),
          L.flatten(),
          L.repeatVector({ n: 4 }),
          L.reshape({ targetShape: [-1, 6] }),
          L.dense({ units: 2 }),
        ],
      ),
  ],
  [
    'Rescaling, CenterCrop, Resizing',
    () =>
      sequential(
        [9, 8, 3],
        [
          L.rescaling({ scale: 0.5 }),
          L.centerCrop({ height: 5, width: 4 }),
          L.resizing({ height: 3, width: 6 }),
          L.dense({ units: 2 }),
        ],
      ),
  ],
];

function functional(): tfl.LayersModel {
  const a = L.input({ shape: [6, 4] });
  const b = L.input({ shape: [5] });
  const lstm = L.lstm({ units: 3, returnSequences: true, returnState: true, ...rnn });
  const [seq, h, c] = lstm.apply(a) as tfl.SymbolicTensor[];
  const joined = call(L.concatenate(), [call(L.flatten(), seq!), h!, b]);
  const left = call(L.dense({ units: 4 }), joined);
  const summed = call(L.add(), [left, call(L.dense({ units: 4 }), c!)]);
  const dotted = call(L.dot({ axes: 1 }), [summed, call(L.dense({ units: 4 }), b)]);
  return tfl.model({ inputs: [a, b], outputs: [call(L.dense({ units: 2 }), dotted), summed] });
}

function wrappedModel(): tfl.LayersModel {
  const step = sequential([6], [L.dense({ units: 5 }), L.dense({ units: 3 })]);
  return sequential([4, 6], [L.timeDistributed({ layer: step as unknown as Layer }), ...head()]);
}

function nested(): tfl.LayersModel {
  const inner = sequential([8], [L.dense({ units: 5 }), L.dense({ units: 3 })]);
  return tfl.sequential({ layers: [inner as unknown as Layer, L.dense({ units: 4 })] });
}

describe('topologyWeights counts what tfjs-layers builds', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  for (const [name, build] of [
    ...cases,
    ['a functional model: LSTM states, Concatenate, Add, Dot, two outputs', functional],
    ['a Sequential nested in a Sequential', nested],
    ['a TimeDistributed Sequential', wrappedModel],
  ] as const) {
    it(`${name}: the count equals the stock model's countParams()`, async () => {
      const [ours, stock] = await counts(build());
      expect(ours).toBe(stock);
    });
  }

  it('sizes every layer class tfjs-layers registers, but the models', () => {
    const models = new Set(['Model', 'Functional', 'Sequential']);
    const layerClasses = Object.entries(tf.serialization.SerializationMap.getMap().classNameMap)
      .filter(([name, [cls]]) => !models.has(name) && cls.prototype instanceof tfl.layers.Layer)
      .map(([name]) => name);
    expect(layerClasses.length).toBeGreaterThan(60);
    expect(layerClasses.filter((name) => !isSizedLayerClass(name))).toEqual([]);
  });

  // The converter's own weight manifests (test/fixtures/keras, written by tensorflowjs_converter's
  // documented format from real Keras 2 and Keras 3 models) are a second truth.
  for (const style of ['keras2', 'keras3']) {
    for (const model of ['encoder', 'decoder', 'vae-encoder']) {
      it(`the ${style} ${model} fixture: the count equals its weight manifest's`, async () => {
        const url = new URL(`../fixtures/keras/${style}/${model}/model.json`, import.meta.url);
        const json = JSON.parse(await readFile(fileURLToPath(url), 'utf8'));
        const specs: tf.io.WeightsManifestEntry[] = json.weightsManifest.flatMap(
          (group: { weights: tf.io.WeightsManifestEntry[] }) => group.weights,
        );
        const held = specs.reduce((sum, w) => sum + w.shape.reduce((a, b) => a * b, 1), 0);
        const topology = normalizeKerasTopology(json.modelTopology, 'fixture');
        expect(topologyWeights(topology, specs, 'fixture').weights).toBe(held);
      });
    }
  }
});

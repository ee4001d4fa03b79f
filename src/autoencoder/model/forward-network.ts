import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { EncoderPass } from '../network/network.js';
import type { ModelWeights } from '../strategies/strategy.js';

/**
 * What inference and training need from a model's two parts: the seam between the builder's
 * network (custom dense layers, {@link Network}) and wrapped Layers models (`fromModels`, which
 * run through tfjs-layers' own `apply` and gradients). @internal
 */
export interface ForwardNetwork {
  readonly encoder: tfl.LayersModel;
  readonly decoder: tfl.LayersModel;
  /** Every trainable weight, encoder's first; training differentiates these. */
  readonly variables: tf.Variable[];
  /** The dense layers' weights as strategies see them (empty lists for wrapped models). */
  readonly weights: ModelWeights;
  /** The encoder's forward pass; `training` selects the training behaviour (and gradients). */
  encode(x: tf.Tensor2D, training: boolean): EncoderPass;
  /** The decoder's forward pass; with `logits` the output's logits instead of the output. */
  decode(z: tf.Tensor2D, training: boolean, logits?: boolean): tf.Tensor2D;
  /** The part whose weights were disposed behind the model's back, if any. */
  disposedPart(): 'encoder' | 'decoder' | undefined;
  dispose(): void;
}

import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { EncoderPass } from '../network/network.js';
import type { ModelWeights } from '../strategies/strategy.js';
import type { ForwardNetwork } from './forward-network.js';

/**
 * Keras's clip of probabilities before a log (`backend.epsilon()`), so that the Bernoulli loss of
 * a wrapped decoder, whose output layer's pre-activation is not reachable, is Keras's
 * `binary_crossentropy` on its outputs.
 */
const PROBABILITY_EPSILON = 1e-7;

function variablesOf(model: tfl.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => w.read() as tf.Variable);
}

/**
 * Two user-given Layers models run as they are: forward passes through tfjs-layers' `apply`
 * (any layer type, training behaviour such as dropout while training), gradients through the
 * tfjs ops those layers are made of. The Autoencoder owns (and disposes) both. @internal
 */
export class WrappedNetwork implements ForwardNetwork {
  readonly variables: tf.Variable[];
  readonly weights: ModelWeights = { encoder: [], decoder: [] };
  private readonly encoderVariables: tf.Variable[];
  private readonly decoderVariables: tf.Variable[];

  constructor(
    readonly encoder: tfl.LayersModel,
    readonly decoder: tfl.LayersModel,
    private readonly variational: boolean,
  ) {
    this.encoderVariables = variablesOf(encoder);
    this.decoderVariables = variablesOf(decoder);
    // A weight shared by both parts (tied layers) is one variable, differentiated once.
    this.variables = [...new Set([...this.encoderVariables, ...this.decoderVariables])];
  }

  encode(x: tf.Tensor2D, training: boolean): EncoderPass {
    const out = this.encoder.apply(x, { training }) as tf.Tensor2D | tf.Tensor2D[];
    if (this.variational) {
      const [mean, spread] = out as tf.Tensor2D[];
      return { hidden: [], code: undefined, mean, spread };
    }
    const code = Array.isArray(out) ? out[0]! : out;
    return { hidden: [], code, mean: undefined, spread: undefined };
  }

  decode(z: tf.Tensor2D, training: boolean, logits = false): tf.Tensor2D {
    const out = this.decoder.apply(z, { training }) as tf.Tensor2D;
    if (!logits) return out;
    const p = tf.clipByValue(out, PROBABILITY_EPSILON, 1 - PROBABILITY_EPSILON);
    return tf.log(tf.div(p, tf.sub(1, p))) as tf.Tensor2D;
  }

  disposedPart(): 'encoder' | 'decoder' | undefined {
    if (this.encoderVariables.some((v) => v.isDisposed)) return 'encoder';
    if (this.decoderVariables.some((v) => v.isDisposed)) return 'decoder';
    return undefined;
  }

  dispose(): void {
    if (!this.encoderVariables.some((v) => v.isDisposed)) this.encoder.dispose();
    if (!this.decoderVariables.some((v) => v.isDisposed)) this.decoder.dispose();
  }
}

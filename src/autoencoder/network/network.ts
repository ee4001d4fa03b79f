import type * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { ResolvedConfig } from '../model/config.js';
import type { LatentHead, LayerWeights, ModelWeights } from '../strategies/strategy.js';
import type { Activation } from './activations.js';
import { type DenseParams, dense } from './dense.js';
import { type KernelInitializer, kernelInitializer } from './initializers.js';
import { deriveSeed, SeededRandom } from './random.js';

/** Everything needed to build the two Layers models. @internal */
export interface NetworkSpec {
  readonly inputDim: number;
  readonly encoderLayers: readonly number[];
  readonly latentDim: number;
  readonly decoderLayers: readonly number[];
  /** Activation of the hidden layers and of a deterministic code layer. */
  readonly activation: Activation;
  readonly outputActivation: Activation;
  readonly latentHead: LatentHead;
  /** Names of the variational heads' layers, mean first (the variational strategy names them). */
  readonly latentHeadNames: readonly [mean: string, spread: string];
  readonly seed: number;
  /**
   * How the kernels of the layers that use the hidden activation start (the hidden layers and a
   * deterministic code layer; see {@link initializerOf}); biases start at zero.
   */
  readonly kernelInitializer: KernelInitializer;
}

/** The encoder's tensors for one batch. @internal */
export interface EncoderPass {
  readonly hidden: tf.Tensor2D[];
  readonly code: tf.Tensor2D | undefined;
  readonly mean: tf.Tensor2D | undefined;
  readonly spread: tf.Tensor2D | undefined;
}

interface DenseLayerLike {
  readonly name: string;
  readonly trainableWeights: ReadonlyArray<{ read(): tf.Tensor }>;
}

/** A layer's parameters, with its name for {@link LayerWeights}. */
type NamedParams = DenseParams & { readonly name: string };

function paramsOf(layer: DenseLayerLike, activation: Activation): NamedParams {
  const [kernel, bias] = layer.trainableWeights;
  return {
    name: layer.name,
    kernel: kernel.read() as tf.Variable,
    bias: bias.read() as tf.Variable,
    activation,
  };
}

function weightsOf(params: readonly NamedParams[]): LayerWeights[] {
  return params.map((p) => ({
    name: p.name,
    kernel: p.kernel as tf.Tensor as tf.Tensor2D,
    bias: p.bias as tf.Tensor as tf.Tensor1D,
    activation: p.activation,
  }));
}

type DenseLayer = ReturnType<typeof tfl.layers.dense>;

/**
 * A dense layer's place in the network: `'hidden'` for the layers that use the hidden activation
 * (encoder and decoder hidden layers, a deterministic code layer), `'output'` for the
 * reconstruction layer and the variational heads.
 */
type LayerRole = 'hidden' | 'output';
type MakeDense = (
  units: number,
  activation: Activation,
  name: string,
  role: LayerRole,
) => DenseLayer;

/**
 * The initializer of a layer: the chosen one for the layers that use the hidden activation,
 * Glorot uniform for the output layer and the linear variational heads. He initialization
 * doubles the variance to make up for the half of the signal a rectifier zeroes; the output
 * layer (sigmoid or linear) and the linear heads lose nothing, and He's 2 / fan_in there starts
 * them at 4x Glorot's variance on a 256 → 784 output. Keras users do the same: `he_normal` on the
 * ReLU/ELU layers, the output `Dense` left at its Glorot default. Measured on 784-256-128-32 ELU
 * (2,000 digits, 4 epochs): held-out mse 47.1 with He on every layer, 29.4 with this rule.
 */
function initializerOf(spec: NetworkSpec, role: LayerRole): KernelInitializer {
  return role === 'hidden' ? spec.kernelInitializer : 'glorotUniform';
}

function buildEncoder(spec: NetworkSpec, makeDense: MakeDense) {
  const input = tfl.input({ shape: [spec.inputDim], name: 'encoder_input' });
  let h: tfl.SymbolicTensor = input;
  const hiddenLayers = spec.encoderLayers.map((units, i) => {
    const layer = makeDense(units, spec.activation, `encoder_dense_${i + 1}`, 'hidden');
    h = layer.apply(h) as tfl.SymbolicTensor;
    return layer;
  });
  let codeLayer: DenseLayer | undefined;
  let meanLayer: DenseLayer | undefined;
  let spreadLayer: DenseLayer | undefined;
  let outputs: tfl.SymbolicTensor[];
  if (spec.latentHead === 'variational') {
    const [meanName, spreadName] = spec.latentHeadNames;
    meanLayer = makeDense(spec.latentDim, 'linear', meanName, 'output');
    spreadLayer = makeDense(spec.latentDim, 'linear', spreadName, 'output');
    outputs = [meanLayer.apply(h), spreadLayer.apply(h)] as tfl.SymbolicTensor[];
  } else {
    codeLayer = makeDense(spec.latentDim, spec.activation, 'code', 'hidden');
    outputs = [codeLayer.apply(h) as tfl.SymbolicTensor];
  }
  const model = tfl.model({ inputs: input, outputs, name: 'encoder' });
  return { model, hiddenLayers, codeLayer, meanLayer, spreadLayer };
}

function buildDecoder(spec: NetworkSpec, makeDense: MakeDense) {
  const codeInput = tfl.input({ shape: [spec.latentDim], name: 'decoder_input' });
  let d: tfl.SymbolicTensor = codeInput;
  const decoderLayers = spec.decoderLayers.map((units, i) => {
    const layer = makeDense(units, spec.activation, `decoder_dense_${i + 1}`, 'hidden');
    d = layer.apply(d) as tfl.SymbolicTensor;
    return layer;
  });
  const outputLayer = makeDense(spec.inputDim, spec.outputActivation, 'reconstruction', 'output');
  d = outputLayer.apply(d) as tfl.SymbolicTensor;
  const model = tfl.model({ inputs: codeInput, outputs: d, name: 'decoder' });
  return { model, decoderLayers, outputLayer };
}

/**
 * The encoder and decoder as stock tfjs-layers models, plus their weight variables for the
 * library's fast functional forward pass (which reads the very same variables). @internal
 */
export class Network {
  readonly encoder: tfl.LayersModel;
  readonly decoder: tfl.LayersModel;
  readonly hiddenParams: NamedParams[] = [];
  readonly codeParams: NamedParams | undefined;
  readonly meanParams: NamedParams | undefined;
  readonly spreadParams: NamedParams | undefined;
  readonly decoderParams: NamedParams[] = [];
  readonly variables: tf.Variable[];
  /** The layers' weights as strategies see them (read-only views of the same variables). */
  readonly weights: ModelWeights;
  private readonly encoderVariables: tf.Variable[];
  private readonly decoderVariables: tf.Variable[];

  constructor(readonly spec: NetworkSpec) {
    // One generator for every layer's initializer seed, drawn input side first, one draw per
    // layer whatever its initializer: the order fixes a seeded model's initial weights, and a
    // Glorot model's weights stay the ones it had before the rule gave output layers Glorot.
    const seeds = new SeededRandom(deriveSeed(spec.seed, 1));
    const makeDense: MakeDense = (units, activation, name, role) =>
      tfl.layers.dense({
        units,
        activation,
        name,
        kernelInitializer: kernelInitializer(initializerOf(spec, role), seeds.nextUint32()),
        biasInitializer: 'zeros',
      });
    const {
      model: encoder,
      hiddenLayers,
      codeLayer,
      meanLayer,
      spreadLayer,
    } = buildEncoder(spec, makeDense);
    const { model: decoder, decoderLayers, outputLayer } = buildDecoder(spec, makeDense);
    this.encoder = encoder;
    this.decoder = decoder;
    for (const layer of hiddenLayers) this.hiddenParams.push(paramsOf(layer, spec.activation));
    this.codeParams = codeLayer && paramsOf(codeLayer, spec.activation);
    this.meanParams = meanLayer && paramsOf(meanLayer, 'linear');
    this.spreadParams = spreadLayer && paramsOf(spreadLayer, 'linear');
    for (const layer of decoderLayers) this.decoderParams.push(paramsOf(layer, spec.activation));
    this.decoderParams.push(paramsOf(outputLayer, spec.outputActivation));
    const encoderParams = [
      ...this.hiddenParams,
      ...(this.codeParams ? [this.codeParams] : []),
      ...(this.meanParams ? [this.meanParams] : []),
      ...(this.spreadParams ? [this.spreadParams] : []),
    ];
    this.encoderVariables = encoderParams.flatMap((p) => [p.kernel, p.bias]);
    this.decoderVariables = this.decoderParams.flatMap((p) => [p.kernel, p.bias]);
    this.variables = [...this.encoderVariables, ...this.decoderVariables];
    this.weights = { encoder: weightsOf(encoderParams), decoder: weightsOf(this.decoderParams) };
  }

  /**
   * Which part's weights were disposed behind the model's back (a user's `ae.encoder.dispose()`),
   * if any: tfjs-layers frees a disposed model's variables, and a model without them cannot run.
   */
  disposedPart(): 'encoder' | 'decoder' | undefined {
    if (this.encoderVariables.some((v) => v.isDisposed)) return 'encoder';
    if (this.decoderVariables.some((v) => v.isDisposed)) return 'decoder';
    return undefined;
  }

  /** The network validated settings describe. */
  static fromConfig(config: ResolvedConfig): Network {
    const arch = config.architecture;
    return new Network({
      inputDim: config.inputDim,
      encoderLayers: arch.hiddenLayers,
      latentDim: config.latentDim,
      decoderLayers: arch.decoderLayers,
      activation: arch.activation,
      outputActivation: arch.outputActivation,
      latentHead: arch.latentHead,
      latentHeadNames: config.latentHeadNames,
      seed: config.seed,
      kernelInitializer: config.kernelInitializer,
    });
  }

  /** The encoder's forward pass; `differentiable` selects the custom-gradient dense op. */
  encode(x: tf.Tensor2D, differentiable: boolean): EncoderPass {
    const hidden: tf.Tensor2D[] = [];
    let h = x;
    this.hiddenParams.forEach((p, i) => {
      h = dense(h, p, { differentiable, inputGradient: i > 0 });
      hidden.push(h);
    });
    const fromInput = this.hiddenParams.length === 0;
    const options = { differentiable, inputGradient: !fromInput };
    if (this.meanParams && this.spreadParams) {
      return {
        hidden,
        code: undefined,
        mean: dense(h, this.meanParams, options),
        spread: dense(h, this.spreadParams, options),
      };
    }
    return {
      hidden,
      code: dense(h, this.codeParams!, options),
      mean: undefined,
      spread: undefined,
    };
  }

  /**
   * The decoder's forward pass. With `logits` true the output layer's activation is left off
   * (the caller applies it, e.g. for a loss computed from logits).
   */
  decode(z: tf.Tensor2D, differentiable: boolean, logits = false): tf.Tensor2D {
    let d = z;
    const last = this.decoderParams.length - 1;
    this.decoderParams.forEach((p, i) => {
      const activation = i === last && logits ? 'linear' : p.activation;
      d = dense(d, p, { differentiable, inputGradient: true, activation });
    });
    return d;
  }

  /** Frees both models; a part the user disposed already is left alone (tfjs-layers would throw). */
  dispose(): void {
    if (!this.encoderVariables.some((v) => v.isDisposed)) this.encoder.dispose();
    if (!this.decoderVariables.some((v) => v.isDisposed)) this.decoder.dispose();
  }
}

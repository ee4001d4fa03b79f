import * as tf from '@tensorflow/tfjs-core';

/** Kingma and Ba's defaults, as `tf.train.adam`'s. */
const BETA1 = 0.9;
const BETA2 = 0.999;

/** A named tensor as tfjs-core's optimizers exchange them (tfjs-core does not export the type). */
type NamedTensor = { name: string; tensor: tf.Tensor };

interface Moments {
  readonly name: string;
  readonly m: tf.Variable;
  readonly v: tf.Variable;
}

/**
 * Adam as `tf.train.adam` computes it (the same moments, bias correction, epsilon and saved
 * state), in 12 kernels a variable instead of 14, and 6 scalar tensors a step instead of 6 a
 * variable. The bias corrections are folded into two scalars, as Kingma and Ba's section 2
 * suggests: `w − lr·√(1−β₂ᵗ)/(1−β₁ᵗ) · m / (√v + ε·√(1−β₂ᵗ))` equals tfjs's
 * `w − lr · m̂ / (√v̂ + ε)` up to float32 rounding (a few ulps a step). The powers `β₁ᵗ`, `β₂ᵗ`
 * are kept on the host in float32, as tfjs keeps them on the device, so no step reads anything
 * back.
 *
 * Measured on the notebook's 784-256-128-32-128-256-784 model, batch 128, wasm (docs/
 * performance.md, "Speed to the limit"): the update's kernels per step drop from 170 to 146.
 *
 * Moments pair with gradients by position, as tfjs-core's do, so `getWeights`/`setWeights`
 * exchange `[iterations, m…, v…]` in tfjs-core's order and a checkpoint of either optimizer
 * resumes in the other.
 *
 * @example
 * ```ts
 * const adam = new LeanAdam(0.001);
 * adam.applyGradients({ [w.name]: dw });
 * ```
 * @internal
 */
export class LeanAdam extends tf.Optimizer {
  /** tfjs-core's name for Adam, so serialized configs read as Adam's. */
  static get className(): string {
    return 'Adam';
  }

  /** Read at each update: a new value is the rate from the next update on. */
  learningRate: number;
  private readonly epsilon: number;
  /** β₁ᵗ⁺¹ and β₂ᵗ⁺¹ after t updates, rounded to float32 as tfjs-core's scalar variables are. */
  private accBeta1 = Math.fround(BETA1);
  private accBeta2 = Math.fround(BETA2);
  private moments: Moments[] = [];

  constructor(learningRate: number, epsilon?: number) {
    super();
    this.learningRate = learningRate;
    this.epsilon = epsilon ?? tf.backend().epsilon();
  }

  override applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    const named = Array.isArray(variableGradients)
      ? variableGradients
      : Object.keys(variableGradients).map((name) => ({
          name,
          tensor: variableGradients[name],
        }));
    tf.tidy(() => {
      const oneMinusAcc1 = Math.fround(1 - this.accBeta1);
      const rootOneMinusAcc2 = Math.sqrt(Math.fround(1 - this.accBeta2));
      // Made once per step and shared by every variable (tfjs makes six per variable).
      const beta1 = tf.scalar(BETA1);
      const rest1 = tf.scalar(1 - BETA1);
      const beta2 = tf.scalar(BETA2);
      const rest2 = tf.scalar(1 - BETA2);
      const rate = tf.scalar((this.learningRate * rootOneMinusAcc2) / oneMinusAcc1);
      const epsilon = tf.scalar(this.epsilon * rootOneMinusAcc2);
      named.forEach(({ name, tensor: gradient }, i) => {
        const value = tf.engine().registeredVariables[name];
        const moments = this.momentsAt(i, name, value);
        if (gradient == null) return;
        const m = tf.add(tf.mul(moments.m, beta1), tf.mul(gradient, rest1));
        const v = tf.add(tf.mul(moments.v, beta2), tf.mul(tf.square(gradient), rest2));
        moments.m.assign(m);
        moments.v.assign(v);
        value.assign(tf.sub(value, tf.div(tf.mul(m, rate), tf.add(tf.sqrt(v), epsilon))));
      });
    });
    this.accBeta1 = Math.fround(this.accBeta1 * Math.fround(BETA1));
    this.accBeta2 = Math.fround(this.accBeta2 * Math.fround(BETA2));
    this.incrementIterations();
  }

  /** The moments of the i-th gradient, zeros at its first update. */
  private momentsAt(i: number, name: string, value: tf.Variable): Moments {
    const known = this.moments[i];
    if (known) return known;
    const made = tf.tidy(() => ({
      name,
      m: tf.zerosLike(value).variable(false),
      v: tf.zerosLike(value).variable(false),
    }));
    this.moments[i] = made;
    return made;
  }

  override async getWeights(): Promise<NamedTensor[]> {
    return [
      await this.saveIterations(),
      ...this.moments.map((s) => ({ name: `${s.name}/m`, tensor: s.m })),
      ...this.moments.map((s) => ({ name: `${s.name}/v`, tensor: s.v })),
    ];
  }

  /** Takes `[iterations, m…, v…]`; the powers of β restart from the count, as tfjs-core's do. */
  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const slots = await this.extractIterations(weightValues);
    const count = slots.length / 2;
    // tfjs-core sets its β powers with pow(β, iterations + 1) in float32.
    this.accBeta1 = Math.fround(Math.fround(BETA1) ** (this.iterations + 1));
    this.accBeta2 = Math.fround(Math.fround(BETA2) ** (this.iterations + 1));
    this.disposeMoments();
    this.moments = slots.slice(0, count).map((s, i) => ({
      name: s.name,
      m: s.tensor.variable(false),
      v: slots[count + i].tensor.variable(false),
    }));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      learningRate: this.learningRate,
      beta1: BETA1,
      beta2: BETA2,
      epsilon: this.epsilon,
    };
  }

  override dispose(): void {
    this.disposeMoments();
    super.dispose();
  }

  private disposeMoments(): void {
    for (const s of this.moments) tf.dispose([s.m, s.v]);
    this.moments = [];
  }
}

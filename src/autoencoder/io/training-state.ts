import { ModelFileError } from '../../errors/index.js';
import { isOptimizerName, type OptimizerState } from '../model/optimizers.js';
import { base64Length, fromBase64, toBase64 } from './base64.js';
import { isJsonObject, type JsonObject } from './json.js';

/**
 * What a checkpoint keeps beyond the weights so that training resumes where it stopped: the
 * optimizer's state and the state of the generator that shuffles and draws noise. @internal
 */
export interface TrainingState {
  readonly optimizer: OptimizerState | undefined;
  /** The training generator's 32-bit state. */
  readonly random: number;
}

/** The manifest's `training` section: slot values as base64 float32 (little-endian). @internal */
export function trainingStateToJson(state: TrainingState): JsonObject {
  const o = state.optimizer;
  return {
    random: state.random,
    optimizer:
      o === undefined
        ? null
        : {
            name: o.name,
            iterations: o.iterations,
            slots: o.slots.map((s) => ({
              shape: [...s.shape],
              data: toBase64(s.values.slice().buffer as ArrayBuffer),
            })),
          },
  };
}

function slotOf(raw: unknown, where: string): OptimizerState['slots'][number] {
  if (!isJsonObject(raw) || !Array.isArray(raw.shape) || typeof raw.data !== 'string')
    throw new ModelFileError(`${where} is not { shape: number[], data: base64 }.`);
  const shape = raw.shape;
  if (!shape.every((d) => typeof d === 'number' && Number.isInteger(d) && d > 0))
    throw new ModelFileError(`${where}.shape is not a list of positive integers.`);
  const count = (shape as number[]).reduce((a, b) => a * b, 1);
  // Compared before decoding, so a hostile shape over a short string allocates nothing.
  if (base64Length(raw.data) !== count * 4)
    throw new ModelFileError(
      `${where} holds ${base64Length(raw.data)} bytes, not the ${count * 4} its shape needs.`,
    );
  const values = new Float32Array(fromBase64(raw.data, where));
  if (!values.every(Number.isFinite))
    throw new ModelFileError(`${where} holds NaN or Infinity; the checkpoint is damaged.`);
  return { shape: shape as number[], values };
}

/**
 * Reads the manifest's `training` section back.
 * @throws {@link ModelFileError} naming `file` for anything malformed.
 * @internal
 */
export function trainingStateFromJson(raw: unknown, file: string): TrainingState {
  const where = `${file}: "training"`;
  if (!isJsonObject(raw)) throw new ModelFileError(`${where} is not an object.`);
  const random = raw.random;
  if (typeof random !== 'number' || !Number.isInteger(random) || random < 0 || random >= 2 ** 32)
    throw new ModelFileError(`${where}.random is not a 32-bit unsigned integer.`);
  const o = raw.optimizer;
  if (o === null || o === undefined) return { optimizer: undefined, random };
  if (!isJsonObject(o) || !isOptimizerName(o.name) || !Array.isArray(o.slots))
    throw new ModelFileError(`${where}.optimizer is not { name, iterations, slots }.`);
  const iterations = o.iterations;
  if (typeof iterations !== 'number' || !Number.isInteger(iterations) || iterations < 0)
    throw new ModelFileError(`${where}.optimizer.iterations is not a whole number.`);
  const slots = o.slots.map((s, i) => slotOf(s, `${where}.optimizer.slots[${i}]`));
  return { optimizer: { name: o.name, iterations, slots }, random };
}

/**
 * Checks that saved optimizer slots fit the model's variables: tfjs-core keeps a whole number
 * of slots per variable, in variable order.
 * @throws {@link ModelFileError} naming `file`.
 * @internal
 */
export function checkSlotShapes(
  state: OptimizerState,
  optimizerName: string,
  shapes: readonly (readonly number[])[],
  file: string,
): void {
  if (state.name !== optimizerName)
    throw new ModelFileError(
      `${file}: the optimizer state is ${state.name}'s, but the model's optimizer is ${optimizerName}.`,
    );
  const n = shapes.length;
  const bad = state.slots.findIndex(
    (s, i) =>
      s.shape.length !== shapes[i % n].length || s.shape.some((d, j) => d !== shapes[i % n][j]),
  );
  if (state.slots.length % n !== 0 || bad >= 0)
    throw new ModelFileError(
      `${file}: the optimizer state's slots do not match the model's ${n} weights (slot ${bad + 1}).`,
    );
}

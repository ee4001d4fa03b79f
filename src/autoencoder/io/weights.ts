import * as tf from '@tensorflow/tfjs-core';
import { ModelFileError } from '../../errors/index.js';
import { isJsonObject } from './json.js';

/** Largest number of weight bytes one model may declare (2 GiB, the size of one ArrayBuffer). */
const MAX_WEIGHT_BYTES = 2 ** 31 - 1;

/** One ArrayBuffer from tfjs's weight data (which may come in shards). */
export function joinWeightData(data: tf.io.WeightData | undefined): ArrayBuffer {
  if (data === undefined) return new ArrayBuffer(0);
  return tf.io.CompositeArrayBuffer.join(data);
}

/** Checks one weight entry and returns it, typed; `names` collects the names seen so far. */
function checkSpec(spec: unknown, where: string, names: Set<string>): tf.io.WeightsManifestEntry {
  if (!isJsonObject(spec)) throw new ModelFileError(`${where} is not an object.`);
  const { name, shape, dtype } = spec;
  if (typeof name !== 'string' || name.length === 0)
    throw new ModelFileError(`${where} has no name.`);
  if (names.has(name)) throw new ModelFileError(`${where} repeats the name "${name}".`);
  names.add(name);
  if (dtype !== 'float32' && dtype !== 'int32') {
    throw new ModelFileError(
      `${where} ("${name}") has dtype ${JSON.stringify(dtype ?? null)}; only float32 and int32 weights are read.`,
    );
  }
  if (spec.quantization !== undefined) {
    throw new ModelFileError(`${where} ("${name}") is quantized; quantized weights are not read.`);
  }
  if (spec.group !== undefined && spec.group !== 'model') {
    throw new ModelFileError(
      `${where} ("${name}") belongs to the group ${JSON.stringify(spec.group)}; only model weights are read.`,
    );
  }
  if (
    !Array.isArray(shape) ||
    shape.length > 8 ||
    !shape.every((d) => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0)
  ) {
    throw new ModelFileError(
      `${where} ("${name}") has the shape ${JSON.stringify(shape ?? null)}, not a list of at most 8 non-negative integers.`,
    );
  }
  return { name, shape: [...(shape as number[])], dtype };
}

/**
 * Checks weight specifications and returns the number of bytes they declare, before any weight
 * byte is read or any tensor allocated.
 *
 * @param specs - the weight entries of a model.json (or a bundle).
 * @param file - the file that holds them, for error messages.
 * @throws {@link ModelFileError} on a malformed entry, an unsupported dtype or quantization, a
 * duplicate name, or a declared size above 2 GiB.
 */
export function checkWeightSpecs(
  specs: unknown,
  file: string,
): { specs: tf.io.WeightsManifestEntry[]; bytes: number } {
  if (!Array.isArray(specs))
    throw new ModelFileError(`${file}: the weight list is missing or not a list.`);
  const names = new Set<string>();
  let bytes = 0;
  const checked = specs.map((spec: unknown, i): tf.io.WeightsManifestEntry => {
    const entry = checkSpec(spec, `${file}: weight ${i}`, names);
    const size = entry.shape.reduce((a, b) => a * b, 1) * 4;
    bytes += size;
    if (!Number.isSafeInteger(size) || bytes > MAX_WEIGHT_BYTES) {
      throw new ModelFileError(
        `${file}: weight ${i} ("${entry.name}") makes the weights larger than 2 GiB; the file is corrupt or not a model of this library.`,
      );
    }
    return entry;
  });
  return { specs: checked, bytes };
}

/** The first float32 weight value that is NaN or infinite, if any. */
function firstNonFinite(
  data: ArrayBuffer,
  specs: tf.io.WeightsManifestEntry[],
): { name: string; index: number; value: number } | undefined {
  let offset = 0;
  for (const spec of specs) {
    const count = spec.shape.reduce((a, b) => a * b, 1);
    if (spec.dtype === 'float32') {
      const values = new Float32Array(data, offset, count);
      for (let i = 0; i < count; i++) {
        if (!Number.isFinite(values[i])) return { name: spec.name, index: i, value: values[i]! };
      }
    }
    offset += count * 4;
  }
  return undefined;
}

/**
 * Checks that the weight bytes are as many as declared and that every float32 value is finite.
 *
 * @throws {@link ModelFileError} naming the file, the byte counts or the first bad value.
 */
export function checkWeightData(
  data: ArrayBuffer,
  specs: tf.io.WeightsManifestEntry[],
  expectedBytes: number,
  file: string,
): void {
  if (data.byteLength !== expectedBytes) {
    throw new ModelFileError(
      `${file} holds ${data.byteLength} bytes of weights, but its model.json declares ${expectedBytes} (${specs.length} weights); the file is truncated or belongs to another model.`,
    );
  }
  const bad = firstNonFinite(data, specs);
  if (bad) {
    throw new ModelFileError(
      `${file}: the weight "${bad.name}" holds ${bad.value} at index ${bad.index}; a saved model's weights are finite.`,
    );
  }
}

/**
 * Refuses to save a model whose weights are not all finite: `Autoencoder.load` would refuse the
 * files, so they are never written.
 *
 * @throws {@link ModelFileError} naming the part, the weight, the value and its index.
 */
export function checkFiniteForSave(
  data: ArrayBuffer,
  specs: tf.io.WeightsManifestEntry[],
  part: 'encoder' | 'decoder',
): void {
  const bad = firstNonFinite(data, specs);
  if (bad) {
    throw new ModelFileError(
      `Cannot save: the ${part}'s weight "${bad.name}" holds ${bad.value} at index ${bad.index}, and a saved model's weights must be finite (load would refuse it). Nothing was written. Training likely diverged: lower the learning rate and train again, or load an earlier checkpoint.`,
    );
  }
}

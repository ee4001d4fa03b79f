import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { ModelFileError } from '../../errors/index.js';

// tf.keras 2 names a weight `layer/kernel`; Keras 3 adds the model's path (`encoder/dense/kernel`),
// which tfjs-layers' own matching cannot undo. So each of the model's weights is matched here,
// by name (or the Keras 3 file format's `layer/vars/i`) and shape, before any value is set.

/** The export's name of a weight, without TF1's `:0` suffix. */
function plainName(name: string): string {
  return name.replace(/:\d+$/, '');
}

/** Specs whose name is `key`, or ends in `/` + `key`. */
function named(specs: readonly tf.io.WeightsManifestEntry[], key: string, suffix: boolean) {
  return specs.filter((s) => {
    const name = plainName(s.name);
    return name === key || (suffix && name.endsWith(`/${key}`));
  });
}

/**
 * The one weight spec that stands for a model weight: by its name (`dense/kernel`), by a name
 * that ends in it (Keras 3's `encoder/dense/kernel`), or by the Keras 3 file format's
 * `dense/vars/0` (the layer's index-th weight).
 */
function specFor(
  wanted: string,
  byIndex: string,
  specs: readonly tf.io.WeightsManifestEntry[],
  file: string,
): tf.io.WeightsManifestEntry {
  let matches = named(specs, wanted, false);
  if (matches.length === 0) matches = named(specs, wanted, true);
  if (matches.length === 0) matches = named(specs, byIndex, true);
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) {
    throw new ModelFileError(
      `${file} has no weight for "${wanted}", which its topology needs; the weights belong to another model.`,
    );
  }
  throw new ModelFileError(
    `${file}: the weights ${matches.map((s) => `"${s.name}"`).join(', ')} could each be "${wanted}"; rename the layers so that their names are unique and export again.`,
  );
}

/**
 * Sets a freshly built model's weights from an export's checked weight data, matching every
 * weight by name and checking its shape and dtype before anything is decoded.
 *
 * @param model - the model built from the export's (normalized) topology.
 * @param specs - the export's checked weight specs, in the order of `data`.
 * @param data - the weight bytes.
 * @param file - the file, for messages.
 * @throws {@link ModelFileError} for a missing, ambiguous, unused or misshapen weight.
 * @internal
 */
export function setKerasWeights(
  model: tfl.LayersModel,
  specs: readonly tf.io.WeightsManifestEntry[],
  data: ArrayBuffer,
  file: string,
): void {
  const unused = new Set(specs.map((s) => s.name));
  const chosen = new Map<unknown, string>();
  for (const layer of model.layers) {
    layer.weights.forEach((weight, index) => {
      const spec = specFor(weight.originalName, `${layer.name}/vars/${index}`, specs, file);
      if (!unused.delete(spec.name)) {
        throw new ModelFileError(`${file}: the weight "${spec.name}" would be used twice.`);
      }
      const same =
        spec.dtype === weight.dtype &&
        spec.shape.length === weight.shape.length &&
        spec.shape.every((d, i) => d === weight.shape[i]);
      if (!same) {
        throw new ModelFileError(
          `${file}: the weight "${spec.name}" is ${spec.dtype} [${spec.shape.join(', ')}], but its layer needs ${weight.dtype} [${weight.shape.join(', ')}].`,
        );
      }
      chosen.set(weight, spec.name);
    });
  }
  if (unused.size > 0) {
    throw new ModelFileError(
      `${file} holds weights that its topology has no place for: ${[...unused].join(', ')}.`,
    );
  }
  const values = tf.io.decodeWeights(data, [...specs]);
  try {
    model.setWeights(model.weights.map((w) => values[chosen.get(w)!]!));
  } finally {
    tf.dispose(Object.values(values));
  }
}

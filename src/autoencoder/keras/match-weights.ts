import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { ModelFileError } from '../../errors/index.js';

// tf.keras 2 names a weight `layer/kernel`; Keras 3 adds the model's path (`encoder/dense/kernel`),
// which tfjs-layers' own matching cannot undo. So each of the model's weights is matched here,
// by its name or by the one export name that ends in `/` + its name, before any value is set.

/** The export's name of a weight, without TF1's `:0` suffix. */
function plainName(name: string): string {
  return name.replace(/:\d+$/, '');
}

/** The one weight spec that stands for the model weight `wanted`, by exact name or path suffix. */
function specFor(
  wanted: string,
  specs: readonly tf.io.WeightsManifestEntry[],
  file: string,
): tf.io.WeightsManifestEntry {
  const exact = specs.filter((s) => plainName(s.name) === wanted);
  const matches =
    exact.length > 0 ? exact : specs.filter((s) => plainName(s.name).endsWith(`/${wanted}`));
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
  const chosen = model.weights.map((weight) => {
    const spec = specFor(weight.originalName, specs, file);
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
    return spec.name;
  });
  if (unused.size > 0) {
    throw new ModelFileError(
      `${file} holds weights that its topology has no place for: ${[...unused].join(', ')}.`,
    );
  }
  const values = tf.io.decodeWeights(data, [...specs]);
  try {
    model.setWeights(chosen.map((name) => values[name]!));
  } finally {
    tf.dispose(Object.values(values));
  }
}

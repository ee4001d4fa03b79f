import { ModelFileError } from '../../errors/index.js';
import type { AutoencoderArtifacts } from './artifacts.js';
import type { JsonObject } from './json.js';
import { checkTopologySize } from './topology-size.js';

function isWidth(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

function widthList(value: unknown): number[] | undefined {
  return Array.isArray(value) && value.every(isWidth) ? value : undefined;
}

/** Weights of a chain of dense layers through `widths` (kernels and biases). */
function denseWeights(widths: readonly number[]): number {
  let count = 0;
  for (let i = 1; i < widths.length; i++) count += widths[i - 1]! * widths[i]! + widths[i]!;
  return count;
}

/**
 * The fewest weights the encoder and decoder of a manifest's builder settings can hold: each is
 * at least a chain of dense layers (inputDim, hiddenLayers..., latentDim and back). Strategies
 * only add to it (a variational encoder has two heads). Undefined when the settings are
 * malformed, which building refuses without allocating anything.
 */
function fewestWeights(builder: JsonObject): { encoder: number; decoder: number } | undefined {
  // A wrapped model's layers are whatever its saved topology says, not dense chains.
  if (builder.wrapped !== undefined) return undefined;
  const { inputDim, latentDim } = builder;
  // Read as fromConfig reads them: a builder field added there must be added here too.
  const hidden = widthList(builder.hiddenLayers ?? []);
  const decoder =
    builder.decoderLayers === undefined || builder.decoderLayers === null
      ? hidden && [...hidden].reverse()
      : widthList(builder.decoderLayers);
  if (!isWidth(inputDim) || !isWidth(latentDim) || !hidden || !decoder) return undefined;
  return {
    encoder: denseWeights([inputDim, ...hidden, latentDim]),
    decoder: denseWeights([latentDim, ...decoder, inputDim]),
  };
}

/**
 * Refuses a manifest whose builder settings describe a model larger than the weights that came
 * with it, before that model is built: an edited `inputDim: 12000, hiddenLayers: [12000]` over
 * tiny weights would otherwise allocate 1.2 GB (and take seconds) only to be refused afterwards.
 * Every weight takes 4 bytes (float32 or int32, the only dtypes read), and the weight bytes have
 * been checked against their files already, so a load never builds more than its files hold.
 * A wrapped (`fromModels`) model's saved topologies are sized layer by layer instead.
 *
 * @param saved - the checked artifacts of a saved model.
 * @param label - the manifest's file or address, for the message.
 * @throws {@link ModelFileError} naming the part, both counts and what to do.
 */
export function checkModelSize(saved: AutoencoderArtifacts, label: string): void {
  if (saved.manifest.builder.wrapped !== undefined) {
    for (const part of ['encoder', 'decoder'] as const) {
      checkTopologySize(saved[part].modelTopology, saved[part].weightSpecs, `${label} (${part})`);
    }
    return;
  }
  const fewest = fewestWeights(saved.manifest.builder);
  if (fewest === undefined) return;
  for (const part of ['encoder', 'decoder'] as const) {
    const held = saved[part].weightData.byteLength / 4;
    if (fewest[part] > held) {
      const { inputDim, hiddenLayers, latentDim } = saved.manifest.builder;
      throw new ModelFileError(
        `${label}: its builder settings (inputDim ${JSON.stringify(inputDim)}, hiddenLayers ${JSON.stringify(hiddenLayers ?? [])}, latentDim ${JSON.stringify(latentDim)}) describe ${part === 'encoder' ? 'an' : 'a'} ${part} of at least ${fewest[part]} weights, but its ${part} weights hold ${held}; the manifest was edited or belongs to another model. Nothing was built.`,
      );
    }
  }
}

import type { JsonObject, JsonValue } from './json.js';
import { type Dims, type LayerSize, last, nested, num, type SizeOf } from './layer-dims.js';

// The recurrent layers and wrappers of tfjs-layers 4 (recurrent.js, wrappers.js): each cell's
// kernel [input, gates × units], recurrent kernel [units, gates × units] and bias [gates × units],
// and the shapes the layers hand on, as their build() and computeOutputShape() have them.

/** Gates per cell class: the multiple of `units` in its kernels. */
const GATES: Readonly<Record<string, number>> = {
  SimpleRNN: 1,
  SimpleRNNCell: 1,
  GRU: 3,
  GRUCell: 3,
  LSTM: 4,
  LSTMCell: 4,
};

/** States each cell class carries (an LSTM's h and c). */
const STATES: Readonly<Record<string, number>> = { LSTM: 2, LSTMCell: 2 };

interface Cell {
  weights: number;
  units: number;
  states: number;
}

/** One cell (or the cell of a SimpleRNN, GRU or LSTM layer) over inputs of `inputDim` features. */
function cellWeights(className: string, config: JsonObject, inputDim: number): Cell | undefined {
  const gates = GATES[className];
  if (gates === undefined) return undefined;
  const units = num(config.units) ?? 1;
  const bias = config.use_bias === false ? 0 : gates * units;
  return {
    weights: inputDim * gates * units + units * gates * units + bias,
    units,
    states: STATES[className] ?? 1,
  };
}

/** The cells of an RNN's `cell` config: one `{ class_name, config }`, a list, or StackedRNNCells. */
function cellsOf(value: JsonValue | undefined): [string, JsonObject][] | undefined {
  const list = Array.isArray(value) ? value : [value];
  const cells: [string, JsonObject][] = [];
  for (const item of list) {
    const cell = nested(item);
    if (!cell) return undefined;
    if (cell[0] === 'StackedRNNCells') {
      const inner = cellsOf(cell[1].cells);
      if (!inner) return undefined;
      cells.push(...inner);
    } else cells.push(cell);
  }
  return cells;
}

/** The output and states of a recurrent layer whose last cell has `units` units. */
function recurrentOutputs(
  config: JsonObject,
  input: Dims | undefined,
  units: number,
  states: number,
) {
  const output: Dims = config.return_sequences === true ? [input?.[0] ?? null, units] : [units];
  if (config.return_state !== true) return { output };
  return { output, outputs: [output, ...Array.from({ length: states }, () => [units])] };
}

/**
 * SimpleRNN, GRU, LSTM and the generic RNN (its cells stacked, each reading the previous one's
 * units), over inputs of [time, features]; a cell class (or StackedRNNCells) used as a
 * layer reads [features].
 * Undefined for an RNN of a cell class not sized here.
 * @internal
 */
export function recurrent(
  className: string,
  config: JsonObject,
  input: Dims | undefined,
): LayerSize | undefined {
  const cells: [string, JsonObject][] | undefined =
    className === 'RNN'
      ? cellsOf(config.cell)
      : className === 'StackedRNNCells'
        ? cellsOf(config.cells)
        : [[className, config]];
  if (!cells || cells.length === 0) return undefined;
  let features = last(input) ?? 1;
  let weights = 0;
  let states = 0;
  for (const [cellClass, cellConfig] of cells) {
    const cell = cellWeights(cellClass, cellConfig, features);
    if (!cell) return undefined;
    weights += cell.weights;
    states += cell.states;
    features = cell.units;
  }
  if (className.endsWith('Cell') || className === 'StackedRNNCells')
    return { weights, output: [features] };
  return { weights, ...recurrentOutputs(config, input, features, states) };
}

/** TimeDistributed: the wrapped layer applied to each step of [time, ...step]. @internal */
export function timeDistributed(config: JsonObject, input: Dims | undefined, sizeOf: SizeOf) {
  const inner = nested(config.layer);
  if (!inner) return undefined;
  const size = sizeOf(inner[0], inner[1], [input?.slice(1)]);
  if (!size) return undefined;
  const steps = input?.[0] ?? null;
  return { weights: size.weights, output: size.output && [steps, ...size.output] };
}

/** Bidirectional: two copies of the wrapped layer, their outputs merged (`merge_mode`). @internal */
export function bidirectional(
  config: JsonObject,
  input: Dims | undefined,
  sizeOf: SizeOf,
): LayerSize | undefined {
  const inner = nested(config.layer);
  if (!inner) return undefined;
  const size = sizeOf(inner[0], inner[1], [input]);
  if (!size) return undefined;
  const [first, ...states] = size.outputs ?? [size.output];
  const mode = config.merge_mode === undefined ? 'concat' : config.merge_mode;
  const doubled = first && [...first.slice(0, -1), last(first) === null ? null : last(first)! * 2];
  const merged = mode === 'concat' ? [doubled] : mode === null ? [first, first] : [first];
  const outputs = [...merged, ...states, ...states];
  return { weights: 2 * size.weights, output: outputs[0], outputs };
}

/**
 * Training history, one entry per epoch: `loss` (the training objective, averaged over the
 * epoch's samples), `mse` (mean over rows of each row's summed squared error, as PCA's mse),
 * `terms` (each strategy loss term, as added to the loss), and with validation data `valLoss`
 * and `valMse` (deterministic passes). `fit` resolves with the history of that call;
 * `Autoencoder.history` holds every epoch across calls (entries a call did not produce, such as
 * `valLoss` of an epoch trained without validation data, are NaN there).
 *
 * @example
 * ```ts
 * import type { History } from 'autoencoders';
 * const last = (h: History) => h.loss[h.loss.length - 1];
 * ```
 */
export interface History {
  /** The training loss of each epoch (reconstruction loss plus every strategy term). */
  loss: number[];
  /** The training mse of each epoch: mean over rows of each row's summed squared error. */
  mse: number[];
  /** Each strategy loss term of each epoch, by name (e.g. `sparsity`, `kl`), as added to the loss. */
  terms: Record<string, number[]>;
  /** The validation loss of each epoch (deterministic pass), with `validationData`. */
  valLoss?: number[];
  /** The validation mse of each epoch, with `validationData`. */
  valMse?: number[];
}

/** An empty history; with `validation` its `valLoss` and `valMse` series too. @internal */
export function emptyHistory(validation = false): History {
  return validation
    ? { loss: [], mse: [], terms: {}, valLoss: [], valMse: [] }
    : { loss: [], mse: [], terms: {} };
}

/** The history of one epoch, from what that epoch's callbacks receive. @internal */
export function epochHistory(logs: {
  readonly loss: number;
  readonly mse: number;
  readonly terms: Readonly<Record<string, number>>;
  readonly valLoss?: number;
  readonly valMse?: number;
}): History {
  const h: History = {
    loss: [logs.loss],
    mse: [logs.mse],
    terms: Object.fromEntries(Object.entries(logs.terms).map(([k, v]) => [k, [v]])),
  };
  if (logs.valLoss !== undefined) h.valLoss = [logs.valLoss];
  if (logs.valMse !== undefined) h.valMse = [logs.valMse];
  return h;
}

/** A deep copy. @internal */
export function copyHistory(h: History): History {
  const out: History = {
    loss: [...h.loss],
    mse: [...h.mse],
    terms: Object.fromEntries(Object.entries(h.terms).map(([k, v]) => [k, [...v]])),
  };
  if (h.valLoss) out.valLoss = [...h.valLoss];
  if (h.valMse) out.valMse = [...h.valMse];
  return out;
}

/** Appends `part` to `whole`, padding series that one of them lacks with NaN. @internal */
export function appendHistory(whole: History, part: History): void {
  const before = whole.loss.length;
  const added = part.loss.length;
  const pad = (n: number) => new Array<number>(n).fill(Number.NaN);
  whole.loss.push(...part.loss);
  whole.mse.push(...part.mse);
  const names = new Set([...Object.keys(whole.terms), ...Object.keys(part.terms)]);
  for (const k of names) {
    whole.terms[k] ??= pad(before);
    whole.terms[k].push(...(part.terms[k] ?? pad(added)));
  }
  for (const key of ['valLoss', 'valMse'] as const) {
    const series = part[key];
    if (series || whole[key]) {
      whole[key] ??= pad(before);
      whole[key].push(...(series ?? pad(added)));
    }
  }
}

import * as tf from '@tensorflow/tfjs-core';
import { ConfigurationError } from '../../errors/configuration-error.js';
import { DisposedError } from '../../errors/disposed-error.js';

/**
 * A copy of the model's weights, taken by {@link TrainingController.snapshotWeights}. The
 * training loop owns it: `fit` frees every snapshot of its call when it settles (resolved or
 * rejected), so a callback never has to, but may free one earlier with `dispose()`.
 *
 * @example
 * ```ts
 * import type { Callback, WeightsSnapshot } from 'autoencoders';
 * let first: WeightsSnapshot | undefined;
 * const keepFirst: Callback = {
 *   onEpochEnd: (epoch, _logs, training) => {
 *     if (epoch === 0) first = training.snapshotWeights();
 *   },
 *   onTrainEnd: (_history, training) => {
 *     if (first) training.restoreWeights(first);
 *   },
 * };
 * ```
 */
export interface WeightsSnapshot {
  /** True once freed: by `dispose()` or because its `fit` call settled. */
  readonly disposed: boolean;
  /** Frees the copy now rather than when `fit` settles. */
  dispose(): void;
}

class Snapshot implements WeightsSnapshot {
  constructor(
    public tensors: tf.Tensor[] | undefined,
    private readonly forget: (snapshot: Snapshot) => void,
  ) {}

  get disposed(): boolean {
    return this.tensors === undefined;
  }

  dispose(): void {
    tf.dispose(this.tensors);
    this.tensors = undefined;
    this.forget(this);
  }
}

/**
 * The snapshots of one `fit` call, taken of and restored into the host's variables; disposing
 * the store frees those still held. @internal
 */
export class WeightSnapshots {
  private readonly held = new Set<Snapshot>();

  constructor(private readonly variables: readonly tf.Variable[]) {}

  take(): WeightsSnapshot {
    // A clone shares the variable's data until the next update replaces it: no copy is made.
    const snapshot = new Snapshot(
      this.variables.map((v) => tf.clone(v)),
      (s) => this.held.delete(s),
    );
    this.held.add(snapshot);
    return snapshot;
  }

  /**
   * @throws {@link DisposedError} for a freed snapshot; {@link ConfigurationError} for one not
   * taken by this call's `snapshotWeights`.
   */
  restore(snapshot: WeightsSnapshot): void {
    if (!(snapshot instanceof Snapshot))
      throw new ConfigurationError(
        'restoreWeights: pass a snapshot that training.snapshotWeights() returned.',
      );
    const tensors = snapshot.tensors;
    if (tensors === undefined)
      throw new DisposedError(
        'restoreWeights: the snapshot was freed (by dispose() or because its fit call ended); take it in the same fit call and keep it.',
      );
    if (!this.held.has(snapshot))
      throw new ConfigurationError(
        "restoreWeights: the snapshot belongs to another model's fit call; restore it through that call's controller.",
      );
    tensors.forEach((t, i) => {
      this.variables[i].assign(t);
    });
  }

  dispose(): void {
    for (const snapshot of [...this.held]) snapshot.dispose();
  }
}

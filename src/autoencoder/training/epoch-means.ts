import type { EpochLogs } from './callback.js';
import type { CheckedStep } from './divergence-guard.js';

/** Sums one epoch's checked steps, weighted by their rows, into per-sample means. @internal */
export class EpochMeans {
  private loss = 0;
  private mse = 0;
  private readonly terms: Record<string, number> = {};
  private rows = 0;

  add(steps: readonly CheckedStep[]): void {
    for (const { values, names, size } of steps) {
      this.loss += values[0] * size;
      this.mse += values[1] * size;
      names.forEach((k, i) => {
        this.terms[k] = (this.terms[k] ?? 0) + values[2 + i] * size;
      });
      this.rows += size;
    }
  }

  /** The means, with the validation figures when there are some. */
  logs(validation: { loss: number; mse: number } | undefined): EpochLogs {
    const n = this.rows;
    const terms = Object.fromEntries(Object.entries(this.terms).map(([k, v]) => [k, v / n]));
    const logs = { loss: this.loss / n, mse: this.mse / n, terms };
    return validation ? { ...logs, valLoss: validation.loss, valMse: validation.mse } : logs;
  }
}

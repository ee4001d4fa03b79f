import { MultiBar, Presets } from 'cli-progress';

/** A progress bar that shows the latest loss, and prints log lines above itself. */
export interface Progress {
  /** Moves the bar to `done` of its total and shows `loss`. */
  update(done: number, loss: number): void;
  /** Prints a line without breaking the bar. */
  log(line: string): void;
  /** Removes the bar. */
  stop(): void;
}

/**
 * A cli-progress bar for long training runs. Without a terminal (CI, a pipe, a test) or when
 * `enabled` is false it draws nothing and `log` is a plain `console.log`, so captured output
 * stays clean.
 *
 * @param label - Shown before the bar.
 * @param total - Units of work (e.g. batches) the bar counts to.
 * @param enabled - False to never draw (the examples pass `!tiny`).
 */
export function progressBar(label: string, total: number, enabled: boolean): Progress {
  if (!enabled || process.stdout.isTTY !== true) {
    return { update: () => {}, log: (line) => console.log(line), stop: () => {} };
  }
  const bars = new MultiBar(
    {
      format: `${label} [{bar}] {percentage}% | ETA {eta_formatted} | loss {loss}`,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
    },
    Presets.shades_classic,
  );
  const bar = bars.create(total, 0, { loss: '-' });
  return {
    update: (done, loss) => bar.update(done, { loss: loss.toPrecision(6) }),
    log: (line) => bars.log(`${line}\n`),
    stop: () => bars.stop(),
  };
}

/** The TensorFlow.js backends the examples know how to load in Node. */
export type BackendName = 'wasm' | 'cpu';

/** What every example's `run` accepts; the command-line flags map onto it one to one. */
export interface ExampleOptions {
  /** @defaultValue `'wasm'`, falling back to `'cpu'` with a printed note */
  backend?: BackendName;
  /** The notebook's own settings (hours on 2 cores). @defaultValue `false` */
  full?: boolean;
  /** A few seconds per example, for CI: figures are written, models barely trained. @defaultValue `false` */
  tiny?: boolean;
  /**
   * Between tiny and quick: a few seconds per example on wasm, trained far enough for the
   * examples test to check their claims (the linear autoencoder finds PCA, the sparse code sits
   * near its target). @defaultValue `false`
   */
  small?: boolean;
  /**
   * Example 09 only: the recipe's long run (60 epochs, digits shifted by one pixel as
   * augmentation); `--full` means the same there. @defaultValue `false`
   */
  long?: boolean;
  /** A MAT v5 file holding the notebook's 2-D data set as variable `X` (ex7data1.mat). */
  mat?: string;
  /** Where figures go. @defaultValue `'examples/out'` */
  out?: string;
}

/** What an example reports back to the tour, which collects it into the results table. */
export interface ExampleResult {
  /** Reconstruction mse on the held-out digits, by model. */
  heldOut?: Record<string, number>;
  /** Other headline figures, printed by the tour and kept in results.json. */
  figures?: Record<string, number>;
}

/**
 * Picks the setting for the size of run asked for: `tiny` (CI), `small` (CI's claims), `full` (the
 * notebook's) or the default quick one.
 */
export function bySize<T>(
  options: ExampleOptions,
  choices: { tiny: T; small: T; quick: T; full: T },
): T {
  if (options.tiny === true) return choices.tiny;
  if (options.small === true) return choices.small;
  return options.full === true ? choices.full : choices.quick;
}

/** The output folder for figures. */
export function outDir(options: ExampleOptions): string {
  return options.out ?? 'examples/out';
}

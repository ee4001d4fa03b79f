/**
 * Formats numbers as numpy prints a vector, e.g. `[3.989265 5.002806]`.
 *
 * @param values - The numbers.
 * @param digits - Digits after the point. @defaultValue 6
 */
export function vector(values: ArrayLike<number>, digits = 6): string {
  return `[${Array.from(values, (v) => v.toFixed(digits)).join(' ')}]`;
}

/**
 * Formats a duration in seconds for the printouts: `850 ms`, `12.3 s`, `4 min 05 s`.
 *
 * @param seconds - The duration.
 */
export function duration(seconds: number): string {
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${String(Math.round(seconds - minutes * 60)).padStart(2, '0')} s`;
}

/** Starts a wall-clock timer; the function returned gives the seconds elapsed since. */
export function stopwatch(): () => number {
  const start = performance.now();
  return () => (performance.now() - start) / 1000;
}

import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseCommandLine } from './args.js';
import type { ExampleOptions, ExampleResult } from './options.js';

/**
 * Runs an example when its file is the script Node was started with (`npx tsx examples/01-….ts`),
 * and does nothing when the tour, run-one or a test imports it.
 *
 * @param moduleUrl - The example's `import.meta.url`.
 * @param run - The example's `run`.
 */
export function runIfMain(
  moduleUrl: string,
  run: (options: ExampleOptions) => Promise<ExampleResult>,
): void {
  const script = process.argv[1];
  if (script === undefined || realpathSync(script) !== realpathSync(fileURLToPath(moduleUrl))) {
    return;
  }
  run(parseCommandLine(process.argv.slice(2)).options).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}

import { parseArgs } from 'node:util';
import type { BackendName, ExampleOptions } from './options.js';

/** Parsed command line: the example options plus any positional arguments (example numbers). */
export interface ParsedArgs {
  readonly options: ExampleOptions;
  readonly positionals: string[];
}

const usage =
  'flags: --backend wasm|cpu (default wasm), --full (notebook settings, hours), ' +
  "--tiny (seconds, for CI), --long (example 09: the recipe's long run), --small (trained enough to check the claims), --mat <ex7data1.mat>, --out <dir> (default examples/out)";

/**
 * Parses the flags the examples share.
 *
 * @param argv - Arguments after the script name, e.g. `process.argv.slice(2)`.
 * @throws Error naming the flag for an unknown flag, a bad backend or two of `--full`, `--small`
 *   and `--tiny`.
 */
export function parseExampleArgs(argv: string[]): ParsedArgs {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      backend: { type: 'string' },
      full: { type: 'boolean' },
      tiny: { type: 'boolean' },
      small: { type: 'boolean' },
      long: { type: 'boolean' },
      mat: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true) {
    console.log(usage);
    process.exit(0);
  }
  const options: ExampleOptions = {};
  if (values.backend !== undefined) {
    if (values.backend !== 'wasm' && values.backend !== 'cpu') {
      throw new Error(`--backend ${values.backend}: use wasm or cpu`);
    }
    options.backend = values.backend satisfies BackendName;
  }
  const sizes = (['full', 'small', 'tiny'] as const).filter((size) => values[size] === true);
  if (sizes.length > 1) throw new Error(`--${sizes.join(' and --')} exclude each other`);
  if (values.full === true) options.full = true;
  if (values.small === true) options.small = true;
  if (values.tiny === true) options.tiny = true;
  if (values.long === true) options.long = true;
  if (values.mat !== undefined) options.mat = values.mat;
  if (values.out !== undefined) options.out = values.out;
  return { options, positionals };
}

/**
 * {@link parseExampleArgs} for a command line: on a bad flag, prints the problem and the usage
 * and exits with status 2 instead of throwing a stack trace at the user.
 *
 * @param argv - Arguments after the script name.
 */
export function parseCommandLine(argv: string[]): ParsedArgs {
  try {
    return parseExampleArgs(argv);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    console.error(usage);
    process.exit(2);
  }
}

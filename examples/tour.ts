/**
 * Runs every example in the notebook's order and collects their results:
 * `npm run examples [-- --backend cpu | --full | --tiny | --mat path | --out dir]`.
 * Writes results.json and results.md (the held-out reconstruction table) to the out folder.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCommandLine } from './lib/args.js';
import { catalog } from './lib/catalog.js';
import { duration, stopwatch } from './lib/format.js';
import { outDir } from './lib/options.js';

const { options } = parseCommandLine(process.argv.slice(2));
const command = `npm run examples${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
const total = stopwatch();
const seconds: Record<string, number> = {};
const heldOut: Record<string, number> = {};
/** Which recipe each model of the table follows: the notebook's, or example 09's. */
const recipeOf: Record<string, string> = {};
const figures: Record<string, number> = {};
for (const entry of catalog) {
  console.log(`\n== ${entry.id} ${entry.title}`);
  const elapsed = stopwatch();
  const { run } = await entry.load();
  const result = await run(options);
  seconds[entry.id] = elapsed();
  Object.assign(heldOut, result.heldOut);
  for (const model of Object.keys(result.heldOut ?? {}))
    recipeOf[model] = entry.id === '09' ? 'beyond the notebook (09)' : 'notebook';
  Object.assign(figures, result.figures);
  console.log(`== ${entry.id} done in ${duration(seconds[entry.id])}`);
}
const totalSeconds = total();

const rows = Object.entries(heldOut).map(
  ([model, mse]) => `| ${recipeOf[model]} | ${model} | ${mse.toFixed(4)} |`,
);
const markdown = [
  `Reconstruction mse (mean over digits of the summed squared pixel error) on the same held-out digits, from \`${command}\`:`,
  '',
  '| recipe | model | held-out mse |',
  '| --- | --- | --- |',
  ...rows,
  '',
  `Time per example: ${catalog.map((e) => `${e.id} ${duration(seconds[e.id])}`).join(', ')}; whole tour ${duration(totalSeconds)}.`,
  '',
].join('\n');
console.log(`\n${markdown}`);
for (const [name, value] of Object.entries(figures))
  console.log(`${name}: ${value.toPrecision(6)}`);

const out = outDir(options);
mkdirSync(out, { recursive: true });
writeFileSync(
  join(out, 'results.json'),
  `${JSON.stringify({ command, options, seconds, totalSeconds, heldOut, figures }, null, 2)}\n`,
);
writeFileSync(join(out, 'results.md'), markdown);

/**
 * Runs one example by its number prefix: `npm run example -- 05 [--tiny] [--backend cpu] ...`.
 */
import { parseCommandLine } from './lib/args.js';
import { catalog } from './lib/catalog.js';

const { options, positionals } = parseCommandLine(process.argv.slice(2));
const wanted = positionals[0]?.padStart(2, '0');
const entry = catalog.find((e) => e.id === wanted);
if (entry === undefined) {
  console.error(`usage: npm run example -- NN [flags], where NN is one of:`);
  for (const e of catalog) console.error(`  ${e.id}  ${e.title}`);
  process.exit(2);
}
console.log(`== ${entry.id} ${entry.title}`);
const { run } = await entry.load();
await run(options);

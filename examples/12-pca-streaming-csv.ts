/**
 * PCA of a CSV file too large to hold: the file is read once, in chunks of rows, with the
 * streaming parser `csv-parse`, and `PCA.fitStream` keeps only the d×d statistics and one chunk.
 * The example first writes the file (readings of 8 correlated sensors), then fits it streaming
 * and, to show the two agree, in memory. It imports only `autoencoders/pca`.
 *
 * npx tsx examples/12-pca-streaming-csv.ts [--tiny | --full] [--out dir]
 */
import { createReadStream, createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { PCA } from 'autoencoders/pca';
import { parse } from 'csv-parse';
import { duration, stopwatch, vector } from './lib/format.js';
import { bySize, type ExampleOptions, type ExampleResult, outDir } from './lib/options.js';
import { gaussian } from './lib/random.js';
import { runIfMain } from './lib/run-main.js';

const SENSORS = 8;
const CHUNK_ROWS = 5_000;

/** Writes `rows` readings: 3 hidden factors seen by 8 sensors, each with its offset and noise. */
async function writeReadings(path: string, rows: number): Promise<void> {
  const draw = gaussian(9);
  const loadings = Array.from({ length: SENSORS }, () => [draw(), draw(), draw()]);
  const out = createWriteStream(path);
  out.write(`${Array.from({ length: SENSORS }, (_, j) => `sensor${j + 1}`).join(',')}\n`);
  for (let i = 0; i < rows; i++) {
    const factors = [3 * draw(), 2 * draw(), draw()];
    const line = loadings.map((l, j) => {
      const v = 20 + 5 * j + l[0] * factors[0] + l[1] * factors[1] + l[2] * factors[2];
      return (v + 0.1 * draw()).toFixed(4);
    });
    if (!out.write(`${line.join(',')}\n`))
      await new Promise<void>((r) => out.once('drain', () => r()));
  }
  out.end();
  await finished(out);
}

/** The parsed records (arrays of numbers) of a CSV file, grouped into chunks of rows. */
async function* chunks(path: string): AsyncGenerator<number[][]> {
  const records = createReadStream(path).pipe(parse({ from_line: 2, cast: true }));
  let chunk: number[][] = [];
  for await (const record of records as AsyncIterable<number[]>) {
    chunk.push(record);
    if (chunk.length === CHUNK_ROWS) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

/**
 * Runs this example and returns its headline figures for the tour.
 *
 * @param options - The command-line flags as an object; see {@link ExampleOptions}.
 */
export async function run(options: ExampleOptions = {}): Promise<ExampleResult> {
  const out = outDir(options);
  mkdirSync(out, { recursive: true });
  const rows = bySize(options, { tiny: 20_000, small: 50_000, quick: 200_000, full: 2_000_000 });
  const file = join(out, '12-sensors.csv');
  await writeReadings(file, rows);
  console.log(`wrote ${rows.toLocaleString('en')} rows of ${SENSORS} sensors to ${file}`);

  const elapsed = stopwatch();
  let reported = 0;
  const pca = await new PCA({ nComponents: 3 }).fitStream(chunks(file), {
    onProgress: (seen) => {
      if (seen - reported >= rows / 4) {
        console.log(`  ${seen.toLocaleString('en')} rows read`);
        reported = seen;
      }
    },
  });
  const seconds = elapsed();
  console.log(`fitStream: ${pca.nSamples.toLocaleString('en')} rows in ${duration(seconds)}`);
  console.log(`explained variance ratio of 3 components: ${vector(pca.explainedVarianceRatio, 4)}`);

  // The same file in memory, for comparison (what the stream avoids holding).
  const all: number[][] = [];
  for await (const chunk of chunks(file)) all.push(...chunk);
  const inMemory = new PCA({ nComponents: 3 }).fit(all);
  let worst = 0;
  pca.explainedVariance.forEach((v, i) => {
    worst = Math.max(worst, Math.abs(v / inMemory.explainedVariance[i] - 1));
  });
  console.log(
    `largest relative difference to the in-memory fit's variances: ${worst.toExponential(1)}`,
  );
  return {
    figures: {
      'streaming CSV: rows per second': pca.nSamples / seconds,
      'streaming CSV: relative difference to fit': worst,
    },
  };
}

runIfMain(import.meta.url, run);

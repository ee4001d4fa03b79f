import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/**
 * Renders a Vega-Lite spec to an SVG file. The `'none'` renderer draws the SVG as a string, so
 * this runs in Node with no canvas or browser.
 *
 * @param path - The SVG file to write; its folder is created.
 * @param spec - Any Vega-Lite spec with inline data.
 */
export async function writeChart(path: string, spec: TopLevelSpec): Promise<void> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, svg);
  } finally {
    view.finalize();
  }
}

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

/** Every module file that `entry` loads, following relative static imports through the build. */
function moduleGraph(entry: string): Map<string, string> {
  const seen = new Map<string, string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    const text = readFileSync(file, 'utf8');
    seen.set(file, text);
    for (const match of text.matchAll(/(?:from\s*|require\(\s*|import\(\s*)['"](\.[^'"]+)['"]/g)) {
      pending.push(join(dirname(file), match[1]));
    }
  }
  return seen;
}

describe('the autoencoders/pca build', () => {
  beforeAll(() => {
    if (!existsSync(join(root, 'dist/pca/index.js'))) {
      execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
    }
  }, 120_000);

  for (const entry of ['dist/pca/index.js', 'dist/pca/index.cjs']) {
    it(`${entry} and every module it imports reference no @tensorflow package`, () => {
      const graph = moduleGraph(join(root, entry));
      expect(graph.size).toBeGreaterThan(0);
      for (const [file, text] of graph) {
        expect(text.includes('@tensorflow'), `${file} mentions @tensorflow`).toBe(false);
      }
    });
  }
});

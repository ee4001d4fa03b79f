import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The repository root. */
export const root = resolve(import.meta.dirname, '../..');

function newest(folder: string): number {
  let latest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (entry.isFile())
      latest = Math.max(latest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return latest;
}

function fresh(): boolean {
  const built = join(root, 'dist/browser/index.js');
  return existsSync(built) && statSync(built).mtimeMs >= newest(join(root, 'src'));
}

/**
 * Builds the package (`npm run build`) unless dist/ is newer than src/. Test files run in
 * parallel processes, so a lock folder makes them build once, one at a time.
 */
export function ensureBuilt(): void {
  if (fresh()) return;
  const lock = join(
    tmpdir(),
    `autoencoders-build-lock-${Buffer.from(root).toString('hex').slice(-32)}`,
  );
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline)
        throw new Error(`waited 5 minutes for ${lock}; remove it if no build is running`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
  try {
    if (!fresh()) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
  } finally {
    rmdirSync(lock);
  }
}

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** The repository root. */
export const root = resolve(import.meta.dirname, '../..');

/** The files a clone of the working tree holds: tracked and untracked-but-not-ignored ones. */
function cloneFiles(): string[] {
  const listed = execFileSync(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    {
      cwd: root,
      encoding: 'utf8',
    },
  );
  // A tracked file deleted in the working tree is listed but gone: a clone made now lacks it.
  return [...new Set(listed.split('\0'))]
    .filter((f) => f !== '' && existsSync(join(root, f)))
    .sort();
}

function contentKey(files: string[]): string {
  const hash = createHash('sha256');
  for (const file of files) {
    const path = join(root, file);
    hash.update(`${file}\0`);
    hash.update(lstatSync(path).isSymbolicLink() ? readlinkSync(path) : readFileSync(path));
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

function copyClone(files: string[], clone: string): void {
  for (const file of files) {
    const from = join(root, file);
    const to = join(clone, file);
    mkdirSync(dirname(to), { recursive: true });
    if (lstatSync(from).isSymbolicLink()) symlinkSync(readlinkSync(from), to);
    else copyFileSync(from, to);
  }
  // The installed dependencies, shared rather than installed again (offline, and seconds).
  symlinkSync(join(root, 'node_modules'), join(clone, 'node_modules'), 'dir');
}

/** Packs a fresh copy as `npm publish` would: no dist/, nothing built first, `prepack` builds. */
function pack(files: string[], destination: string): void {
  const clone = mkdtempSync(join(tmpdir(), 'autoencoders-clone-'));
  try {
    copyClone(files, clone);
    if (existsSync(join(clone, 'dist'))) throw new Error('the fresh copy already has a dist/');
    execFileSync('npm', ['pack', '--pack-destination', destination], {
      cwd: clone,
      stdio: ['ignore', 'pipe', 'pipe'],
      // An ignore-scripts setting from the caller (test:package sets one for attw) would skip
      // the very prepack build under test.
      env: { ...process.env, npm_config_ignore_scripts: 'false' },
    });
  } finally {
    rmSync(clone, { recursive: true, force: true });
  }
}

function tarballIn(folder: string): string | undefined {
  const name = existsSync(folder) ? readdirSync(folder).find((f) => f.endsWith('.tgz')) : undefined;
  return name && join(folder, name);
}

/** Removes packs of earlier test runs (over an hour old). */
function removeOldPacks(keep: string): void {
  for (const name of readdirSync(tmpdir())) {
    const path = join(tmpdir(), name);
    if (!name.startsWith('autoencoders-pack-') || path === keep) continue;
    if (Date.now() - statSync(path).mtimeMs > 3_600_000)
      rmSync(path, { recursive: true, force: true });
  }
}

/**
 * The tarball `npm publish` would upload from a fresh clone of the working tree as it is now
 * (committed or not): the files git would clone are copied to a temporary folder with no dist/,
 * the repository's node_modules is linked in, and `npm pack` runs there, so the package's own
 * `prepack` script must build it. The tarball is made once per test run (the vitest process,
 * which the test files' worker processes share) and per content of those files, so test files
 * share it, and none ever sees a dist/ of an earlier build or of other sources.
 *
 * @returns the path of the .tgz file.
 */
export function freshTarball(): string {
  const files = cloneFiles();
  const folder = join(tmpdir(), `autoencoders-pack-${process.ppid}-${contentKey(files)}`);
  const lock = `${folder}.lock`;
  const deadline = Date.now() + 300_000;
  for (;;) {
    const done = tarballIn(folder);
    if (done) return done;
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline)
        throw new Error(`waited 5 minutes for ${lock}; remove it if no pack is running`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
  try {
    const done = tarballIn(folder);
    if (done) return done;
    removeOldPacks(folder);
    const partial = mkdtempSync(`${folder}.partial-`);
    try {
      pack(files, partial);
      if (!tarballIn(partial)) throw new Error('npm pack produced no tarball');
      // Renamed into place whole, so a reader never sees a half-written tarball.
      renameSync(partial, folder);
    } finally {
      rmSync(partial, { recursive: true, force: true });
    }
    return tarballIn(folder)!;
  } finally {
    rmdirSync(lock);
  }
}

import * as fsp from 'node:fs/promises';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Autoencoder, ModelFileError } from 'autoencoders';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  data,
  makeTemp,
  rejection,
  removeTemp,
  trainedModel,
  trainedVae,
  useCpu,
  values,
} from './helpers.js';

// Lets a test make one file-system call fail, as a full disk or a crash would.
const fault = vi.hoisted(() => ({
  open: undefined as ((path: string) => boolean) | undefined,
  rename: undefined as ((from: string, to: string) => boolean) | undefined,
}));
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...actual,
    open: (path: string, ...rest: unknown[]) => {
      if (fault.open?.(String(path)))
        return Promise.reject(
          Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' }),
        );
      return (actual.open as (...a: unknown[]) => Promise<unknown>)(path, ...rest);
    },
    rename: (from: string, to: string) => {
      if (fault.rename?.(String(from), String(to)))
        return Promise.reject(Object.assign(new Error('EIO: i/o error'), { code: 'EIO' }));
      return actual.rename(from, to);
    },
  };
});

let dir: string | undefined;
beforeAll(useCpu);
afterEach(async () => {
  fault.open = undefined;
  fault.rename = undefined;
  await removeTemp(dir);
  dir = undefined;
});

async function snapshot(folder: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(folder, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) {
      const path = join(entry.parentPath, entry.name);
      out[path.slice(folder.length)] = (await readFile(path)).toString('base64');
    }
  }
  return out;
}

describe('saving to a folder is atomic', () => {
  it('a write failing midway leaves the earlier good save untouched and no temporary folder', async () => {
    expect(typeof fsp.open).toBe('function');
    dir = await makeTemp('atomic');
    const good = await trainedModel();
    const target = join(dir, 'model');
    await good.save(target);
    const before = await snapshot(target);
    const other = await trainedVae();
    let writes = 0;
    fault.open = (path) => path.includes('.saving-') && ++writes === 3; // after encoder/ is written
    const error = await rejection(other.save(target));
    expect(ModelFileError.is(error)).toBe(true);
    expect((error as Error).message).toContain(target);
    expect((error as Error).message).toMatch(/ENOSPC/);
    expect(writes).toBe(3);
    expect(await snapshot(target)).toEqual(before);
    expect(await readdir(dir)).toEqual(['model']);
    const loaded = await Autoencoder.load(target);
    expect(values(loaded.reconstruct(data()))).toEqual(values(good.reconstruct(data())));
    loaded.dispose();
    good.dispose();
    other.dispose();
  });

  it('a failure while swapping the new save in puts the earlier one back', async () => {
    dir = await makeTemp('atomic');
    const good = await trainedModel();
    const target = join(dir, 'model');
    await good.save(target);
    const before = await snapshot(target);
    const other = await trainedVae();
    fault.rename = (from, to) => from.includes('.saving-') && to === target;
    const error = await rejection(other.save(target));
    expect(ModelFileError.is(error)).toBe(true);
    expect(await snapshot(target)).toEqual(before);
    expect(await readdir(dir)).toEqual(['model']);
    good.dispose();
    other.dispose();
  });

  it('a failed first save leaves nothing behind', async () => {
    dir = await makeTemp('atomic');
    const ae = await trainedModel();
    fault.open = (path) => path.endsWith('autoencoder.json');
    await expect(ae.save(join(dir, 'fresh'))).rejects.toSatisfy(ModelFileError.is);
    expect(await readdir(dir)).toEqual([]);
    ae.dispose();
  });
});

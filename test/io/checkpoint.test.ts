import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Autoencoder, ConfigurationError, ModelFileError } from 'autoencoders';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { data, makeTemp, rejection, removeTemp, useCpu } from './helpers.js';

let dir: string | undefined;
beforeAll(useCpu);
afterEach(async () => {
  await removeTemp(dir);
  dir = undefined;
});

function small(): Autoencoder {
  return Autoencoder.builder().inputDim(6).hiddenLayers([4]).latentDim(2).seed(3).build();
}

describe('fit({ checkpoint })', () => {
  it('saves every N epochs under epoch-NNNN, numbering over the whole history', async () => {
    dir = await makeTemp('ckpt');
    const ae = small();
    await ae.fit(data(), {
      epochs: 5,
      batchSize: 4,
      checkpoint: { destination: dir, everyEpochs: 2 },
    });
    expect((await readdir(dir)).sort()).toEqual(['epoch-0002', 'epoch-0004']);
    await ae.fit(data(), {
      epochs: 2,
      batchSize: 4,
      checkpoint: { destination: dir, everyEpochs: 2 },
    });
    expect((await readdir(dir)).sort()).toEqual(['epoch-0002', 'epoch-0004', 'epoch-0006']);
    const restored = await Autoencoder.load(join(dir, 'epoch-0004'));
    expect(restored.history.loss).toEqual(ae.history.loss.slice(0, 4));
    restored.dispose();
    ae.dispose();
  });

  it('keeps the best by validation loss, prunes only its own older checkpoints and never other files', async () => {
    dir = await makeTemp('ckpt');
    await writeFile(join(dir, 'README.txt'), 'mine');
    await mkdir(join(dir, 'epoch-0099'));
    await writeFile(join(dir, 'epoch-0099', 'notes.txt'), 'not a checkpoint');
    const ae = small();
    const seen: number[] = [];
    await ae.fit(data(), {
      epochs: 6,
      batchSize: 4,
      learningRate: 0.05,
      validationData: data(4, 6, 30),
      onEpochEnd: (_epoch, logs) => {
        seen.push(logs.valLoss!);
      },
      checkpoint: { destination: dir, everyEpochs: 1, keepLast: 2, keepBest: true },
    });
    expect((await readdir(dir)).sort()).toEqual([
      'README.txt',
      'best',
      'epoch-0005',
      'epoch-0006',
      'epoch-0099',
    ]);
    expect(await readdir(join(dir, 'epoch-0099'))).toEqual(['notes.txt']);
    const best = JSON.parse(await readFile(join(dir, 'best', 'autoencoder.json'), 'utf8'));
    const bestEpoch = seen.indexOf(Math.min(...seen)) + 1;
    expect(best.history.loss).toHaveLength(bestEpoch);
    const restored = await Autoencoder.load(join(dir, 'best'));
    expect(restored.evaluate(data(4, 6, 30)).loss).toBeCloseTo(Math.min(...seen), 5);
    restored.dispose();
    ae.dispose();
  });

  it('without validation data, keepBest watches the training loss', async () => {
    dir = await makeTemp('ckpt');
    const ae = small();
    const losses: number[] = [];
    await ae.fit(data(), {
      epochs: 4,
      batchSize: 4,
      onEpochEnd: (_e, logs) => {
        losses.push(logs.loss);
      },
      checkpoint: { destination: dir, everyEpochs: 2, keepBest: true },
    });
    const best = JSON.parse(await readFile(join(dir, 'best', 'autoencoder.json'), 'utf8'));
    const atCheckpoints = [losses[1]!, losses[3]!];
    expect(best.history.loss).toHaveLength(atCheckpoints[1]! < atCheckpoints[0]! ? 4 : 2);
    ae.dispose();
  });

  it('stops with a ModelFileError rather than write over a folder it did not write', async () => {
    dir = await makeTemp('ckpt');
    await mkdir(join(dir, 'epoch-0001'));
    await writeFile(join(dir, 'epoch-0001', 'notes.txt'), 'not a checkpoint');
    const ae = small();
    const error = await rejection(
      ae.fit(data(), { epochs: 2, batchSize: 4, checkpoint: { destination: dir } }),
    );
    expect(ModelFileError.is(error)).toBe(true);
    expect(error.message).toContain(join(dir, 'epoch-0001'));
    expect(await readdir(join(dir, 'epoch-0001'))).toEqual(['notes.txt']);
    ae.dispose();
  });

  it('refuses invalid checkpoint options before training', async () => {
    const ae = small();
    const error = await rejection(
      ae.fit(data(), { epochs: 1, checkpoint: { destination: '', everyEpochs: 0, keepLast: -1 } }),
    );
    expect(ConfigurationError.is(error)).toBe(true);
    expect(error.message).toMatch(/destination/);
    expect(error.message).toMatch(/everyEpochs/);
    expect(error.message).toMatch(/keepLast/);
    expect(ae.history.loss).toHaveLength(0);
    ae.dispose();
  });
});

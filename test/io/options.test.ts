import { Autoencoder, ConfigurationError, type LoadOptions } from 'autoencoders';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { data, makeTemp, rejection, removeTemp, tf, useCpu } from './helpers.js';

let dir: string;
beforeAll(async () => {
  await useCpu();
  dir = await makeTemp('options');
});
afterAll(() => removeTemp(dir));

function small(): Autoencoder {
  return Autoencoder.builder().inputDim(6).latentDim(2).seed(3).build();
}

describe('Autoencoder.load options are checked before anything is read', () => {
  const bad: [string, unknown, RegExp][] = [
    ['null', null, /must be an object.*got null/],
    ['an array', [], /must be an object.*got an array/],
    ['a misspelt key', { fetchFn: fetch }, /'fetchFn' \(did you mean 'fetch'\?\)/],
    ['an unknown key', { credentials: 'include' }, /Unknown option 'credentials'/],
    ['a fetch that is not a function', { fetch: 'curl' }, /fetch.*function/],
    ['a requestInit that is not an object', { requestInit: 'no-cors' }, /requestInit.*object/],
  ];
  for (const [what, options, message] of bad) {
    it(`refuses ${what} with a ConfigurationError naming it`, async () => {
      // A source that does not exist: the options must be refused first.
      const error = await rejection(
        Autoencoder.load(`${dir}/nothing-here`, options as LoadOptions),
      );
      expect(ConfigurationError.is(error), String(error)).toBe(true);
      expect(error.message).toMatch(message);
    });
  }

  it('accepts undefined and an empty object', async () => {
    const ae = small();
    await ae.save(`${dir}/model`);
    for (const options of [undefined, {}]) {
      const loaded = await Autoencoder.load(`${dir}/model`, options);
      loaded.dispose();
    }
    ae.dispose();
  });
});

describe('fit checkpoint options', () => {
  const bad: [string, unknown, RegExp][] = [
    ['null', null, /checkpoint.*must be an object.*got null/],
    [
      'a misspelt key',
      { destination: './never-written', keeplast: 1 },
      /'keeplast' \(did you mean 'keepLast'\?\)/,
    ],
  ];
  for (const [what, checkpoint, message] of bad) {
    it(`refuses ${what} with a ConfigurationError before training`, async () => {
      const ae = small();
      const start = tf.memory().numTensors;
      const error = await rejection(
        ae.fit(data(), { epochs: 1, checkpoint: checkpoint as { destination: string } }),
      );
      expect(ConfigurationError.is(error), String(error)).toBe(true);
      expect(error.message).toMatch(message);
      expect(ae.history.loss).toHaveLength(0);
      expect(tf.memory().numTensors).toBe(start);
      ae.dispose();
    });
  }
});

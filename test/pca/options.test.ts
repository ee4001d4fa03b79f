import { ConfigurationError } from 'autoencoders/pca';
import { describe, expect, it } from 'vitest';
import { readOptions } from '../../src/pca/options.js';

interface Example {
  epochs?: number;
  batchSize?: number;
}
const allowed = ['epochs', 'batchSize'] as const;

describe('readOptions', () => {
  it('treats undefined as all defaults', () => {
    expect(readOptions<Example>(undefined, [...allowed], 'fit options')).toEqual({});
  });

  it.each([null, 5, 'x', [1]])('refuses %j as an options object with ConfigurationError', (bad) => {
    expect(() => readOptions<Example>(bad as never, [...allowed], 'fit options')).toThrow(
      ConfigurationError,
    );
    expect(() => readOptions<Example>(bad as never, [...allowed], 'fit options')).toThrow(
      /fit options must be an object/,
    );
  });

  it('names a misspelt key and suggests the nearest one', () => {
    const call = () =>
      readOptions({ epoch: 5, batchsize: 2 } as never, [...allowed], 'fit options');
    expect(call).toThrow(ConfigurationError);
    expect(call).toThrow(
      /'epoch' \(did you mean 'epochs'\?\), 'batchsize' \(did you mean 'batchSize'\?\)/,
    );
  });

  it('names a key with no near neighbour without a suggestion', () => {
    expect(() => readOptions({ zzzzzzzz: 1 } as never, [...allowed], 'fit options')).toThrow(
      /Unknown option 'zzzzzzzz' in fit options; the options are 'epochs', 'batchSize'/,
    );
  });

  it('passes known keys through untouched', () => {
    const options = { epochs: 3 };
    expect(readOptions<Example>(options, [...allowed], 'fit options')).toBe(options);
  });
});

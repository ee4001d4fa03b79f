// TEMPORARY until src/autoencoder is wired (10:10 UTC): gives Autoencoder save/load from the io module.

import { Checkpointer } from '../../src/autoencoder/io/checkpoint.js';
import { loadModel, saveModel } from '../../src/autoencoder/io/model-io.js';
import { Autoencoder } from '../../src/index.js';

type Loose = Record<string, unknown>;
const proto = Autoencoder.prototype as unknown as Loose;
if (typeof proto.save !== 'function') {
  proto.save = function (this: Autoencoder, destination: Parameters<typeof saveModel>[1]) {
    return saveModel(this, destination);
  };
  (Autoencoder as unknown as Loose).load = (
    source: Parameters<typeof loadModel>[0],
    options = {},
  ) => loadModel(source, options, (config, history) => Autoencoder.fromConfig(config, { history }));
  const fit = proto.fit as (this: Autoencoder, x: unknown, o?: Loose) => Promise<unknown>;
  proto.fit = async function (this: Autoencoder, x: unknown, o: Loose = {}) {
    if (!o.checkpoint) return fit.call(this, x, o);
    const c = Checkpointer.create(this, o.checkpoint as never);
    const user = o.onEpochEnd as ((e: number, l: never) => unknown) | undefined;
    return fit.call(this, x, {
      ...o,
      checkpoint: undefined,
      onEpochEnd: async (e: number, l: never) => {
        await user?.(e, l);
        await c.afterEpoch(l);
      },
    });
  };
}

import { loadModel, saveModel } from '../../src/autoencoder/io/model-io.js';
import { Autoencoder } from '../../src/index.js';

export * from '../../src/index.js';

const p = Autoencoder.prototype as unknown as Record<string, unknown>;
p.save = function (this: Autoencoder, d: Parameters<typeof saveModel>[1]) {
  return saveModel(this, d);
};
(Autoencoder as unknown as Record<string, unknown>).load = (
  s: Parameters<typeof loadModel>[0],
  o = {},
) => loadModel(s, o, (config, history) => Autoencoder.fromConfig(config, { history }));

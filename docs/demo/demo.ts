// The live demo: trains two small autoencoders on MNIST digits in the browser with this library.
// Bundled for the browser by docs/build-demo.mjs; served as static files from docs/site/demo/.
//
// Progress is written into the DOM as well as shown, so the browser test can read it:
//   body[data-state]            loading | training | done | error
//   #backend[data-backend]      the TensorFlow.js backend in use
//   #ae-history > li            one per readout: data-epoch, data-loss, data-mse
//   #vae-history > li           the same for the variational autoencoder
//   #pca-mse[data-mse]          PCA's error with as many components as the code is wide
//   #save-load-status           data-state (saved | loaded | failed) and data-max-diff
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import { Autoencoder, mse, PCA, VariationalStrategy } from '../../src/index.js';

/** Sizes of the demo; `?epochs=N&digits=N&backend=NAME` in the URL overrides them. */
const params = new URLSearchParams(location.search);
const EPOCHS = positive(params.get('epochs'), 60);
const VAE_EPOCHS = positive(params.get('vaeEpochs'), 30);
const DIGITS = positive(params.get('digits'), 1000);
const CODE = 16;
const SHOWN = 10;
const SAVE_URL = 'indexeddb://autoencoders-demo';

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function positive(value: string | null, fallback: number): number {
  const n = Number(value);
  return value !== null && Number.isInteger(n) && n > 0 ? n : fallback;
}

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`demo page is missing #${id}`);
  return found as T;
}

function setState(state: 'loading' | 'training' | 'done' | 'error'): void {
  document.body.dataset.state = state;
}

/** Picks the fastest backend this browser can start: webgl, then wasm, then cpu. */
async function chooseBackend(): Promise<string> {
  setWasmPaths('./');
  const wanted = params.get('backend');
  const order = wanted ? [wanted] : ['webgpu', 'webgl', 'wasm', 'cpu'];
  for (const name of order) {
    if (!tf.findBackendFactory(name)) continue; // not bundled in this page
    try {
      if (await tf.setBackend(name)) {
        await tf.ready();
        return name;
      }
    } catch {
      // try the next one
    }
  }
  throw new Error(`none of the backends ${order.join(', ')} could start in this browser`);
}

interface Digits {
  readonly count: number;
  /** count × 784 pixels in [0, 1], row-major. */
  readonly pixels: Float32Array;
}

async function loadDigits(limit: number): Promise<Digits> {
  const [meta, bytes] = await Promise.all([
    fetch('digits.json').then((r) => {
      if (!r.ok) throw new Error(`digits.json: HTTP ${r.status}`);
      return r.json() as Promise<{ count: number }>;
    }),
    fetch('digits.bin').then((r) => {
      if (!r.ok) throw new Error(`digits.bin: HTTP ${r.status}`);
      return r.arrayBuffer();
    }),
  ]);
  const count = Math.min(limit, meta.count, Math.floor(bytes.byteLength / 784));
  const raw = new Uint8Array(bytes, 0, count * 784);
  const pixels = new Float32Array(raw.length);
  for (let i = 0; i < raw.length; i++) pixels[i] = raw[i]! / 255;
  return { count, pixels };
}

/** Draws 28×28 digits side by side on a canvas; `values` holds them row-major in [0, 1]. */
function drawDigits(canvas: HTMLCanvasElement, values: ArrayLike<number>, count: number): void {
  canvas.width = 28 * count;
  canvas.height = 28;
  canvas.style.width = `${canvas.width * 2}px`;
  canvas.style.height = `${canvas.height * 2}px`;
  const context = canvas.getContext('2d');
  if (!context) return;
  const image = context.createImageData(canvas.width, canvas.height);
  for (let d = 0; d < count; d++) {
    for (let y = 0; y < 28; y++) {
      for (let x = 0; x < 28; x++) {
        const v = Math.max(0, Math.min(1, values[d * 784 + y * 28 + x] ?? 0));
        const o = (y * canvas.width + d * 28 + x) * 4;
        image.data[o] = image.data[o + 1] = image.data[o + 2] = Math.round(v * 255);
        image.data[o + 3] = 255;
      }
    }
  }
  context.putImageData(image, 0, 0);
}

/** Plots the loss readouts as a line, scaled to the canvas. */
function drawChart(canvas: HTMLCanvasElement, series: readonly number[], total: number): void {
  const context = canvas.getContext('2d');
  if (!context || series.length === 0) return;
  const { width, height } = canvas;
  context.clearRect(0, 0, width, height);
  const max = Math.max(...series);
  const min = Math.min(...series, 0);
  const x = (i: number) => 30 + (i / Math.max(1, total - 1)) * (width - 40);
  const y = (v: number) => height - 15 - ((v - min) / (max - min || 1)) * (height - 30);
  context.strokeStyle = '#9ca3af';
  context.beginPath();
  context.moveTo(30, 10);
  context.lineTo(30, height - 15);
  context.lineTo(width - 10, height - 15);
  context.stroke();
  context.fillStyle = '#9ca3af';
  context.font = '11px system-ui, sans-serif';
  context.fillText(max.toFixed(0), 0, 14);
  context.fillText(min.toFixed(0), 0, height - 15);
  context.fillText('epoch', width - 45, height - 2);
  context.strokeStyle = '#2563eb';
  context.lineWidth = 2;
  context.beginPath();
  for (const [i, v] of series.entries()) {
    if (i === 0) context.moveTo(x(i), y(v));
    else context.lineTo(x(i), y(v));
  }
  context.stroke();
}

/** Records one readout in the page: the visible status and a machine-readable list item. */
function report(prefix: 'ae' | 'vae', epoch: number, epochs: number, loss: number, error: number) {
  const status = element<HTMLOutputElement>(`${prefix}-status`);
  status.dataset.state = epoch === epochs ? 'done' : 'training';
  status.dataset.epoch = String(epoch);
  status.dataset.loss = String(loss);
  status.textContent = `epoch ${epoch}/${epochs} · loss ${loss.toFixed(3)} · mse ${error.toFixed(3)}`;
  element<HTMLProgressElement>(`${prefix}-progress`).value = epoch / epochs;
  const item = document.createElement('li');
  item.dataset.epoch = String(epoch);
  item.dataset.loss = String(loss);
  item.dataset.mse = String(error);
  item.textContent = `${epoch}: loss ${loss}, mse ${error}`;
  element(`${prefix}-history`).append(item);
}

/** Trains one epoch at a time so the page can show each epoch's figures. */
async function train(
  prefix: 'ae' | 'vae',
  model: Autoencoder,
  x: tf.Tensor2D,
  epochs: number,
  onReadout: (losses: number[]) => void = () => {},
): Promise<void> {
  const first = model.evaluate(x);
  report(prefix, 0, epochs, first.loss, first.mse);
  const losses = [first.loss];
  onReadout(losses);
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const history = await model.fit(x, { epochs: 1, batchSize: 32, shuffle: true });
    const trained = history.loss.at(-1) ?? Number.NaN;
    const { mse: error } = model.evaluate(x);
    report(prefix, epoch, epochs, trained, error);
    losses.push(trained);
    onReadout(losses);
    await tf.nextFrame();
  }
}

async function showReconstructions(model: Autoencoder, shown: tf.Tensor2D, id: string) {
  const output = model.reconstruct(shown);
  drawDigits(element(id), await output.data(), shown.shape[0]);
  output.dispose();
}

async function comparePca(digits: Digits): Promise<void> {
  const out = element<HTMLOutputElement>('pca-mse');
  out.dataset.state = 'running';
  out.textContent = 'computing…';
  await tf.nextFrame();
  const rows: Float32Array[] = [];
  for (let i = 0; i < digits.count; i++) rows.push(digits.pixels.subarray(i * 784, (i + 1) * 784));
  const pca = new PCA({ nComponents: CODE, seed: 1 }).fit(rows);
  const recovered = pca.inverseTransform(pca.transform(rows));
  const error = mse(rows, recovered);
  drawDigits(
    element('pca-reconstructions'),
    recovered.subMatrixRow(range(SHOWN)).to1DArray(),
    SHOWN,
  );
  out.dataset.state = 'done';
  out.dataset.mse = String(error);
  out.textContent = `mse ${error.toFixed(3)} with ${CODE} principal components`;
}

async function saveAndLoad(model: Autoencoder, shown: tf.Tensor2D): Promise<void> {
  const status = element<HTMLOutputElement>('save-load-status');
  status.dataset.state = 'saving';
  status.textContent = `saving to ${SAVE_URL}…`;
  await model.save(SAVE_URL);
  status.dataset.state = 'saved';
  const loaded = await Autoencoder.load(SAVE_URL);
  try {
    const before = model.reconstruct(shown);
    const after = loaded.reconstruct(shown);
    const diff = tf.max(tf.abs(tf.sub(before, after)));
    const maxDiff = (await diff.data())[0]!;
    drawDigits(element('reloaded'), await after.data(), shown.shape[0]);
    tf.dispose([before, after, diff]);
    status.dataset.state = 'loaded';
    status.dataset.maxDiff = String(maxDiff);
    status.textContent = `saved, loaded back from ${SAVE_URL}; largest difference between the two models' reconstructions: ${maxDiff === 0 ? '0 (identical)' : maxDiff.toExponential(2)}`;
  } finally {
    loaded.dispose();
  }
}

async function main(): Promise<void> {
  setState('loading');
  element<HTMLButtonElement>('again').disabled = true;
  for (const id of ['ae-history', 'vae-history']) element(id).replaceChildren();
  const backend = await chooseBackend();
  const backendOut = element<HTMLOutputElement>('backend');
  backendOut.dataset.backend = backend;
  backendOut.textContent = backend;

  const digits = await loadDigits(DIGITS);
  element('digit-count').textContent = String(digits.count);
  const x = tf.tensor2d(digits.pixels, [digits.count, 784]);
  const shown = tf.tensor2d(digits.pixels.subarray(0, SHOWN * 784), [SHOWN, 784]);
  drawDigits(element('originals'), digits.pixels, SHOWN);
  setState('training');

  const ae = Autoencoder.builder()
    .inputDim(784)
    .hiddenLayers([64])
    .latentDim(CODE)
    .activation('sigmoid')
    .outputActivation('sigmoid')
    .optimizer('adam', { learningRate: 0.01 })
    .seed(42)
    .build();
  const vae = Autoencoder.builder()
    .inputDim(784)
    .hiddenLayers([128])
    .latentDim(8)
    .activation('elu')
    .outputActivation('sigmoid')
    .strategy(new VariationalStrategy({ warmupEpochs: 5 }))
    .optimizer('adam', { learningRate: 0.003 })
    .seed(7)
    .build();
  try {
    const chart = element<HTMLCanvasElement>('loss-chart');
    await train('ae', ae, x, EPOCHS, (losses) => drawChart(chart, losses, EPOCHS + 1));
    await showReconstructions(ae, shown, 'reconstructions');
    const last = Number(element('ae-history').lastElementChild?.getAttribute('data-mse'));
    element<HTMLOutputElement>('ae-mse').textContent = last.toFixed(3);
    await comparePca(digits);

    await train('vae', vae, x, VAE_EPOCHS);
    const samples = vae.sample(SHOWN, { seed: 3 });
    drawDigits(element('samples'), await samples.data(), SHOWN);
    samples.dispose();

    await saveAndLoad(ae, shown);
    setState('done');
  } finally {
    tf.dispose([x, shown]);
    ae.dispose();
    vae.dispose();
    element<HTMLButtonElement>('again').disabled = false;
  }
}

function fail(error: unknown): void {
  setState('error');
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  element('error').textContent = message;
  console.error(error);
}

element<HTMLButtonElement>('again').addEventListener('click', () => {
  main().catch(fail);
});
main().catch(fail);

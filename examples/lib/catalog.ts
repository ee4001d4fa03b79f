import type { ExampleOptions, ExampleResult } from './options.js';

/** One example of the tour. */
export interface CatalogEntry {
  /** The number prefix of its file, e.g. `'05'`. */
  readonly id: string;
  readonly title: string;
  /** Loads the example module only when it runs, so one example does not load the others. */
  readonly load: () => Promise<{ run: (options: ExampleOptions) => Promise<ExampleResult> }>;
}

/** The notebook's sections, in its order. */
export const catalog: readonly CatalogEntry[] = [
  { id: '01', title: 'PCA by SVD on 2-D data', load: () => import('../01-pca-svd.js') },
  {
    id: '02',
    title: 'A linear autoencoder finds PCA',
    load: () => import('../02-linear-autoencoder.js'),
  },
  {
    id: '03',
    title: 'A nonlinear autoencoder',
    load: () => import('../03-nonlinear-autoencoder.js'),
  },
  {
    id: '04',
    title: 'PCA-30 on MNIST, and the linear autoencoder',
    load: () => import('../04-pca-mnist.js'),
  },
  {
    id: '05',
    title: 'Deep autoencoder 784-256-128-32',
    load: () => import('../05-deep-autoencoder.js'),
  },
  {
    id: '06',
    title: 'Sparse autoencoder 784-1000-784',
    load: () => import('../06-sparse-autoencoder.js'),
  },
  {
    id: '07',
    title: 'Denoising autoencoder 784-256-128-32',
    load: () => import('../07-denoising-autoencoder.js'),
  },
  {
    id: '08',
    title: 'Variational autoencoder 784-256-256-32',
    load: () => import('../08-variational-autoencoder.js'),
  },
  {
    id: '09',
    title: 'Beyond the notebook: ELU, minibatches, schedules, early stopping',
    load: () => import('../09-beyond-the-notebook.js'),
  },
  {
    id: '10',
    title: 'PCA control chart: T² and SPE limits on MNIST',
    load: () => import('../10-pca-control-chart.js'),
  },
  {
    id: '11',
    title: 'Anomaly detection: unseen digit classes',
    load: () => import('../11-anomaly-detection.js'),
  },
  {
    id: '12',
    title: 'Streaming PCA of a CSV file',
    load: () => import('../12-pca-streaming-csv.js'),
  },
  {
    id: '13',
    title: 'PCA statistics from worker threads, merged',
    load: () => import('../13-pca-workers.js'),
  },
];

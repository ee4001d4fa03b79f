export * from './autoencoder/index.js';
export * from './pca/index.js';

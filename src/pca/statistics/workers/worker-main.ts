// The entry of the worker threads of `fitStream({ workers })`, bundled by
// scripts/build-worker.mjs into one self-contained CommonJS string (worker-source.generated.ts)
// so that it starts with `new Worker(source, { eval: true })` from ESM, CJS or src alike.
import { parentPort } from 'node:worker_threads';
import { chunkMoments, type Moments, mergeMoments } from '../moments.js';
import type { FromWorker, ToWorker } from './protocol.js';

const port = parentPort;
if (port === null) throw new Error('worker-main runs only as a worker thread.');

let moments: Moments | null = null;

function reply(message: FromWorker, transfer: ArrayBuffer[] = []): void {
  port?.postMessage(message, transfer);
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'finish') {
    if (moments === null) return reply({ type: 'moments', moments: null });
    const { shift, offset, comoments } = moments;
    // A Set: the mean and the offset may share one buffer, and a transfer list takes each once.
    reply({ type: 'moments', moments }, [
      ...new Set([shift.buffer, offset.buffer, comoments.buffer]),
    ] as ArrayBuffer[]);
    moments = null;
    return;
  }
  try {
    const block = chunkMoments({
      data: message.data,
      rows: message.rows,
      columns: message.columns,
    });
    if (moments === null) moments = block;
    else mergeMoments(moments, block);
    reply({ type: 'ack' });
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    reply({ type: 'error', chunk: message.chunk, name: e.name, message: e.message });
  }
});

import { createWorkerPool, type WorkerPool } from '../../core/workers/pool';
import { type BatchInput, type PreparedBatch, prepareBatch } from './ingest-batch';

/**
 * Batches at least this large are prepared on a worker thread; smaller ones in place, where a
 * thread hop would cost more than the work (a 1,000-event batch is ~1 MB and ~20 ms of CPU).
 */
export const OFF_THREAD_BYTES = 128 * 1024;

/**
 * Two threads even on a two-core machine: the main thread only reads bodies and writes objects,
 * so two batches prepared side by side keep both cores busy under a steady sender.
 */
const POOL_SIZE = 2;

let pool: WorkerPool<BatchInput, PreparedBatch> | undefined;

function ingestPool() {
  pool ??= createWorkerPool<BatchInput, PreparedBatch>({
    entry: new URL('./ingest-worker.ts', import.meta.url),
    size: POOL_SIZE,
    assemble: (parts) => parts[0] as PreparedBatch,
    revive: (err) => new Error(err.message),
  });
  return pool;
}

/**
 * Prepares a batch, on a worker thread when it is large. Bytes in shared memory (a body read
 * plain) are read by the worker in place, and the caller keeps them until the answer; others
 * are moved to the worker when they own their memory (a gunzipped body does), copied otherwise.
 */
export function prepareIngestBatch(input: BatchInput): Promise<PreparedBatch> {
  if (input.bytes.byteLength < OFF_THREAD_BYTES) return Promise.resolve(prepareBatch(input));
  if (input.bytes.buffer instanceof SharedArrayBuffer) return ingestPool().run(input);
  const owned =
    input.bytes.byteOffset === 0 && input.bytes.byteLength === input.bytes.buffer.byteLength
      ? input.bytes
      : new Uint8Array(input.bytes);
  return ingestPool().run({ ...input, bytes: owned }, [owned.buffer as ArrayBuffer]);
}

/** Stops the worker threads; the next large batch starts new ones. */
export async function closeIngestPool(): Promise<void> {
  const p = pool;
  pool = undefined;
  await p?.close();
}

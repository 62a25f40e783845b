import { LuaSyntaxError } from '@guildhall/lua';
import { AppError, type ErrorCode } from '../../core/errors';
import { createWorkerPool, type SerializedError, type WorkerPool } from '../../core/workers/pool';
import type { RawObservation } from './observation';
import { joinObservation } from './parse-parts';

let pool: WorkerPool<{ bytes: Uint8Array; maxBytes: number }, RawObservation> | undefined;

/**
 * Parses an uploaded file and reads its tables in a worker thread: a 20 MB file takes seconds
 * of CPU, which on the main thread would hold every other request. Throws what the parse would
 * throw in place: `LuaSyntaxError`, or `AppError` (`UPLOAD_NOT_RECOGNISED`).
 */
export function parseUpload(bytes: Uint8Array, maxBytes: number): Promise<RawObservation> {
  const p = parsePool();
  // Shared memory (an upload body) is read by the worker in place: the caller keeps it until
  // the parse ends.
  if (bytes.buffer instanceof SharedArrayBuffer) return p.run({ bytes, maxBytes });
  // Otherwise a copy the worker owns: the caller's buffer stays usable, and the copy moves without cloning.
  const copy = new Uint8Array(bytes);
  return p.run({ bytes: copy, maxBytes }, [copy.buffer]);
}

function parsePool() {
  pool ??= createWorkerPool({
    entry: new URL('./parse-worker.ts', import.meta.url),
    assemble: joinObservation,
    revive: reviveError,
  });
  return pool;
}

/** Starts a parse thread now: `serve` calls it at boot so the first upload finds it ready. */
export function warmParsePool(): void {
  parsePool().warm();
}

/** Stops the worker threads (and drops what they cached); the next parse starts new ones. */
export async function closeParsePool(): Promise<void> {
  const p = pool;
  pool = undefined;
  await p?.close();
}

function reviveError(err: SerializedError): Error {
  const f = err.fields;
  if (err.name === 'LuaSyntaxError') {
    return new LuaSyntaxError(String(f.reason), Number(f.line), Number(f.column), String(f.excerpt));
  }
  if (err.name === 'AppError') return new AppError(f.code as ErrorCode, err.message, f.details);
  return new Error(err.message);
}

import crypto from 'node:crypto';
import type { Readable } from 'node:stream';
import { AppError } from '../../core/errors';
import { gunzipBytes } from '../../core/gunzip';
import { sharedBytesPool } from '../../core/workers/shared-bytes';

/** A telemetry batch as received: its bytes, decompressed (UTF-8 text). */
export interface TelemetryBody {
  /** In shared memory when sent plain: a worker thread reads them without a copy. */
  bytes: Uint8Array;
  /** Hex SHA-256 of the decompressed bytes (what an `Idempotency-Key` is bound to), computed on demand. */
  sha256(): string;
  /** Bytes on the wire. */
  receivedBytes: number;
  /** Gives the bytes' memory back for a later batch: call it once nothing reads them any more. */
  release(): void;
}

/** Batches in flight at once that keep their memory for the next ones (`shared-bytes.ts`). */
const batchMemory = sharedBytesPool(4);

export const isTelemetryBody = (body: unknown): body is TelemetryBody =>
  typeof body === 'object' && body !== null && (body as TelemetryBody).bytes instanceof Uint8Array;

/**
 * Reads a batch from the request stream: plain, or gzip (`Content-Encoding: gzip`, or the gzip
 * magic bytes). `limitBytes` bounds the bytes on the wire as they arrive and the text once
 * decompressed (gunzip stops at the limit), so an oversized body or a gzip bomb is a 413 and
 * never held whole. Decompression runs on libuv's thread pool, off the event loop.
 */
export function readTelemetryBody(
  stream: Readable,
  headers: { contentEncoding?: string; contentLength?: number },
  limitBytes: number,
): Promise<TelemetryBody> {
  const encoding = (headers.contentEncoding ?? '').trim().toLowerCase();
  if (encoding !== '' && encoding !== 'identity' && encoding !== 'gzip' && encoding !== 'x-gzip') {
    stream.resume();
    return Promise.reject(
      new AppError('UNSUPPORTED_MEDIA_TYPE', `unsupported Content-Encoding ${encoding}: send gzip or plain`),
    );
  }
  if (headers.contentLength !== undefined && headers.contentLength > limitBytes) {
    stream.resume();
    return Promise.reject(tooLarge(limitBytes, 'batch'));
  }
  const gathered = batchMemory.take(limitBytes);
  return new Promise<Buffer>((resolve, reject) => {
    let failed = false;
    stream.on('data', (chunk: Buffer) => {
      if (failed) return;
      if (gathered.length + chunk.length > limitBytes) {
        failed = true;
        gathered.release();
        reject(tooLarge(limitBytes, 'batch'));
        return;
      }
      gathered.append(chunk);
    });
    stream.on('end', () => {
      if (!failed) resolve(gathered.bytes());
    });
    stream.on('error', () => {
      if (failed) return;
      failed = true;
      gathered.release();
      reject(new AppError('BAD_REQUEST', 'the request body was interrupted'));
    });
  }).then(async (wire) => {
    const gzipped = encoding === 'gzip' || encoding === 'x-gzip' || (wire[0] === 0x1f && wire[1] === 0x8b);
    const sha256 = (bytes: Uint8Array) => () => crypto.createHash('sha256').update(bytes).digest('hex');
    if (!gzipped) {
      return {
        bytes: wire,
        sha256: sha256(wire),
        receivedBytes: wire.length,
        release: () => gathered.release(),
      };
    }
    try {
      const bytes = await gunzipBytes(wire, limitBytes);
      return { bytes, sha256: sha256(bytes), receivedBytes: wire.length, release: () => undefined };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
        throw tooLarge(limitBytes, 'decompressed batch');
      throw new AppError('INVALID_GZIP', 'the body is not valid gzip data');
    } finally {
      gathered.release();
    }
  });
}

function tooLarge(limit: number, what: string): AppError {
  return new AppError(
    'PAYLOAD_TOO_LARGE',
    `the ${what} exceeds the limit of ${limit} bytes: send fewer events per request`,
    { limitBytes: limit },
  );
}

import crypto from 'node:crypto';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { AppError } from '../../core/errors';

const gunzip = promisify(zlib.gunzip);

/** A telemetry batch as received: its bytes, decompressed (UTF-8 text). */
export interface TelemetryBody {
  bytes: Uint8Array;
  /** Hex SHA-256 of the decompressed bytes (what an `Idempotency-Key` is bound to), computed on demand. */
  sha256(): string;
  /** Bytes on the wire. */
  receivedBytes: number;
}

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
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let failed = false;
    stream.on('data', (chunk: Buffer) => {
      if (failed) return;
      received += chunk.length;
      if (received > limitBytes) {
        failed = true;
        chunks.length = 0;
        reject(tooLarge(limitBytes, 'batch'));
        return;
      }
      chunks.push(chunk);
    });
    stream.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks, received));
    });
    stream.on('error', () => {
      if (failed) return;
      failed = true;
      reject(new AppError('BAD_REQUEST', 'the request body was interrupted'));
    });
  }).then(async (wire) => {
    const gzipped = encoding === 'gzip' || encoding === 'x-gzip' || (wire[0] === 0x1f && wire[1] === 0x8b);
    let bytes = wire;
    if (gzipped) {
      try {
        bytes = await gunzip(wire, { maxOutputLength: limitBytes });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
          throw tooLarge(limitBytes, 'decompressed batch');
        throw new AppError('INVALID_GZIP', 'the body is not valid gzip data');
      }
    }
    return {
      bytes,
      sha256: () => crypto.createHash('sha256').update(bytes).digest('hex'),
      receivedBytes: wire.length,
    };
  });
}

function tooLarge(limit: number, what: string): AppError {
  return new AppError(
    'PAYLOAD_TOO_LARGE',
    `the ${what} exceeds the limit of ${limit} bytes: send fewer events per request`,
    { limitBytes: limit },
  );
}

import crypto from 'node:crypto';
import type { Readable } from 'node:stream';
import type zlib from 'node:zlib';
import { AppError } from '../../core/errors';
import { createGunzipStream } from '../../core/gunzip';
import { sharedBytesPool } from '../../core/workers/shared-bytes';

/** An upload's bytes once received and decompressed. */
export interface UploadBody {
  /** In shared memory: the parse thread reads them without a copy. */
  bytes: Buffer;
  /** Hex SHA-256 of the uncompressed bytes. */
  sha256: string;
  /** Bytes received on the wire. */
  receivedBytes: number;
  gzipped: boolean;
  /** Gives the bytes' memory back for the next upload: call it once nothing reads them any more. */
  release(): void;
}

/** Two uploads at once keep their memory for the next ones (`shared-bytes.ts`). */
const uploadMemory = sharedBytesPool(2);

export interface UploadBodyLimits {
  /** Largest body on the wire (compressed or not). */
  maxBytes: number;
  /** Largest body once decompressed. */
  maxDecompressedBytes: number;
}

/** A body already whole in memory (a file the server writes itself: the demo, benchmarks). */
export function uploadBodyOf(bytes: Buffer): UploadBody {
  return {
    bytes,
    sha256: crypto.createHash('sha256').update(bytes).digest('hex'),
    receivedBytes: bytes.length,
    gzipped: false,
    release: () => undefined,
  };
}

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;

/**
 * Reads an upload from the request stream, gunzipping as it arrives when the client says it is
 * gzip (`Content-Encoding: gzip`, `Content-Type: application/gzip`) or the bytes start with the
 * gzip magic. Both sizes are counted as bytes flow, so an oversized body or a gzip bomb is
 * refused (413 `UPLOAD_TOO_LARGE`) as soon as it crosses its limit, never buffered whole.
 */
export function readUploadBody(
  stream: Readable,
  headers: { contentEncoding?: string; contentType?: string; contentLength?: number },
  limits: UploadBodyLimits,
): Promise<UploadBody> {
  const encoding = (headers.contentEncoding ?? '').trim().toLowerCase();
  if (encoding !== '' && encoding !== 'identity' && encoding !== 'gzip' && encoding !== 'x-gzip') {
    return Promise.reject(
      new AppError('UNSUPPORTED_MEDIA_TYPE', `unsupported Content-Encoding ${encoding}: send gzip or plain`),
    );
  }
  if (headers.contentLength !== undefined && headers.contentLength > limits.maxBytes) {
    stream.resume();
    return Promise.reject(tooLarge(limits.maxBytes, 'upload'));
  }
  const declaredGzip =
    encoding === 'gzip' ||
    encoding === 'x-gzip' ||
    /^application\/(x-)?gzip\b/i.test(headers.contentType ?? '');

  return new Promise<UploadBody>((resolve, reject) => {
    const hash = crypto.createHash('sha256');
    const gathered = uploadMemory.take(limits.maxDecompressedBytes);
    let received = 0;
    let decompressed = 0;
    let gunzip: zlib.Gunzip | undefined;
    let decided = false;
    let settled = false;

    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onStreamError);
      gunzip?.destroy();
      gathered.release();
      // Discard what the client still sends; Fastify closes the connection after the answer.
      stream.resume();
      reject(err);
    };
    const keep = (chunk: Buffer) => {
      decompressed += chunk.length;
      if (decompressed > limits.maxDecompressedBytes) {
        fail(tooLarge(limits.maxDecompressedBytes, 'decompressed upload'));
        return;
      }
      hash.update(chunk);
      gathered.append(chunk);
    };
    const finish = () => {
      if (settled) return;
      settled = true;
      resolve({
        bytes: gathered.bytes(),
        sha256: hash.digest('hex'),
        receivedBytes: received,
        gzipped: gunzip !== undefined,
        release: () => gathered.release(),
      });
    };
    const startGunzip = () => {
      gunzip = createGunzipStream();
      gunzip.on('data', keep);
      gunzip.on('error', () => fail(new AppError('INVALID_GZIP', 'the body is not valid gzip data')));
      gunzip.on('end', finish);
      gunzip.on('drain', () => stream.resume());
    };

    function onData(chunk: Buffer) {
      if (settled) return;
      received += chunk.length;
      if (received > limits.maxBytes) return fail(tooLarge(limits.maxBytes, 'upload'));
      if (!decided) {
        decided = true;
        const magic = chunk.length >= 2 && chunk[0] === GZIP_MAGIC_0 && chunk[1] === GZIP_MAGIC_1;
        if (declaredGzip || magic) startGunzip();
      }
      if (gunzip) {
        if (!gunzip.write(chunk)) stream.pause();
      } else keep(chunk);
    }
    function onEnd() {
      if (settled) return;
      if (gunzip) gunzip.end();
      else finish();
    }
    function onStreamError() {
      fail(new AppError('BAD_REQUEST', 'the upload was interrupted'));
    }

    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onStreamError);
    stream.resume();
  });
}

function tooLarge(limit: number, what: string): AppError {
  return new AppError('UPLOAD_TOO_LARGE', `${what} exceeds the limit of ${limit} bytes`, {
    limitBytes: limit,
  });
}

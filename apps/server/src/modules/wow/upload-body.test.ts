import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors';
import { readUploadBody } from './upload-body';

const limits = { maxBytes: 64 * 1024, maxDecompressedBytes: 256 * 1024 };

/** A stream of gzip that would inflate to `totalMiB` of zeros; counts the bytes it was asked for. */
function gzipBomb(totalMiB: number) {
  const zeros = Buffer.alloc(1024 * 1024);
  let produced = 0;
  const source = new Readable({
    read() {
      if (produced >= totalMiB) this.push(null);
      else {
        produced += 1;
        this.push(zeros);
      }
    },
  });
  const gzip = zlib.createGzip();
  const counted = { bytes: 0, mib: () => produced };
  const out = source.pipe(gzip);
  out.on('data', (chunk: Buffer) => {
    counted.bytes += chunk.length;
  });
  return { stream: out, counted };
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected a refusal');
}

describe('upload body', () => {
  it('gunzips declared or sniffed gzip and hashes the uncompressed bytes', async () => {
    const text = Buffer.from('GuildActivityTrackerDB = {\n}\n');
    const hash = crypto.createHash('sha256').update(text).digest('hex');
    const declared = await readUploadBody(
      Readable.from([zlib.gzipSync(text)]),
      { contentEncoding: 'gzip' },
      limits,
    );
    const sniffed = await readUploadBody(
      Readable.from([zlib.gzipSync(text)]),
      { contentType: 'application/octet-stream' },
      limits,
    );
    const plain = await readUploadBody(Readable.from([text]), { contentType: 'text/plain' }, limits);
    for (const body of [declared, sniffed, plain]) {
      expect(body.bytes.equals(text)).toBe(true);
      expect(body.sha256).toBe(hash);
    }
    expect([declared.gzipped, sniffed.gzipped, plain.gzipped]).toEqual([true, true, false]);
  });

  it('stops a gzip bomb while inflating, long before the end of the stream', async () => {
    const { stream, counted } = gzipBomb(1024); // 1 GiB of zeros
    const err = await refusal(readUploadBody(stream, { contentEncoding: 'gzip' }, limits));
    expect(err.code).toBe('UPLOAD_TOO_LARGE');
    expect(err.status).toBe(413);
    // Refused after ~256 KiB inflated: only the first megabytes of zeros were ever produced.
    expect(counted.mib()).toBeLessThan(64);
    stream.destroy();
  });

  it('refuses a body over the wire limit, by Content-Length or by counting', async () => {
    const big = crypto.randomBytes(limits.maxBytes + 1);
    const byHeader = await refusal(
      readUploadBody(Readable.from([big]), { contentLength: big.length }, limits),
    );
    const byCount = await refusal(
      readUploadBody(Readable.from([big.subarray(0, 40_000), big.subarray(40_000)]), {}, limits),
    );
    expect([byHeader.code, byCount.code]).toEqual(['UPLOAD_TOO_LARGE', 'UPLOAD_TOO_LARGE']);
  });

  it('answers broken gzip and unknown encodings with their codes', async () => {
    const truncated = zlib.gzipSync(Buffer.alloc(10_000, 65)).subarray(0, 30);
    const broken = await refusal(
      readUploadBody(Readable.from([truncated]), { contentEncoding: 'gzip' }, limits),
    );
    expect(broken.code).toBe('INVALID_GZIP');
    const garbage = await refusal(
      readUploadBody(Readable.from([Buffer.from('not gzip at all')]), { contentEncoding: 'gzip' }, limits),
    );
    expect(garbage.code).toBe('INVALID_GZIP');
    const brotli = await refusal(
      readUploadBody(Readable.from([Buffer.from('x')]), { contentEncoding: 'br' }, limits),
    );
    expect(brotli.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('writes each upload into memory a released upload gave back, never into one still read', async () => {
    const big = { maxBytes: 64 * 1024 * 1024, maxDecompressedBytes: 64 * 1024 * 1024 };
    // Arriving in many pieces: the memory grows in place as they come.
    const first = crypto.randomBytes(3 * 1024 * 1024 + 17);
    const pieces = (b: Buffer) =>
      Readable.from(
        Array.from({ length: 50 }, (_, i) => b.subarray(i * 65_536, (i + 1) * 65_536)).filter(
          (p) => p.length > 0,
        ),
      );
    const a = await readUploadBody(pieces(first), {}, big);
    expect(a.bytes.equals(first)).toBe(true);
    expect(a.bytes.buffer).toBeInstanceOf(SharedArrayBuffer);

    // Not released yet: the next upload gets other memory, and the first stays intact.
    const second = crypto.randomBytes(2 * 1024 * 1024);
    const b = await readUploadBody(Readable.from([zlib.gzipSync(second)]), { contentEncoding: 'gzip' }, big);
    expect(b.bytes.buffer).not.toBe(a.bytes.buffer);
    expect(a.bytes.equals(first)).toBe(true);
    expect(b.bytes.equals(second)).toBe(true);

    // Released: the next upload of a size that fits is written into that same memory.
    const memory = a.bytes.buffer;
    a.release();
    a.release(); // a second release gives nothing back twice
    b.release();
    const third = crypto.randomBytes(3 * 1024 * 1024);
    const c = await readUploadBody(pieces(third), { contentLength: third.length }, big);
    const d = await readUploadBody(pieces(third), { contentLength: third.length }, big);
    expect([c.bytes.buffer, d.bytes.buffer]).toContain(memory);
    expect(c.bytes.buffer).not.toBe(d.bytes.buffer);
    expect(c.bytes.equals(third) && d.bytes.equals(third)).toBe(true);
    c.release();
    d.release();
  });
});

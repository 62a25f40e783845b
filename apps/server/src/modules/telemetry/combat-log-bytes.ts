import { createHash } from 'node:crypto';
import { AppError } from '../../core/errors';

/** The byte plumbing of a combat log import: fixed chunks, and skipping what is imported. */

/** Bytes before the checkpoint compared on resume, so a different file under the same first line is refused. */
export const TAIL_BYTES = 256;

export const tailHash = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex').slice(0, 32);

/**
 * Cuts a byte stream that starts at byte `start` of the log at every multiple of `size`, so the
 * chunks of a log, hence its bronze batches, are the same whatever pieces the source delivers
 * and wherever a resume starts (a resumed chunk is the rest of the interrupted run's chunk).
 */
export async function* exactChunks(
  source: AsyncIterable<Uint8Array>,
  start: number,
  size: number,
): AsyncGenerator<Buffer> {
  let parts: Buffer[] = [];
  let held = 0;
  let want = size - (start % size);
  for await (const piece of source) {
    let buf = Buffer.isBuffer(piece) ? piece : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    while (held + buf.length >= want) {
      const take = want - held;
      parts.push(buf.subarray(0, take));
      yield parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, want);
      buf = buf.subarray(take);
      parts = [];
      held = 0;
      want = size;
    }
    if (buf.length > 0) {
      parts.push(buf);
      held += buf.length;
    }
  }
  if (held > 0) yield Buffer.concat(parts, held);
}

/**
 * Skips a source up to `to` (it starts at byte `from`), checking the `TAIL_BYTES` before `to`
 * against the checkpoint when the source holds them, then passes the rest through.
 */
export async function* skipTo(
  source: AsyncIterable<Uint8Array>,
  from: number,
  to: number,
  tail: { hash: string; from: number } | undefined,
): AsyncGenerator<Uint8Array> {
  let pos = from;
  // The tail is checked when the source holds all of it (a resend from byte 0, the CLI's reread).
  const check = tail !== undefined && from <= tail.from;
  const tailStart = tail?.from ?? to;
  const seen: Buffer[] = [];
  let checked = !check;
  const verify = () => {
    checked = true;
    if (tailHash(Buffer.concat(seen)) !== tail?.hash) {
      throw new AppError(
        'CONFLICT',
        'this combat log differs from the one imported before under the same first line: nothing imported',
      );
    }
  };
  for await (const piece of source) {
    const buf = Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    const end = pos + buf.length;
    if (!checked) {
      const a = Math.max(pos, tailStart);
      const b = Math.min(end, to);
      if (b > a) seen.push(buf.subarray(a - pos, b - pos));
      if (end >= to) verify();
    }
    if (end > to) yield pos >= to ? buf : buf.subarray(to - pos);
    pos = end;
  }
  if (pos < to) {
    throw new AppError(
      'CONFLICT',
      `this combat log is shorter (${pos} bytes) than what was already imported from it (${to} bytes): nothing imported`,
    );
  }
  if (!checked) verify();
}

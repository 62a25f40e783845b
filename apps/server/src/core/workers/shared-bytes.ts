/**
 * Request bodies gathered into shared memory that is kept from one request to the next.
 *
 * A body of megabytes allocated afresh costs its page faults on every request — ~3 ms per MB
 * on this kind of machine, on the event loop — and its external memory pushes V8 into extra
 * collections. Written into memory an earlier request already touched, it costs only the copy
 * of each piece as it arrives. The memory is a `SharedArrayBuffer`, so a worker thread reads
 * the body in place (`createWorkerPool` sends it without copying), and growable up to the
 * body's limit (address space reserved, pages taken as written), so it grows without copying.
 */

/** Grows at least this much at a time. */
const GROWTH_STEP = 1 << 20;

export interface SharedBytesPool {
  /** Memory for one body of at most `maxBytes`: a spare one, or new. */
  take(maxBytes: number): SharedBytes;
}

/** A pool that keeps at most `kept` buffers for later bodies (bodies at once beyond that take their own). */
export function sharedBytesPool(kept: number): SharedBytesPool {
  const spare: SharedArrayBuffer[] = [];
  const give = (buffer: SharedArrayBuffer) => {
    spare.push(buffer);
    // The ones that may grow the furthest are kept.
    spare.sort((a, b) => b.maxByteLength - a.maxByteLength);
    spare.length = Math.min(spare.length, kept);
  };
  return {
    take(maxBytes) {
      const i = spare.findIndex((b) => b.maxByteLength >= maxBytes);
      const buffer =
        i >= 0
          ? (spare.splice(i, 1)[0] as SharedArrayBuffer)
          : new SharedArrayBuffer(0, { maxByteLength: maxBytes });
      return new SharedBytes(buffer, give);
    },
  };
}

/** Bytes appended into shared memory, which grows in place. */
export class SharedBytes {
  /** Tracks the buffer's length as it grows. */
  private readonly view: Uint8Array;
  private released = false;
  length = 0;

  constructor(
    private readonly buffer: SharedArrayBuffer,
    private readonly giveBack: (buffer: SharedArrayBuffer) => void,
  ) {
    this.view = new Uint8Array(buffer);
  }

  /** Appends a piece; the caller keeps the total within the pool's `maxBytes`. */
  append(chunk: Uint8Array): void {
    const end = this.length + chunk.length;
    const b = this.buffer;
    if (end > b.byteLength) b.grow(Math.min(b.maxByteLength, Math.max(end, b.byteLength + GROWTH_STEP)));
    this.view.set(chunk, this.length);
    this.length = end;
  }

  /** The bytes written, as a Buffer over the shared memory: read it only until `release`. */
  bytes(): Buffer {
    return Buffer.from(this.buffer, 0, this.length);
  }

  /** Gives the memory back for a later body (once: later calls do nothing). */
  release(): void {
    if (this.released) return;
    this.released = true;
    this.giveBack(this.buffer);
  }
}

import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type SseCloseReason, SseStream } from './sse';

/** A response whose reader never reads: every write stays buffered. */
function stalled() {
  const written: string[] = [];
  const out = new Writable({
    highWaterMark: 16,
    write(chunk: Buffer, _enc, _done) {
      written.push(chunk.toString());
      // never calls done: the client stopped reading
    },
  });
  return { out, written };
}

/** A response that takes everything at once. */
function reading() {
  const written: string[] = [];
  const out = new Writable({
    write(chunk: Buffer, _enc, done) {
      written.push(chunk.toString());
      done();
    },
  });
  return { out, written };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('SseStream', () => {
  it('writes one frame per data line', () => {
    expect(SseStream.frames('telemetry', ['{"a":1}', '{"b":2}'])).toBe(
      'event: telemetry\ndata: {"a":1}\n\nevent: telemetry\ndata: {"b":2}\n\n',
    );
  });

  it('sends a heartbeat comment every interval, and stops once closed', () => {
    vi.useFakeTimers();
    const { out, written } = reading();
    const reasons: SseCloseReason[] = [];
    const stream = new SseStream(out, { heartbeatMs: 1000, maxBufferedBytes: 1 << 20 }, (r) =>
      reasons.push(r),
    );
    vi.advanceTimersByTime(2500);
    expect(written).toEqual([': heartbeat\n\n', ': heartbeat\n\n']);
    stream.end();
    vi.advanceTimersByTime(5000);
    expect(written).toHaveLength(2);
    expect(reasons).toEqual(['server']);
  });

  it('drops a client that leaves more than the buffer bound unread, instead of holding it all', () => {
    const { out } = stalled();
    const reasons: SseCloseReason[] = [];
    const stream = new SseStream(out, { heartbeatMs: 60_000, maxBufferedBytes: 1000 }, (r) =>
      reasons.push(r),
    );
    const frame = SseStream.frames('telemetry', ['x'.repeat(100)]);
    let sent = 0;
    while (stream.write(frame)) sent += 1;
    // Everything written stays counted (the reader took nothing), up to the bound and no further.
    expect(sent).toBe(Math.floor(1000 / Buffer.byteLength(frame)));
    expect(sent).toBeGreaterThan(1);
    expect(reasons).toEqual(['slow']);
    expect(out.destroyed).toBe(true);
    expect(stream.write(frame)).toBe(false);
  });

  it('closes once when the client hangs up', async () => {
    const { out } = reading();
    const reasons: SseCloseReason[] = [];
    const stream = new SseStream(out, { heartbeatMs: 60_000, maxBufferedBytes: 1000 }, (r) =>
      reasons.push(r),
    );
    const closed = new Promise((resolve) => out.once('close', resolve));
    out.destroy();
    await closed;
    stream.end();
    expect(reasons).toEqual(['client']);
    expect(stream.isClosed).toBe(true);
  });
});

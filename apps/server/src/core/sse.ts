import type { Writable } from 'node:stream';
import { openLiveConnection } from './metrics';

export interface SseOptions {
  /** A comment line this often keeps proxies and clients from timing the stream out. */
  heartbeatMs: number;
  /**
   * Bytes a client may leave unread in the server's buffer; past that it is too slow to follow
   * and is dropped (it reconnects and carries on), so one stalled reader never grows memory.
   */
  maxBufferedBytes: number;
}

export type SseCloseReason = 'client' | 'slow' | 'server';

/**
 * One Server-Sent Events response: writes frames and heartbeats to the raw response, and
 * closes once, whoever ends it (client gone, too slow, server shutting down).
 */
export class SseStream {
  private closed = false;
  private readonly timer: NodeJS.Timeout;
  private readonly uncount = openLiveConnection('sse');

  constructor(
    private readonly out: Writable,
    private readonly options: SseOptions,
    private readonly onClose: (reason: SseCloseReason) => void,
  ) {
    this.timer = setInterval(() => this.write(': heartbeat\n\n'), options.heartbeatMs);
    this.timer.unref();
    out.on('close', () => this.finish('client'));
    out.on('error', () => this.finish('client'));
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** One event per data line (SSE data may not hold a newline; JSON lines never do). */
  static frames(event: string, lines: readonly string[]): string {
    let text = '';
    for (const line of lines) text += `event: ${event}\ndata: ${line}\n\n`;
    return text;
  }

  /** Writes a chunk of frames; answers false when the stream is (now) closed. */
  write(chunk: string): boolean {
    if (this.closed) return false;
    if (this.out.writableLength + Buffer.byteLength(chunk) > this.options.maxBufferedBytes) {
      this.finish('slow');
      this.out.destroy();
      return false;
    }
    this.out.write(chunk);
    return true;
  }

  /** Ends the response from the server's side (shutdown). */
  end(): void {
    if (this.closed) return;
    this.finish('server');
    this.out.end();
  }

  private finish(reason: SseCloseReason): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    this.uncount();
    this.onClose(reason);
  }
}

import { setTimeout as wait } from 'node:timers/promises';
import type { Report } from './events';
import {
  type BackoffPolicy,
  classifyStatus,
  DEFAULT_BACKOFF,
  nextRetryDelayMs,
  parseRetryAfter,
} from './retry-policy';
import type { Spool, SpoolEntry } from './spool';
import {
  parseJson,
  readAccepted,
  readServerError,
  type ServerError,
  type UploadAccepted,
} from './upload-response';
import { USER_AGENT } from './version';

export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

export interface UploaderOptions {
  /** Base URL of the Guildhall server, without a trailing slash. */
  server: string;
  apiKey: string;
  spool: Spool;
  report: Report;
  /** Attempts per file version before giving up (the version stays spooled). Default: unlimited. */
  maxAttempts?: number;
  timeoutMs?: number;
  backoff?: BackoffPolicy;
  fetch?: typeof globalThis.fetch;
  sleep?: Sleep;
  random?: () => number;
  now?: () => number;
}

export type RefusalReason = 'bad-key' | 'no-scope' | 'wrong-server';

export type DeliveryOutcome =
  | { kind: 'nothing' }
  | { kind: 'delivered'; entry: SpoolEntry; accepted: UploadAccepted }
  | { kind: 'rejected'; entry: SpoolEntry; status: number; error: ServerError }
  | { kind: 'gave-up'; entry: SpoolEntry; attempts: number; reason: string }
  | { kind: 'refused'; reason: RefusalReason; status: number; error: ServerError; explanation: string }
  | { kind: 'aborted' };

type Attempt =
  | { kind: 'response'; status: number; retryAfter: string | null; location: string | null; body: unknown }
  | { kind: 'network'; reason: string }
  | { kind: 'aborted' };

const DEFAULT_TIMEOUT_MS = 60_000;

/** Sends spooled file versions to `POST /api/upload`, retrying until the server has them. */
export class Uploader {
  private readonly fetch: typeof globalThis.fetch;
  private readonly sleep: Sleep;
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly maxAttempts: number;
  private readonly timeoutMs: number;
  private readonly backoff: BackoffPolicy;

  constructor(private readonly options: UploaderOptions) {
    this.fetch = options.fetch ?? globalThis.fetch;
    this.sleep = options.sleep ?? sleepAbortable;
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
    this.maxAttempts = options.maxAttempts ?? Number.POSITIVE_INFINITY;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
  }

  get uploadUrl(): string {
    return `${this.options.server}/api/upload`;
  }

  /**
   * Delivers whatever the spool holds for source `id` until nothing is left for it.
   * Each attempt re-reads the spool, so a newer version spooled during a retry wait (or during a
   * request) is the one sent next. Returns the outcome of the last version handled.
   */
  async deliver(id: string, signal: AbortSignal): Promise<DeliveryOutcome> {
    const { spool, report } = this.options;
    let last: DeliveryOutcome = { kind: 'nothing' };
    let failures = 0;
    while (!signal.aborted) {
      const entry = await spool.get(id);
      if (!entry) return last;
      const body = await spool.readBody(entry);
      if (!body || entry.sha256 === (await spool.lastUploaded(id))) {
        // Unreadable leftover, or already accepted before a crash could clear it: nothing to send.
        await spool.remove(id, entry.sha256);
        continue;
      }

      const attempt = await this.post(entry, body, signal);
      if (attempt.kind === 'aborted') return { kind: 'aborted' };
      let reason: string;
      let retryAfterMs: number | undefined;
      if (attempt.kind === 'network') {
        reason = attempt.reason;
      } else {
        const verdict = classifyStatus(attempt.status);
        if (verdict === 'delivered') {
          const accepted = readAccepted(attempt.body);
          await spool.recordUploaded(id, entry.sha256);
          await spool.remove(id, entry.sha256);
          report({ type: 'uploaded', entry, accepted });
          last = { kind: 'delivered', entry, accepted };
          failures = 0;
          continue;
        }
        const error = readServerError(attempt.body, attempt.status);
        if (verdict === 'rejected') {
          await spool.remove(id, entry.sha256);
          report({ type: 'rejected', entry, status: attempt.status, ...error });
          last = { kind: 'rejected', entry, status: attempt.status, error };
          failures = 0;
          continue;
        }
        if (verdict !== 'retry') {
          return {
            kind: 'refused',
            reason: verdict,
            status: attempt.status,
            error,
            explanation: this.explainRefusal(verdict, attempt.status, error, attempt.location),
          };
        }
        reason = `HTTP ${attempt.status}`;
        retryAfterMs = parseRetryAfter(attempt.retryAfter, this.now());
      }

      failures += 1;
      if (failures >= this.maxAttempts) {
        report({ type: 'gave-up', entry, attempts: failures, reason });
        return { kind: 'gave-up', entry, attempts: failures, reason };
      }
      const delayMs = nextRetryDelayMs({
        retryIndex: failures - 1,
        random: this.random,
        retryAfterMs,
        policy: this.backoff,
      });
      report({ type: 'retrying', entry, delayMs, reason, attempt: failures });
      try {
        await this.sleep(delayMs, signal);
      } catch (error) {
        if (signal.aborted) return { kind: 'aborted' };
        throw error;
      }
    }
    return { kind: 'aborted' };
  }

  private async post(entry: SpoolEntry, body: Uint8Array, signal: AbortSignal): Promise<Attempt> {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    try {
      const response = await this.fetch(this.uploadUrl, {
        method: 'POST',
        headers: {
          'X-API-Key': this.options.apiKey,
          'Content-Encoding': 'gzip',
          'Content-Type': 'application/octet-stream',
          'X-Content-SHA256': entry.sha256,
          'X-Source-File': entry.sourceLabel,
          'User-Agent': USER_AGENT,
        },
        // Copy into a plain ArrayBuffer-backed view, which is what BodyInit accepts.
        body: new Uint8Array(body),
        signal: AbortSignal.any([signal, timeout]),
        redirect: 'manual',
      });
      const text = await response.text();
      return {
        kind: 'response',
        status: response.status,
        retryAfter: response.headers.get('retry-after'),
        location: response.headers.get('location'),
        body: parseJson(text),
      };
    } catch (error) {
      if (signal.aborted) return { kind: 'aborted' };
      if (timeout.aborted)
        return { kind: 'network', reason: `no answer within ${formatSeconds(this.timeoutMs)}` };
      return { kind: 'network', reason: describeNetworkError(error) };
    }
  }

  private explainRefusal(
    reason: RefusalReason,
    status: number,
    error: ServerError,
    location: string | null,
  ): string {
    switch (reason) {
      case 'bad-key':
        return `the server refused the API key (${status} ${error.code}): check --key`;
      case 'no-scope':
        return `the key lacks the upload scope (${status} ${error.code}: ${error.message}): use a key that may upload`;
      case 'wrong-server':
        if (status >= 300 && status < 400) {
          const target = location ? ` to ${location}` : '';
          return `the server redirects uploads${target} (HTTP ${status}): give the final address as --server`;
        }
        return `no Guildhall upload endpoint at ${this.uploadUrl} (HTTP ${status}): check --server`;
    }
  }
}

/** Waits `ms`, in steps that stay below the timer limit (2^31-1 ms) so huge Retry-After values work. */
export async function sleepAbortable(ms: number, signal: AbortSignal): Promise<void> {
  let left = ms;
  do {
    const step = Math.min(left, 86_400_000);
    await wait(step, undefined, { signal });
    left -= step;
  } while (left > 0);
}

export function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'connection reset';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'server name not found';
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return 'connection timed out';
    default: {
      const detail = code ?? (cause instanceof Error ? cause.message : undefined);
      if (detail) return `network error: ${detail}`;
      return `network error: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
}

function formatSeconds(ms: number): string {
  return ms < 1000 ? `${ms}ms` : `${Math.round(ms / 1000)}s`;
}

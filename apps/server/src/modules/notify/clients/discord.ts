import { DISCORD_WEBHOOK_URL } from '@guildhall/contracts';
import { type BucketRule, type RateLimiter, RateLimitWaitError } from '../../../core/rate-limiter';

/** Discord lets a webhook post about 5 messages every 2 seconds and 30 a minute. */
const WEBHOOK_RULES: BucketRule[] = [
  { capacity: 5, perMs: 2_000 },
  { capacity: 30, perMs: 60_000 },
];
/** A 429 asking for longer than this is not waited out inline: the message is rescheduled. */
const MAX_INLINE_WAIT_MS = 10_000;
const MAX_TRIES = 3;

export type DeliveryOutcome =
  | { ok: true; status: number }
  | { ok: false; kind: 'rate_limited'; status: 429; retryAfterMs: number; error: string }
  /** 401/404: the webhook was deleted or its token revoked; stop sending to it. */
  | { ok: false; kind: 'gone'; status: number; error: string }
  /** 5xx, timeouts, dropped connections: worth another try later. */
  | { ok: false; kind: 'transient'; status: number | null; error: string }
  /** Other 4xx: this message will never be accepted. */
  | { ok: false; kind: 'rejected'; status: number; error: string };

export interface DiscordMessage {
  username?: string;
  content?: string;
  embeds: {
    title: string;
    description: string;
    color: number;
    fields?: { name: string; value: string; inline?: boolean }[];
    timestamp?: string;
    footer?: { text: string };
  }[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The id and token of a stored webhook URL. */
export function parseWebhookUrl(url: string): { id: string; token: string } | undefined {
  const m = DISCORD_WEBHOOK_URL.exec(url.trim());
  return m ? { id: m[1]!, token: m[2]! } : undefined;
}

/** `https://discord.com/api/webhooks/1234…5678/••••`: enough to tell webhooks apart. */
export function maskWebhookUrl(url: string): string {
  const parsed = parseWebhookUrl(url);
  if (!parsed) return '••••';
  const id = parsed.id.length > 8 ? `${parsed.id.slice(0, 4)}…${parsed.id.slice(-4)}` : parsed.id;
  return `https://discord.com/api/webhooks/${id}/••••`;
}

async function retryAfterOf(res: Response, body: unknown): Promise<number> {
  // Discord sends both; the body's value has millisecond precision.
  if (body && typeof body === 'object' && 'retry_after' in body && Number.isFinite(Number(body.retry_after)))
    return Math.ceil(Number(body.retry_after) * 1000);
  const header = Number(res.headers.get('retry-after'));
  return Number.isFinite(header) && header >= 0 ? Math.ceil(header * 1000) : 1_000;
}

/**
 * Executes Discord webhooks. The stored URL says which webhook; the request goes to the
 * configured API base (`DISCORD_API_BASE_URL`), so tests and proxies can stand in.
 */
export function createDiscordWebhookClient(deps: {
  apiBaseUrl: string;
  timeoutMs: number;
  limiter: RateLimiter;
  retryBaseMs?: number;
}) {
  const base = deps.apiBaseUrl.replace(/\/+$/, '');
  return {
    async execute(webhookUrl: string, message: DiscordMessage): Promise<DeliveryOutcome> {
      const parsed = parseWebhookUrl(webhookUrl);
      if (!parsed) return { ok: false, kind: 'gone', status: 404, error: 'not a Discord webhook URL' };
      const bucket = `discord:webhook:${parsed.id}`;
      const url = `${base}/webhooks/${parsed.id}/${parsed.token}?wait=true`;
      let last: DeliveryOutcome = { ok: false, kind: 'transient', status: null, error: 'not tried' };
      let rateLimited = 0;
      for (let attempt = 1; attempt <= MAX_TRIES; attempt++) {
        try {
          await deps.limiter.take(bucket, WEBHOOK_RULES, { maxWaitMs: MAX_INLINE_WAIT_MS });
        } catch (err) {
          // Blocked by an earlier 429 (here or in another process): wait as long as Discord asked.
          return {
            ok: false,
            kind: 'rate_limited',
            status: 429,
            retryAfterMs: err instanceof RateLimitWaitError ? err.waitMs : 2_000,
            error: 'waiting out a Discord rate limit',
          };
        }
        let res: Response;
        let body: unknown;
        try {
          res = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'user-agent': 'Guildhall' },
            body: JSON.stringify(message),
            signal: AbortSignal.timeout(deps.timeoutMs),
            redirect: 'error',
          });
          const text = await res.text();
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            body = undefined;
          }
        } catch (err) {
          const timeout = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
          last = {
            ok: false,
            kind: 'transient',
            status: null,
            error: timeout ? `timed out after ${deps.timeoutMs} ms` : 'could not connect',
          };
          if (attempt < MAX_TRIES) await sleep((deps.retryBaseMs ?? 500) * 2 ** (attempt - 1));
          continue;
        }
        if (res.ok) return { ok: true, status: res.status };
        const detail =
          body && typeof body === 'object' && 'message' in body ? String(body.message) : `HTTP ${res.status}`;
        if (res.status === 429) {
          const wait = await retryAfterOf(res, body);
          await deps.limiter.block(bucket, wait);
          last = { ok: false, kind: 'rate_limited', status: 429, retryAfterMs: wait, error: detail };
          if (wait > MAX_INLINE_WAIT_MS || ++rateLimited > MAX_TRIES) return last;
          await sleep(wait);
          // A 429 that we waited out does not use up one of the tries.
          attempt -= 1;
          continue;
        }
        if (res.status === 401 || res.status === 404)
          return { ok: false, kind: 'gone', status: res.status, error: detail };
        if (res.status >= 500) {
          last = { ok: false, kind: 'transient', status: res.status, error: detail };
          if (attempt < MAX_TRIES) await sleep((deps.retryBaseMs ?? 500) * 2 ** (attempt - 1));
          continue;
        }
        return { ok: false, kind: 'rejected', status: res.status, error: detail };
      }
      return last;
    },
  };
}

export type DiscordWebhookClient = ReturnType<typeof createDiscordWebhookClient>;

import { DISCORD_WEBHOOK_URL } from '@guildhall/contracts';
import { z } from 'zod';
import { createDiscordHttp } from '../../../core/outbound/discord-api';
import {
  checkDiscordMessage,
  type DiscordMessage,
  NO_MENTIONS,
} from '../../../core/outbound/discord-message';
import { type Clock, type HttpDeps, ProviderError } from '../../../core/outbound/http-client';
import type { RateLimiter } from '../../../core/rate-limiter';

export type { DiscordMessage } from '../../../core/outbound/discord-message';

/** A 429 asking for longer than this is not waited out inline: the message is rescheduled. */
const MAX_INLINE_WAIT_MS = 10_000;

export type DeliveryOutcome =
  | { ok: true; status: number }
  | { ok: false; kind: 'rate_limited'; status: 429; retryAfterMs: number; error: string }
  /** 401/404: the webhook was deleted or its token revoked; stop sending to it. */
  | { ok: false; kind: 'gone'; status: number; error: string }
  /** 5xx, timeouts, dropped connections: worth another try later. */
  | { ok: false; kind: 'transient'; status: number | null; error: string }
  /**
   * Other 4xx, or a message over Discord's limits (status null: it was not sent): this
   * message will never be accepted.
   */
  | { ok: false; kind: 'rejected'; status: number | null; error: string };

/** `?wait=true` answers the message it created; only its id is needed. */
const zCreatedMessage = z.object({ id: z.string() });

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

function outcomeOf(err: ProviderError): DeliveryOutcome {
  const error = err.detail ?? err.message;
  switch (err.kind) {
    case 'rate_limited':
      return { ok: false, kind: 'rate_limited', status: 429, retryAfterMs: err.retryAfterMs ?? 1_000, error };
    case 'unauthorized':
    case 'not_found':
      return { ok: false, kind: 'gone', status: err.status ?? 404, error };
    case 'malformed':
      // Discord took the message and answered oddly: sending it again would post it twice.
      if (err.status !== undefined && err.status < 300) return { ok: true, status: err.status };
      return { ok: false, kind: 'transient', status: err.status ?? null, error };
    case 'server':
    case 'timeout':
    case 'network':
      return { ok: false, kind: 'transient', status: err.status ?? null, error };
    default:
      return { ok: false, kind: 'rejected', status: err.status ?? 400, error };
  }
}

/**
 * Executes Discord webhooks through the core outbound client. The stored URL says which
 * webhook; the request goes to the configured API base (`DISCORD_API_BASE_URL`, versioned),
 * so tests and proxies can stand in. Each webhook is its own bucket, paused by Discord's
 * `X-RateLimit-*` headers and 429s.
 */
export function createDiscordWebhookClient(deps: {
  apiBaseUrl: string;
  timeoutMs: number;
  limiter: RateLimiter;
  retryBaseMs?: number;
  clock?: Clock;
}) {
  const http: HttpDeps = { ...deps, maxWaitMs: MAX_INLINE_WAIT_MS };
  return {
    async execute(webhookUrl: string, message: DiscordMessage): Promise<DeliveryOutcome> {
      const parsed = parseWebhookUrl(webhookUrl);
      if (!parsed) return { ok: false, kind: 'gone', status: 404, error: 'not a Discord webhook URL' };
      // Player text is in these messages: nobody is ever pinged, whatever it says.
      const body: DiscordMessage = { ...message, allowed_mentions: NO_MENTIONS };
      const over = checkDiscordMessage(body);
      if (over.length > 0)
        return {
          ok: false,
          kind: 'rejected',
          status: null,
          error: `over Discord's limits: ${over.map((v) => `${v.path} ${v.length}/${v.limit}`).join(', ')}`,
        };
      const client = createDiscordHttp(http, {
        apiBaseUrl: deps.apiBaseUrl,
        budget: { bucket: `discord:webhook:${parsed.id}`, rules: [] },
      });
      try {
        await client.request({
          path: `/webhooks/${parsed.id}/${parsed.token}`,
          query: { wait: 'true' },
          json: body,
          schema: zCreatedMessage,
        });
        return { ok: true, status: 200 };
      } catch (err) {
        if (err instanceof ProviderError) return outcomeOf(err);
        throw err;
      }
    },
  };
}

export type DiscordWebhookClient = ReturnType<typeof createDiscordWebhookClient>;

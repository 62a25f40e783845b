import crypto from 'node:crypto';
import { SpanStatusCode } from '@opentelemetry/api';
import { z } from 'zod';
import { recordOutbound } from '../metrics';
import { type BucketRule, type RateLimiter, RateLimitWaitError } from '../rate-limiter';
import { failSpan, SpanKind, startSpan } from '../tracing';
import { noteProviderAnswer } from './provider-health';

/**
 * The one client for outside HTTP APIs. Every provider (Raider.IO, Warcraft Logs, Blizzard,
 * Discord, and the next modules' Wise Old Man, OpenDota, Steam) is a name, a base URL, a
 * budget (token-bucket rules shared by every job, in memory or on Redis), default headers
 * and a zod schema per call: see `createHttpClient`.
 */
export type ProviderName = 'raiderio' | 'warcraftlogs' | 'blizzard' | 'discord' | (string & {});

/** Why a call to an outside API failed, in the terms the sync jobs act on. */
export type ProviderFailure =
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'bad_request'
  | 'rate_limited'
  | 'server'
  | 'timeout'
  | 'network'
  | 'malformed'
  | 'graphql';

export class ProviderError extends Error {
  constructor(
    readonly provider: ProviderName,
    readonly kind: ProviderFailure,
    message: string,
    readonly status?: number,
    /** For `rate_limited`: how long the provider asked us to wait. */
    readonly retryAfterMs?: number,
    /** The provider's own words, when its error body had any (`message`, `error`). */
    readonly detail?: string,
    /** What the `X-RateLimit-*` headers of the failing answer said. */
    readonly rateLimit?: RateLimitHeaders,
  ) {
    super(`${provider}: ${message}`);
    this.name = 'ProviderError';
  }
}

/** Time as the client sees it: tests pass a fake clock so waits are checked without sleeping. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** What every client needs: the shared token buckets and how patient to be. */
export interface HttpDeps {
  limiter: RateLimiter;
  timeoutMs: number;
  /** First delay before retrying a 5xx or a dropped connection; doubles per retry. */
  retryBaseMs?: number;
  /** Longest Retry-After (or bucket wait) honoured inline; longer ones fail as `rate_limited`. */
  maxWaitMs?: number;
  /** Defaults to the system clock; must be the limiter's clock too when it is replaced. */
  clock?: Clock;
}

/** A budget shared by every request of a provider (or of one credential). */
export interface Budget {
  bucket: string;
  rules: BucketRule[];
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface JsonRequest<T> {
  provider: ProviderName;
  url: string;
  method?: HttpMethod;
  headers?: Record<string, string>;
  body?: string | URLSearchParams;
  bucket: string;
  rules: BucketRule[];
  /** Budgets taken before this request's own: a provider-wide limit (Discord's global 50/s). */
  also?: Budget[];
  schema: z.ZodType<T>;
  /** Lets a provider map its own error bodies (Raider.IO answers 400 for unknown characters). */
  classify?: (status: number, body: unknown) => ProviderFailure | undefined;
  /** Sees every answer's status, headers and body first (OpenDota's `X-Rate-Limit-Remaining-*`). */
  observe?: (answer: { status: number; headers: Headers; body: unknown }) => void | Promise<void>;
}

const MAX_RATE_LIMITED = 4;
const MAX_TRANSIENT = 3;

/**
 * How long a 429 asks to wait, in ms: a JSON `retry_after` (seconds, with decimals: Discord)
 * first, then the Retry-After header (whole seconds or an HTTP date).
 */
export function retryAfterMs(header: string | null, body?: unknown, now = Date.now()): number | undefined {
  if (body && typeof body === 'object' && 'retry_after' in body) {
    const seconds = Number(body.retry_after);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
  }
  if (header) {
    const seconds = Number(header);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
    const date = Date.parse(header);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  return undefined;
}

/**
 * The `X-RateLimit-*` headers Discord (and other APIs) send with every answer: how many
 * requests the bucket allows, how many are left, and when it refills (seconds, decimals).
 */
export interface RateLimitHeaders {
  limit?: number;
  remaining?: number;
  resetAfterMs?: number;
  /** The provider's name for the limit (Discord's `X-RateLimit-Bucket` hash). */
  bucket?: string;
  /** `user`, `global` or `shared` (Discord, on 429s). */
  scope?: string;
  /** A limit on every request of this client, not only this route. */
  global: boolean;
}

const headerNumber = (headers: Headers, name: string) => {
  const raw = headers.get(name);
  if (raw === null || raw.trim() === '') return undefined;
  const n = Number(raw);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
};

export function readRateLimitHeaders(headers: Headers): RateLimitHeaders {
  // The IETF draft's unprefixed `RateLimit-*` (Wise Old Man) when the `X-` ones are absent;
  // its `RateLimit-Reset` is seconds to the window's end, like Discord's Reset-After.
  const resetAfter =
    headerNumber(headers, 'x-ratelimit-reset-after') ?? headerNumber(headers, 'ratelimit-reset');
  const scope = headers.get('x-ratelimit-scope') ?? undefined;
  return {
    limit: headerNumber(headers, 'x-ratelimit-limit') ?? headerNumber(headers, 'ratelimit-limit'),
    remaining: headerNumber(headers, 'x-ratelimit-remaining') ?? headerNumber(headers, 'ratelimit-remaining'),
    resetAfterMs: resetAfter === undefined ? undefined : Math.ceil(resetAfter * 1000),
    bucket: headers.get('x-ratelimit-bucket') ?? undefined,
    scope,
    global: headers.get('x-ratelimit-global')?.toLowerCase() === 'true' || scope === 'global',
  };
}

/** The provider's own words in an error body: `message` (Discord, Raider.IO) or `error` (OAuth). */
function detailOf(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  for (const key of ['message', 'error'] as const) {
    const value = (body as Record<string, unknown>)[key];
    if (typeof value === 'string' && value.trim() !== '') return value.slice(0, 200);
  }
  return undefined;
}

const parseBody = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

const isTimeout = (err: unknown) =>
  err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');

/**
 * One JSON request with the rules every provider shares: a token from the bucket first;
 * 429 blocks the bucket for its Retry-After and retries; 5xx, timeouts and dropped
 * connections retry with exponential backoff; the body is parsed and checked against
 * the provider's documented shape, so a malformed answer never reaches the database.
 */
export async function requestJson<T>(deps: HttpDeps, req: JsonRequest<T>): Promise<T> {
  const maxWaitMs = deps.maxWaitMs ?? 60_000;
  const retryBase = deps.retryBaseMs ?? 500;
  const clock = deps.clock ?? systemClock;
  const sleep = (ms: number) => clock.sleep(ms);
  let rateLimited = 0;
  let transient = 0;
  const what = `${req.method ?? 'GET'} ${new URL(req.url).pathname}`;
  for (;;) {
    try {
      for (const budget of req.also ?? [])
        await deps.limiter.take(budget.bucket, budget.rules, { maxWaitMs });
      await deps.limiter.take(req.bucket, req.rules, { maxWaitMs });
    } catch (err) {
      if (err instanceof RateLimitWaitError)
        throw new ProviderError(req.provider, 'rate_limited', err.message, 429, err.waitMs);
      throw err;
    }
    // One client span per attempt (with tracing on), under the request's or the job's span.
    const span = startSpan(`${req.provider} ${req.method ?? 'GET'}`, {
      kind: SpanKind.CLIENT,
      attributes: {
        'http.request.method': req.method ?? 'GET',
        'server.address': new URL(req.url).host,
        'url.path': new URL(req.url).pathname,
        'guildhall.provider': req.provider,
      },
    });
    let res: Response;
    try {
      res = await fetch(req.url, {
        method: req.method ?? 'GET',
        headers: { accept: 'application/json', 'user-agent': 'Guildhall', ...req.headers },
        body: req.body,
        signal: AbortSignal.timeout(deps.timeoutMs),
        redirect: 'error',
      });
    } catch (err) {
      const kind = isTimeout(err) ? 'timeout' : 'network';
      recordOutbound(req.provider, kind);
      noteProviderAnswer(req.provider, kind);
      if (span) {
        failSpan(span, err);
        span.end();
      }
      if (++transient < MAX_TRANSIENT) {
        await sleep(retryBase * 2 ** (transient - 1));
        continue;
      }
      throw new ProviderError(
        req.provider,
        kind,
        kind === 'timeout' ? `${what} timed out after ${deps.timeoutMs} ms` : `${what} could not connect`,
      );
    }
    recordOutbound(req.provider, res.status);
    noteProviderAnswer(req.provider, res.status);
    span?.setAttribute('http.response.status_code', res.status);
    if (span && (res.status === 429 || res.status >= 500))
      span.setStatus({ code: SpanStatusCode.ERROR, message: `answered ${res.status}` });
    let text: string;
    try {
      text = await res.text();
    } catch (err) {
      const kind = isTimeout(err) ? 'timeout' : 'network';
      if (span) failSpan(span, err);
      if (++transient < MAX_TRANSIENT) {
        await sleep(retryBase * 2 ** (transient - 1));
        continue;
      }
      throw new ProviderError(req.provider, kind, `${what}: the answer was cut off`);
    } finally {
      span?.end();
    }
    const body = parseBody(text);
    await req.observe?.({ status: res.status, headers: res.headers, body });
    const limits = readRateLimitHeaders(res.headers);
    if (res.status === 429) {
      // The precise values first: `Retry-After` is rounded up to whole seconds.
      const wait =
        limits.resetAfterMs ?? retryAfterMs(res.headers.get('retry-after'), body, clock.now()) ?? 1_000;
      const globalLimit = limits.global || (isRecord(body) && body.global === true);
      // A global limit stops every request of the provider; any other, this route's bucket.
      const blocked = globalLimit && req.also?.length ? req.also.map((b) => b.bucket) : [req.bucket];
      for (const bucket of blocked) await deps.limiter.block(bucket, wait);
      if (++rateLimited < MAX_RATE_LIMITED && wait <= maxWaitMs) continue;
      throw new ProviderError(
        req.provider,
        'rate_limited',
        `${what}: rate limited`,
        429,
        wait,
        detailOf(body),
        limits,
      );
    }
    // The bucket is spent: nobody sends on it again before it refills, so no 429 comes back.
    if (limits.remaining === 0 && limits.resetAfterMs !== undefined && limits.resetAfterMs > 0)
      await deps.limiter.block(req.bucket, limits.resetAfterMs);
    if (res.status >= 500) {
      if (++transient < MAX_TRANSIENT) {
        await sleep(retryBase * 2 ** (transient - 1));
        continue;
      }
      throw new ProviderError(
        req.provider,
        'server',
        `${what} answered ${res.status}`,
        res.status,
        undefined,
        detailOf(body),
      );
    }
    if (res.status >= 400) {
      const kind =
        req.classify?.(res.status, body) ??
        (res.status === 401
          ? 'unauthorized'
          : res.status === 403
            ? 'forbidden'
            : res.status === 404
              ? 'not_found'
              : 'bad_request');
      throw new ProviderError(
        req.provider,
        kind,
        `${what} answered ${res.status}`,
        res.status,
        undefined,
        detailOf(body),
      );
    }
    // An empty answer (204) is checked like any other: only a schema that allows nothing passes.
    if (body === undefined && text.trim() !== '')
      throw new ProviderError(req.provider, 'malformed', `${what}: the answer is not JSON`, res.status);
    const parsed = req.schema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ProviderError(
        req.provider,
        'malformed',
        `${what}: unexpected answer (${issue?.path.join('.') || 'body'}: ${issue?.message})`,
        res.status,
      );
    }
    return parsed.data;
  }
}

/** What a provider is, for the client built on it. */
export interface OutboundProvider {
  name: ProviderName;
  /** Paths are appended to it (`https://discord.com/api/v10` + `/users/@me`). */
  baseUrl: string;
  /** The budget every call takes from, unless a call names its own. */
  budget: Budget;
  /** Budgets every call takes from first (a provider-wide limit). */
  also?: Budget[];
  /** Sent with every call (an API key, a User-Agent the provider asks for). */
  headers?: Record<string, string>;
  classify?: JsonRequest<unknown>['classify'];
}

export interface OutboundCall<T> {
  /** Appended to the provider's base URL; an absolute URL is used as it is. */
  path: string;
  method?: HttpMethod;
  query?: Record<string, string | number | undefined>;
  headers?: Record<string, string>;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent form-encoded (OAuth token endpoints). */
  form?: Record<string, string>;
  schema: z.ZodType<T>;
  /** A budget of its own (one webhook, one route) instead of the provider's. */
  budget?: Budget;
  classify?: JsonRequest<T>['classify'];
  observe?: JsonRequest<T>['observe'];
}

/** Joins a base URL and a path, keeping the base's own path (`/api/v10`). */
export function joinUrl(base: string, path: string): URL {
  if (/^https?:\/\//i.test(path)) return new URL(path);
  return new URL(`${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`);
}

/**
 * A provider's client: every call goes through `requestJson`, so each provider gets the
 * shared buckets, Retry-After and `X-RateLimit-*` handling, backoff and checked answers.
 */
export function createHttpClient(deps: HttpDeps, provider: OutboundProvider) {
  const urlOf = (path: string, query: OutboundCall<unknown>['query'] = {}): string => {
    const url = joinUrl(provider.baseUrl, path);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
    return url.toString();
  };
  return {
    provider: provider.name,
    url: urlOf,
    request<T>(call: OutboundCall<T>): Promise<T> {
      const budget = call.budget ?? provider.budget;
      const headers: Record<string, string> = { ...provider.headers, ...call.headers };
      let body: string | URLSearchParams | undefined;
      if (call.form) {
        body = new URLSearchParams(call.form).toString();
        headers['content-type'] = 'application/x-www-form-urlencoded';
      } else if (call.json !== undefined) {
        body = JSON.stringify(call.json);
        headers['content-type'] = 'application/json';
      }
      return requestJson(deps, {
        provider: provider.name,
        url: urlOf(call.path, call.query),
        method: call.method ?? (body === undefined ? 'GET' : 'POST'),
        headers,
        body,
        bucket: budget.bucket,
        rules: budget.rules,
        also: provider.also,
        schema: call.schema,
        classify: call.classify ?? provider.classify,
        observe: call.observe,
      });
    },
  };
}

export type HttpClient = ReturnType<typeof createHttpClient>;

const zTokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.number().positive(),
});

interface CachedToken {
  token: string;
  expiresAt: number;
}

/** Client-credentials tokens, kept per process until a minute before they expire. */
const tokenCache = new Map<string, CachedToken>();

/** An OAuth2 client-credentials token source, shared by every job in the process. */
export function clientCredentials(
  deps: HttpDeps,
  opts: {
    provider: ProviderName;
    tokenUrl: string;
    clientId: string;
    clientSecret: string;
    bucket: string;
    rules: BucketRule[];
  },
) {
  const key = `${opts.tokenUrl}|${opts.clientId}|${crypto.createHash('sha256').update(opts.clientSecret).digest('hex')}`;
  return {
    async get(): Promise<string> {
      const now = (deps.clock ?? systemClock).now;
      const hit = tokenCache.get(key);
      if (hit && hit.expiresAt > now()) return hit.token;
      try {
        const res = await requestJson(deps, {
          provider: opts.provider,
          url: opts.tokenUrl,
          method: 'POST',
          headers: {
            authorization: `Basic ${Buffer.from(`${opts.clientId}:${opts.clientSecret}`).toString('base64')}`,
            'content-type': 'application/x-www-form-urlencoded',
          },
          body: new URLSearchParams({ grant_type: 'client_credentials' }).toString(),
          bucket: opts.bucket,
          rules: opts.rules,
          schema: zTokenResponse,
          // A wrong id or secret is 400 invalid_client or 401 at the token endpoint.
          classify: (status) => (status === 400 || status === 401 ? 'unauthorized' : undefined),
        });
        const expiresAt = now() + Math.max(0, res.expires_in - 60) * 1000;
        tokenCache.set(key, { token: res.access_token, expiresAt });
        return res.access_token;
      } catch (err) {
        if (err instanceof ProviderError && err.kind === 'unauthorized')
          throw new ProviderError(opts.provider, 'unauthorized', 'the client id or secret was refused', 401);
        throw err;
      }
    },
    invalidate(): void {
      tokenCache.delete(key);
    },
  };
}

export type TokenSource = ReturnType<typeof clientCredentials>;

/** Calls with a bearer token; a 401 means the token was revoked or expired early: refresh once. */
export async function withToken<T>(tokens: TokenSource, call: (token: string) => Promise<T>): Promise<T> {
  try {
    return await call(await tokens.get());
  } catch (err) {
    if (!(err instanceof ProviderError) || err.kind !== 'unauthorized') throw err;
    tokens.invalidate();
    return call(await tokens.get());
  }
}

/** A short, stable name for a credential in bucket keys: never the secret itself. */
export const credentialTag = (value: string) =>
  crypto.createHash('sha256').update(value).digest('hex').slice(0, 12);

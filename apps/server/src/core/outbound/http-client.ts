import crypto from 'node:crypto';
import { z } from 'zod';
import { type BucketRule, type RateLimiter, RateLimitWaitError } from '../rate-limiter';

export type ProviderName = 'raiderio' | 'warcraftlogs' | 'blizzard';

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
  ) {
    super(`${provider}: ${message}`);
    this.name = 'ProviderError';
  }
}

/** What every client needs: the shared token buckets and how patient to be. */
export interface HttpDeps {
  limiter: RateLimiter;
  timeoutMs: number;
  /** First delay before retrying a 5xx or a dropped connection; doubles per retry. */
  retryBaseMs?: number;
  /** Longest Retry-After (or bucket wait) honoured inline; longer ones fail as `rate_limited`. */
  maxWaitMs?: number;
}

export interface JsonRequest<T> {
  provider: ProviderName;
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string | URLSearchParams;
  bucket: string;
  rules: BucketRule[];
  schema: z.ZodType<T>;
  /** Lets a provider map its own error bodies (Raider.IO answers 400 for unknown characters). */
  classify?: (status: number, body: unknown) => ProviderFailure | undefined;
}

const MAX_RATE_LIMITED = 4;
const MAX_TRANSIENT = 3;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A Retry-After header (seconds or an HTTP date) or a JSON `retry_after` (seconds), in ms. */
export function retryAfterMs(header: string | null, body?: unknown): number | undefined {
  if (header) {
    const seconds = Number(header);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
    const date = Date.parse(header);
    if (!Number.isNaN(date)) return Math.max(0, date - Date.now());
  }
  if (body && typeof body === 'object' && 'retry_after' in body) {
    const seconds = Number(body.retry_after);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
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
  let rateLimited = 0;
  let transient = 0;
  const what = `${req.method ?? 'GET'} ${new URL(req.url).pathname}`;
  for (;;) {
    try {
      await deps.limiter.take(req.bucket, req.rules, { maxWaitMs });
    } catch (err) {
      if (err instanceof RateLimitWaitError)
        throw new ProviderError(req.provider, 'rate_limited', err.message, 429, err.waitMs);
      throw err;
    }
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
    let text: string;
    try {
      text = await res.text();
    } catch (err) {
      const kind = isTimeout(err) ? 'timeout' : 'network';
      if (++transient < MAX_TRANSIENT) {
        await sleep(retryBase * 2 ** (transient - 1));
        continue;
      }
      throw new ProviderError(req.provider, kind, `${what}: the answer was cut off`);
    }
    const body = parseBody(text);
    if (res.status === 429) {
      const wait = retryAfterMs(res.headers.get('retry-after'), body) ?? 1_000;
      await deps.limiter.block(req.bucket, wait);
      if (++rateLimited < MAX_RATE_LIMITED && wait <= maxWaitMs) continue;
      throw new ProviderError(req.provider, 'rate_limited', `${what}: rate limited`, 429, wait);
    }
    if (res.status >= 500) {
      if (++transient < MAX_TRANSIENT) {
        await sleep(retryBase * 2 ** (transient - 1));
        continue;
      }
      throw new ProviderError(req.provider, 'server', `${what} answered ${res.status}`, res.status);
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
      throw new ProviderError(req.provider, kind, `${what} answered ${res.status}`, res.status);
    }
    if (body === undefined)
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
      const hit = tokenCache.get(key);
      if (hit && hit.expiresAt > Date.now()) return hit.token;
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
        const expiresAt = Date.now() + Math.max(0, res.expires_in - 60) * 1000;
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

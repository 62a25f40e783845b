import { type Budget, createHttpClient, type HttpDeps } from './http-client';

/**
 * Discord's API version. The unversioned `/api` path still answers as v6, where
 * `retry_after` and `Retry-After` are milliseconds: read as seconds, a 1.5 s limit became a
 * 25-minute pause. From v8 on they are seconds.
 */
export const DISCORD_API_VERSION = 10;

/** The configured base with the version Guildhall speaks, added when it names none. */
export function discordApiBase(configured: string): string {
  const base = configured.replace(/\/+$/, '');
  return /\/v\d+$/.test(base) ? base : `${base}/v${DISCORD_API_VERSION}`;
}

/**
 * Discord's one documented fixed limit: 50 requests a second for the whole application
 * (per IP address for webhooks). Every other limit is read from the `X-RateLimit-*` headers
 * of each answer, as Discord asks, rather than written down here.
 */
export const DISCORD_GLOBAL_BUDGET: Budget = {
  bucket: 'discord:global',
  rules: [{ capacity: 50, perMs: 1_000 }],
};

/** The form Discord asks bots to identify themselves with. */
export const DISCORD_USER_AGENT = 'DiscordBot (https://github.com/guildhall/guildhall, 0.1.0)';

/**
 * A client of Discord's REST API: webhooks, OAuth and the coming bot use it. `budget` is the
 * route's bucket (one per webhook, one for sign-in); it starts with no local rule and is
 * blocked whenever Discord says it is spent (`X-RateLimit-Remaining: 0`) or answers 429.
 */
export function createDiscordHttp(deps: HttpDeps, opts: { apiBaseUrl: string; budget: Budget }) {
  return createHttpClient(deps, {
    name: 'discord',
    baseUrl: discordApiBase(opts.apiBaseUrl),
    budget: opts.budget,
    also: [DISCORD_GLOBAL_BUDGET],
    headers: { 'user-agent': DISCORD_USER_AGENT },
  });
}

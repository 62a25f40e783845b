/**
 * How the agent reacts to each answer from the server, and how long it waits before trying again.
 * Pure functions: the uploader supplies the clock and the random source.
 */

export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, capMs: 5 * 60_000 };

/** What an HTTP status means for the upload that received it. */
export type StatusVerdict =
  | 'delivered' // 2xx: the server has the file
  | 'retry' // the server or the network may recover: keep the file and try again later
  | 'rejected' // the server will never accept this version: drop it, wait for the next one
  | 'bad-key' // 401: nothing will work until the key is fixed
  | 'no-scope' // 403: the key is valid but may not upload
  | 'wrong-server'; // 3xx/404/405: --server does not point at a Guildhall upload endpoint

export function classifyStatus(status: number): StatusVerdict {
  if (status >= 200 && status < 300) return 'delivered';
  if (status === 401) return 'bad-key';
  if (status === 403) return 'no-scope';
  // Redirects are not followed: a POST would turn into a GET, and the key may already have gone out in clear.
  if ((status >= 300 && status < 400) || status === 404 || status === 405) return 'wrong-server';
  if (status === 408 || status === 425 || status === 429 || status >= 500) return 'retry';
  if (status >= 400) return 'rejected';
  // Anything odd (1xx) is treated as temporary.
  return 'retry';
}

/**
 * "Full jitter" exponential backoff: a uniformly random wait in [0, min(cap, base * 2^retryIndex)).
 * `retryIndex` is 0 for the wait after the first failure.
 */
export function backoffDelayMs(retryIndex: number, random: () => number, policy = DEFAULT_BACKOFF): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, retryIndex));
  return Math.floor(random() * ceiling);
}

/**
 * Parses a Retry-After header (delta-seconds or an HTTP-date) into milliseconds from `nowMs`.
 * Returns undefined when the header is absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value == null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1_000;
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/**
 * The wait before the next attempt: the jittered backoff, but never sooner than the server asked.
 * The server's Retry-After is honoured even beyond the backoff cap.
 */
export function nextRetryDelayMs(options: {
  retryIndex: number;
  random: () => number;
  retryAfterMs?: number | undefined;
  policy?: BackoffPolicy;
}): number {
  const jittered = backoffDelayMs(options.retryIndex, options.random, options.policy);
  return Math.max(jittered, options.retryAfterMs ?? 0);
}

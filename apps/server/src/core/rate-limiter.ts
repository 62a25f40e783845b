import { Redis } from 'ioredis';

/** One budget: `capacity` tokens, refilled evenly over `perMs` (300 per minute, 100 per second…). */
export interface BucketRule {
  capacity: number;
  perMs: number;
}

/**
 * Token buckets for outside APIs, one per provider and credential, shared by every job of
 * this process (in memory) or of every process (Redis, when `REDIS_URL` is set). A bucket
 * may hold several rules (Blizzard: 100 per second and 36,000 per hour): a request takes a
 * token from each, or waits. A 429 blocks the whole bucket until its Retry-After.
 */
export interface RateLimiter {
  readonly kind: 'memory' | 'redis';
  /**
   * Waits until `cost` tokens are free in every rule of the bucket, then takes them.
   * Throws RateLimitWaitError instead of waiting longer than `maxWaitMs`.
   */
  take(bucket: string, rules: BucketRule[], opts?: { cost?: number; maxWaitMs?: number }): Promise<void>;
  /** Blocks the bucket for everyone until `ms` from now (a provider's Retry-After). */
  block(bucket: string, ms: number): Promise<void>;
  /** Empties the bucket's rules (a provider said how much is spent: WCL's `rateLimitData`). */
  drain(bucket: string, rules: BucketRule[], remaining: number): Promise<void>;
  close(): Promise<void>;
}

export class RateLimitWaitError extends Error {
  constructor(
    readonly bucket: string,
    readonly waitMs: number,
  ) {
    super(`rate limit of ${bucket} is spent: next request possible in ${Math.ceil(waitMs / 1000)} s`);
    this.name = 'RateLimitWaitError';
  }
}

const DEFAULT_MAX_WAIT_MS = 60_000;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createRateLimiter(opts: { redisUrl?: string; prefix?: string } = {}): RateLimiter {
  return opts.redisUrl
    ? createRedisLimiter(opts.redisUrl, opts.prefix ?? 'guildhall')
    : createMemoryLimiter(() => Date.now());
}

/** Generic loop over an atomic "try to take, else tell me how long to wait" step. */
async function takeLoop(
  bucket: string,
  maxWaitMs: number,
  attempt: () => Promise<number>,
  pause: (ms: number) => Promise<void> = sleep,
): Promise<void> {
  for (;;) {
    const wait = await attempt();
    if (wait <= 0) return;
    if (wait > maxWaitMs) throw new RateLimitWaitError(bucket, wait);
    await pause(Math.min(wait, 1_000));
  }
}

interface BucketState {
  tokens: number;
  at: number;
}

/** `pause` waits between tries; a fake clock passes one that moves its time forward instead. */
export function createMemoryLimiter(
  now: () => number,
  pause: (ms: number) => Promise<void> = sleep,
): RateLimiter {
  const states = new Map<string, BucketState>();
  const blocked = new Map<string, number>();

  const stateOf = (key: string, rule: BucketRule, t: number): BucketState => {
    const s = states.get(key) ?? { tokens: rule.capacity, at: t };
    const refilled = Math.min(rule.capacity, s.tokens + ((t - s.at) * rule.capacity) / rule.perMs);
    return { tokens: refilled, at: t };
  };

  /** Takes the tokens from every rule at once, or none and answers the wait. */
  function tryTake(bucket: string, rules: BucketRule[], cost: number): number {
    const t = now();
    const until = blocked.get(bucket) ?? 0;
    if (until > t) return until - t;
    const current = rules.map((rule, i) => ({
      key: `${bucket}#${i}`,
      rule,
      s: stateOf(`${bucket}#${i}`, rule, t),
    }));
    let wait = 0;
    for (const { rule, s } of current) {
      if (s.tokens < cost) wait = Math.max(wait, Math.ceil(((cost - s.tokens) * rule.perMs) / rule.capacity));
    }
    if (wait > 0) return wait;
    for (const { key, s } of current) states.set(key, { tokens: s.tokens - cost, at: s.at });
    return 0;
  }

  return {
    kind: 'memory',
    take: (bucket, rules, o = {}) =>
      takeLoop(
        bucket,
        o.maxWaitMs ?? DEFAULT_MAX_WAIT_MS,
        async () => tryTake(bucket, rules, o.cost ?? 1),
        pause,
      ),
    async block(bucket, ms) {
      blocked.set(bucket, Math.max(blocked.get(bucket) ?? 0, now() + ms));
    },
    async drain(bucket, rules, remaining) {
      const t = now();
      rules.forEach((rule, i) => {
        const key = `${bucket}#${i}`;
        const s = stateOf(key, rule, t);
        states.set(key, { tokens: Math.min(s.tokens, Math.max(0, remaining)), at: t });
      });
    },
    async close() {},
  };
}

/**
 * The same algorithm as one Lua script, so every process shares one budget. Redis's own
 * clock is used, so processes with skewed clocks still agree. KEYS: the block key, then one
 * hash per rule; ARGV: cost, then capacity and period (ms) per rule. Answers the wait in ms.
 */
const TAKE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local cost = tonumber(ARGV[1])
local until_ms = tonumber(redis.call('GET', KEYS[1]) or '0')
if until_ms > now then return until_ms - now end
local wait = 0
local tokens = {}
for i = 2, #KEYS do
  local cap = tonumber(ARGV[i * 2 - 2])
  local per = tonumber(ARGV[i * 2 - 1])
  local s = redis.call('HMGET', KEYS[i], 'tokens', 'at')
  local tk = tonumber(s[1] or cap)
  local at = tonumber(s[2] or now)
  tk = math.min(cap, tk + (now - at) * cap / per)
  tokens[i] = tk
  if tk < cost then
    local w = math.ceil((cost - tk) * per / cap)
    if w > wait then wait = w end
  end
end
if wait > 0 then return wait end
for i = 2, #KEYS do
  local per = tonumber(ARGV[i * 2 - 1])
  redis.call('HSET', KEYS[i], 'tokens', tostring(tokens[i] - cost), 'at', tostring(now))
  redis.call('PEXPIRE', KEYS[i], per * 2)
end
return 0
`;

const DRAIN_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local remaining = tonumber(ARGV[1])
for i = 1, #KEYS do
  local cap = tonumber(ARGV[i * 2])
  local per = tonumber(ARGV[i * 2 + 1])
  local s = redis.call('HMGET', KEYS[i], 'tokens', 'at')
  local tk = tonumber(s[1] or cap)
  local at = tonumber(s[2] or now)
  tk = math.min(cap, tk + (now - at) * cap / per)
  redis.call('HSET', KEYS[i], 'tokens', tostring(math.min(tk, remaining)), 'at', tostring(now))
  redis.call('PEXPIRE', KEYS[i], per * 2)
end
return 0
`;

function createRedisLimiter(url: string, prefix: string): RateLimiter {
  const redis = new Redis(url, { maxRetriesPerRequest: 2, lazyConnect: true });
  redis.on('error', () => {});
  const base = `${prefix}:bucket:`;
  const ruleKeys = (bucket: string, rules: BucketRule[]) => rules.map((_, i) => `${base}${bucket}#${i}`);
  const ruleArgs = (rules: BucketRule[]) => rules.flatMap((r) => [r.capacity, r.perMs]);

  return {
    kind: 'redis',
    take: (bucket, rules, o = {}) =>
      takeLoop(bucket, o.maxWaitMs ?? DEFAULT_MAX_WAIT_MS, async () => {
        const keys = [`${base}${bucket}:blocked`, ...ruleKeys(bucket, rules)];
        const wait = await redis.eval(TAKE_SCRIPT, keys.length, ...keys, o.cost ?? 1, ...ruleArgs(rules));
        return Number(wait);
      }),
    async block(bucket, ms) {
      const key = `${base}${bucket}:blocked`;
      const [sec, micro] = await redis.time();
      const until = Number(sec) * 1000 + Math.floor(Number(micro) / 1000) + ms;
      // Only ever extends a block: two 429s never shorten each other's wait.
      await redis.eval(
        "local c = tonumber(redis.call('GET', KEYS[1]) or '0') if tonumber(ARGV[1]) > c then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) end return 0",
        1,
        key,
        until,
        Math.ceil(ms) + 1000,
      );
    },
    async drain(bucket, rules, remaining) {
      const keys = ruleKeys(bucket, rules);
      await redis.eval(DRAIN_SCRIPT, keys.length, ...keys, remaining, ...ruleArgs(rules));
    },
    async close() {
      redis.disconnect();
    },
  };
}

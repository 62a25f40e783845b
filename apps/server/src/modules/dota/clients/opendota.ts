import { z } from 'zod';
import {
  createHttpClient,
  credentialTag,
  type HttpDeps,
  ProviderError,
  systemClock,
} from '../../../core/outbound/http-client';
import { type BucketRule, RateLimitWaitError } from '../../../core/rate-limiter';

/**
 * OpenDota's API on the shared outbound client. Budgets as published: without a key 60 calls
 * per calendar minute and 3,000 per UTC day (per IP), with a key 300 per minute. A token
 * bucket lets `capacity + rate × window` through in a window, so half of each minute's
 * allowance is burst and half steady rate: never more than the limit in any calendar minute.
 * The day's calls are counted in the database (`DailyUsage`) so a restart does not overspend.
 */
export const OPENDOTA_RULES_PUBLIC: BucketRule[] = [{ capacity: 30, perMs: 60_000 }];
export const OPENDOTA_RULES_KEY: BucketRule[] = [{ capacity: 150, perMs: 60_000 }];
export const OPENDOTA_DAILY_LIMIT_PUBLIC = 3_000;

export type OpenDotaErrorCode =
  /** OpenDota's per-minute limit (a 429, or our own bucket) and the wait is longer than allowed. */
  | 'MINUTE_LIMIT'
  /** The day's budget is spent (OpenDota said so, or our count reached it): wait for 00:00 UTC. */
  | 'DAILY_LIMIT'
  | 'INVALID_API_KEY'
  /** The SQL explorer refused the query (syntax, permissions, the 15 s statement timeout). */
  | 'SQL_ERROR'
  | 'BAD_REQUEST'
  | 'NOT_FOUND'
  | 'UNAVAILABLE'
  | 'UNEXPECTED';

export class OpenDotaError extends Error {
  constructor(
    readonly code: OpenDotaErrorCode,
    message: string,
    readonly status?: number,
    /** For the limits: when calls may go again (epoch ms). */
    readonly resumeAt?: number,
  ) {
    super(`OpenDota: ${message}`);
    this.name = 'OpenDotaError';
  }
}

/** The day's calls, persisted under a key (budget bucket and UTC date), shared by every process. */
export interface DailyUsage {
  /** Counts one call unless `limit` are already counted or the day is marked spent; answers whether it may go. */
  reserve(key: string, limit: number): Promise<boolean>;
  /** OpenDota reported `used` calls so far today (from `X-Rate-Limit-Remaining-Day`). */
  sync(key: string, used: number): Promise<void>;
  /** OpenDota answered "daily api limit exceeded": nothing more today. */
  exhaust(key: string): Promise<void>;
  /** Gives back a counted call that never went out. */
  release(key: string): Promise<void>;
  used(key: string): Promise<{ calls: number; exhausted: boolean }>;
}

export const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const nextUtcMidnight = (ms: number) => (Math.floor(ms / 86_400_000) + 1) * 86_400_000;
export const nextUtcMinute = (ms: number) => (Math.floor(ms / 60_000) + 1) * 60_000;

// ---- Shapes (checked loosely: OpenDota adds fields; rows are normalised one by one later) ----

const zTeam = z.union([z.array(z.number().int()), z.string()]).nullish();

const zPublicMatchRow = z.looseObject({
  match_id: z.number().int().positive(),
  match_seq_num: z.number().int().nullish(),
  radiant_win: z.boolean().nullish(),
  start_time: z.number().int().nullish(),
  duration: z.number().int().nullish(),
  lobby_type: z.number().int().nullish(),
  game_mode: z.number().int().nullish(),
  avg_rank_tier: z.number().int().nullish(),
  num_rank_tier: z.number().int().nullish(),
  cluster: z.number().int().nullish(),
  radiant_team: zTeam,
  dire_team: zTeam,
  avg_mmr: z.number().nullish(),
  num_mmr: z.number().nullish(),
});
export type PublicMatchRow = z.infer<typeof zPublicMatchRow>;

const zHero = z.looseObject({
  id: z.number().int().positive(),
  name: z.string(),
  localized_name: z.string(),
  primary_attr: z.string(),
  attack_type: z.string(),
  roles: z.array(z.string()).default([]),
});
export type OpenDotaHero = z.infer<typeof zHero>;

const zExplorer = z.looseObject({
  rowCount: z.number().int().nullish(),
  rows: z.array(z.record(z.string(), z.unknown())),
  fields: z.array(z.looseObject({ name: z.string() })).nullish(),
  err: z.unknown().nullish(),
});

const zPlayerMatch = z.looseObject({
  match_id: z.number().int().positive(),
  player_slot: z.number().int().nullish(),
  radiant_win: z.boolean().nullish(),
  duration: z.number().int().nullish(),
  game_mode: z.number().int().nullish(),
  lobby_type: z.number().int().nullish(),
  hero_id: z.number().int().nullish(),
  start_time: z.number().int(),
  version: z.number().int().nullish(),
  kills: z.number().int().nullish(),
  deaths: z.number().int().nullish(),
  assists: z.number().int().nullish(),
  average_rank: z.number().int().nullish(),
  party_size: z.number().int().nullish(),
});
export type OpenDotaPlayerMatch = z.infer<typeof zPlayerMatch>;

const zPlayerHero = z.looseObject({
  hero_id: z.number().int(),
  last_played: z.number().int().nullish(),
  games: z.number().int(),
  win: z.number().int(),
  with_games: z.number().int().nullish(),
  with_win: z.number().int().nullish(),
  against_games: z.number().int().nullish(),
  against_win: z.number().int().nullish(),
});
export type OpenDotaPlayerHero = z.infer<typeof zPlayerHero>;

const zMatchPlayer = z.looseObject({
  account_id: z.number().int().nullish(),
  player_slot: z.number().int(),
  hero_id: z.number().int(),
});
const zMatch = z.looseObject({
  match_id: z.number().int().positive(),
  radiant_win: z.boolean().nullish(),
  duration: z.number().int().nullish(),
  start_time: z.number().int(),
  game_mode: z.number().int().nullish(),
  lobby_type: z.number().int().nullish(),
  players: z.array(zMatchPlayer).default([]),
});
export type OpenDotaMatch = z.infer<typeof zMatch>;

// ---- Errors ----

const said = (body: unknown): string | undefined => {
  if (!body || typeof body !== 'object') return undefined;
  const rec = body as Record<string, unknown>;
  for (const key of ['error', 'err'] as const) {
    const v = rec[key];
    if (typeof v === 'string' && v.trim() !== '') return v.slice(0, 300);
  }
  return undefined;
};

export interface OpenDotaDeps extends HttpDeps {
  baseUrl: string;
  apiKey?: string;
  usage: DailyUsage;
  /** Calls a UTC day; default 3,000 without a key, none with one. */
  dailyLimit?: number;
}

export interface PublicMatchesQuery {
  lessThanMatchId?: number;
  minRank?: number;
  maxRank?: number;
}

export interface PlayerMatchesQuery {
  limit?: number;
  offset?: number;
  /** Days back. */
  date?: number;
  heroId?: number;
  significant?: 0 | 1;
}

/** Retries of one call after a per-minute 429 before it fails as MINUTE_LIMIT. */
const MINUTE_RETRIES = 2;

/**
 * The client. It waits for its own minute bucket (up to `maxWaitMs`, default a minute and a
 * bit, since OpenDota's windows are calendar minutes), and reads the rest from OpenDota: the
 * `X-Rate-Limit-Remaining-Minute` header at 0 blocks the bucket to the next minute, the
 * `…-Day` header corrects the persisted day count, and the two 429 bodies wait to the next
 * minute or stop everything to 00:00 UTC.
 */
export function createOpenDotaClient(deps: OpenDotaDeps) {
  const clock = deps.clock ?? systemClock;
  const maxWaitMs = deps.maxWaitMs ?? 65_000;
  const budget = deps.apiKey
    ? { bucket: `opendota:${credentialTag(deps.apiKey)}`, rules: OPENDOTA_RULES_KEY }
    : { bucket: 'opendota:public', rules: OPENDOTA_RULES_PUBLIC };
  const dailyLimit = deps.dailyLimit ?? (deps.apiKey ? undefined : OPENDOTA_DAILY_LIMIT_PUBLIC);
  const dayBucket = budget.bucket;
  // The shared client never waits itself (maxWaitMs 0): this one decides, with OpenDota's words.
  const http = createHttpClient(
    { ...deps, maxWaitMs: 0 },
    {
      name: 'opendota',
      baseUrl: deps.baseUrl,
      budget,
      headers: deps.apiKey ? { authorization: `Bearer ${deps.apiKey}` } : {},
    },
  );
  let calls = 0;
  const remaining = { minute: undefined as number | undefined, day: undefined as number | undefined };
  const dayKey = () => `${dayBucket}|${utcDay(clock.now())}`;

  async function observe(answer: { status: number; headers: Headers }) {
    const minute = Number(answer.headers.get('x-rate-limit-remaining-minute') ?? Number.NaN);
    const day = Number(answer.headers.get('x-rate-limit-remaining-day') ?? Number.NaN);
    if (Number.isFinite(minute)) {
      remaining.minute = minute;
      if (minute <= 0) await deps.limiter.block(budget.bucket, nextUtcMinute(clock.now()) - clock.now());
    }
    if (Number.isFinite(day)) {
      remaining.day = day;
      if (dailyLimit !== undefined) await deps.usage.sync(dayKey(), Math.max(0, dailyLimit - day));
    }
  }

  async function get<T>(
    path: string,
    schema: z.ZodType<T>,
    query?: Record<string, string | number | undefined>,
  ) {
    let minuteRetries = 0;
    for (;;) {
      try {
        // Waits for the minute bucket (and any block set by a 429 or a spent minute) here.
        await deps.limiter.take(budget.bucket, budget.rules, { maxWaitMs });
      } catch (err) {
        if (err instanceof RateLimitWaitError)
          throw new OpenDotaError('MINUTE_LIMIT', err.message, undefined, clock.now() + err.waitMs);
        throw err;
      }
      if (dailyLimit !== undefined && !(await deps.usage.reserve(dayKey(), dailyLimit)))
        throw new OpenDotaError(
          'DAILY_LIMIT',
          `the day's budget of ${dailyLimit} calls is spent`,
          undefined,
          nextUtcMidnight(clock.now()),
        );
      let answered = false;
      let body: unknown;
      calls += 1;
      try {
        return await http.request({
          path,
          query,
          schema,
          // The token is taken above; the shared client only honours blocks of the bucket.
          budget: { bucket: budget.bucket, rules: [] },
          observe: async (answer) => {
            answered = true;
            body = answer.body;
            await observe(answer);
          },
        });
      } catch (err) {
        if (!(err instanceof ProviderError)) throw err;
        const words = said(body) ?? err.detail;
        if (err.kind === 'rate_limited') {
          const now = clock.now();
          if (!answered) {
            // Blocked between our take and the send: nothing went out.
            calls -= 1;
            if (dailyLimit !== undefined) await deps.usage.release(dayKey());
            continue;
          }
          if (words && /daily/i.test(words)) {
            await deps.usage.exhaust(dayKey());
            throw new OpenDotaError(
              'DAILY_LIMIT',
              `daily limit reached (${words})`,
              429,
              nextUtcMidnight(now),
            );
          }
          // "minute rate limit exceeded": OpenDota's window is the calendar minute.
          const wait = nextUtcMinute(now) - now;
          await deps.limiter.block(budget.bucket, wait);
          if (wait <= maxWaitMs && ++minuteRetries <= MINUTE_RETRIES) continue;
          throw new OpenDotaError(
            'MINUTE_LIMIT',
            `minute limit reached${words ? ` (${words})` : ''}`,
            429,
            now + wait,
          );
        }
        throw mapError(err, words, path);
      }
    }
  }

  return {
    /** Calls sent so far. */
    get calls() {
      return calls;
    },
    /** What OpenDota's last answer said was left (no day figure with a key). */
    get remaining() {
      return { ...remaining };
    },
    heroes: () => get('/heroes', z.array(zHero)),
    /** ≤100 rows, newest first; page backwards with `lessThanMatchId` = the smallest id seen. */
    publicMatches: (q: PublicMatchesQuery = {}) =>
      get('/publicMatches', z.array(zPublicMatchRow), {
        less_than_match_id: q.lessThanMatchId,
        min_rank: q.minRank,
        max_rank: q.maxRank,
      }),
    /** A read-only SQL query; the driver's rows. */
    async explorer(sql: string): Promise<Record<string, unknown>[]> {
      const res = await get('/explorer', zExplorer, { sql });
      if (res.err) throw new OpenDotaError('SQL_ERROR', `the query failed (${String(res.err)})`, 200);
      return res.rows;
    },
    playerMatches: (accountId: number, q: PlayerMatchesQuery = {}) =>
      get(`/players/${accountId}/matches`, z.array(zPlayerMatch), {
        limit: q.limit,
        offset: q.offset,
        date: q.date,
        hero_id: q.heroId,
        significant: q.significant,
      }),
    playerHeroes: (accountId: number) => get(`/players/${accountId}/heroes`, z.array(zPlayerHero)),
    match: (matchId: number) => get(`/matches/${matchId}`, zMatch),
  };
}

export type OpenDotaClient = ReturnType<typeof createOpenDotaClient>;

function mapError(err: ProviderError, words: string | undefined, path: string): OpenDotaError {
  const detail = words ? ` (${words})` : '';
  switch (err.kind) {
    case 'bad_request':
    case 'unauthorized':
    case 'forbidden':
      if (words && /api key/i.test(words))
        return new OpenDotaError('INVALID_API_KEY', `the API key was refused${detail}`, err.status);
      if (path === '/explorer' && words && words !== 'sql is not a string')
        return new OpenDotaError('SQL_ERROR', `the query failed${detail}`, err.status);
      return new OpenDotaError('BAD_REQUEST', `${err.message}${detail}`, err.status);
    case 'not_found':
      return new OpenDotaError('NOT_FOUND', `${err.message}${detail}`, err.status);
    case 'server':
    case 'timeout':
    case 'network':
      return new OpenDotaError('UNAVAILABLE', `${err.message}${detail}`, err.status);
    default:
      return new OpenDotaError('UNEXPECTED', err.message, err.status);
  }
}

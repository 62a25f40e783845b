import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../src/core/outbound/http-client';
import { createMemoryLimiter } from '../src/core/rate-limiter';
import {
  createOpenDotaClient,
  type DailyUsage,
  OpenDotaError,
  type OpenDotaErrorCode,
} from '../src/modules/dota/clients/opendota';
import { parsePublicMatch } from '../src/modules/dota/public-match';
import { publicMatchRows } from './dota-data-fixtures';
import { FakeOpenDota } from './fakes/opendota';

/** 2026-12-01 10:00:20 UTC. */
const START = Date.UTC(2026, 11, 1, 10, 0, 20);

function fakeClock(start = START): Clock & { t: number } {
  const clock = {
    t: start,
    now: () => clock.t,
    sleep: async (ms: number) => {
      clock.t += ms;
    },
  };
  return clock;
}

function memoryUsage(): DailyUsage & { rows: Map<string, { calls: number; exhausted: boolean }> } {
  const rows = new Map<string, { calls: number; exhausted: boolean }>();
  const row = (key: string) => rows.get(key) ?? rows.set(key, { calls: 0, exhausted: false }).get(key)!;
  return {
    rows,
    async reserve(key, limit) {
      const r = row(key);
      if (r.exhausted || r.calls >= limit) return false;
      r.calls += 1;
      return true;
    },
    async sync(key, used) {
      row(key).calls = Math.max(row(key).calls, used);
    },
    async exhaust(key) {
      row(key).exhausted = true;
    },
    async release(key) {
      row(key).calls = Math.max(0, row(key).calls - 1);
    },
    async used(key) {
      return { ...row(key) };
    },
  };
}

let clock: ReturnType<typeof fakeClock>;
let fake: FakeOpenDota;
let usage: ReturnType<typeof memoryUsage>;

function client(opts: { apiKey?: string; dailyLimit?: number; maxWaitMs?: number } = {}) {
  return createOpenDotaClient({
    baseUrl: fake.url,
    limiter: createMemoryLimiter(clock.now, clock.sleep),
    clock,
    timeoutMs: 5_000,
    retryBaseMs: 10,
    usage,
    ...opts,
  });
}

async function failure(p: Promise<unknown>): Promise<OpenDotaError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(OpenDotaError);
  return err as OpenDotaError;
}

const codeOf = async (p: Promise<unknown>): Promise<OpenDotaErrorCode> => (await failure(p)).code;

beforeEach(async () => {
  clock = fakeClock();
  usage = memoryUsage();
  fake = await new FakeOpenDota({
    now: clock.now,
    explorer: true,
    keys: ['0b9f1c1e-8f0a-4c55-9f3e-2d7c1b2a3e4f'],
  }).start();
});
afterEach(() => fake.close());

describe('OpenDota client', () => {
  it('reads public matches in both team encodings, pages backwards and sends the rank filters', async () => {
    fake.publicMatches = [
      ...publicMatchRows(150, { top: 9_000 }),
      ...publicMatchRows(50, { top: 8_850, comma: true, seed: 2 }),
    ];
    const od = client();
    const first = await od.publicMatches({ minRank: 30, maxRank: 80 });
    expect(first.length).toBeGreaterThan(0);
    expect(fake.requests[0]?.query.get('min_rank')).toBe('30');
    expect(fake.requests[0]?.query.get('max_rank')).toBe('80');
    const all = [];
    let lessThan: number | undefined;
    for (;;) {
      const page = await od.publicMatches({ lessThanMatchId: lessThan });
      if (page.length === 0) break;
      all.push(...page);
      lessThan = Math.min(...page.map((r) => r.match_id));
    }
    expect(all.length).toBe(200);
    const parsed = all.map(parsePublicMatch);
    expect(parsed.every((p) => p.ok)).toBe(true);
    const comma = parsed[180];
    expect(typeof all[180]?.radiant_team).toBe('string');
    expect(comma?.ok && comma.match.radiant).toEqual(String(all[180]?.radiant_team).split(',').map(Number));
    expect(parsed[0]?.ok && parsed[0].match.patch).toBe(60);
  });

  it('parses the hero catalogue, a player, their heroes and a match; anonymous players stay anonymous', async () => {
    fake.playerMatches.set(123, [
      {
        match_id: 77,
        player_slot: 130,
        radiant_win: false,
        hero_id: 8,
        start_time: 1_776_000_000,
        duration: 2000,
      },
    ]);
    fake.matches.set(77, {
      match_id: 77,
      radiant_win: false,
      duration: 2000,
      start_time: 1_776_000_000,
      players: [
        { account_id: 4294967295, player_slot: 0, hero_id: 1 },
        { account_id: null, player_slot: 1, hero_id: 2 },
        { account_id: 123, player_slot: 130, hero_id: 8 },
      ],
      radiant_team: { name: 'not heroes' },
    });
    const od = client();
    const heroes = await od.heroes();
    expect(heroes.length).toBe(127);
    expect(Math.max(...heroes.map((h) => h.id))).toBe(155);
    expect((await od.playerMatches(123))[0]?.hero_id).toBe(8);
    const ph = await od.playerHeroes(123);
    expect(ph[0]).toMatchObject({ hero_id: 8, games: 1, win: 1 });
    const m = await od.match(77);
    expect(m.players.map((p) => p.account_id)).toEqual([4294967295, null, 123]);
  });

  it('sends a key as a Bearer token, and names a refused key', async () => {
    const od = client({ apiKey: '0b9f1c1e-8f0a-4c55-9f3e-2d7c1b2a3e4f' });
    await od.heroes();
    expect(fake.requests[0]?.headers.authorization).toBe('Bearer 0b9f1c1e-8f0a-4c55-9f3e-2d7c1b2a3e4f');
    // With a key there is no day header and no day count.
    expect(od.remaining.day).toBeUndefined();
    expect(usage.rows.size).toBe(0);
    expect(await codeOf(client({ apiKey: 'aaaaaaaa-8f0a-4c55-9f3e-2d7c1b2a3e4f' }).heroes())).toBe(
      'INVALID_API_KEY',
    );
    expect(await codeOf(client({ apiKey: 'not-a-uuid' }).heroes())).toBe('INVALID_API_KEY');
  });

  it('waits for the next calendar minute after "minute rate limit exceeded", then goes on', async () => {
    fake.server.inject((r) => r.path === '/api/heroes', {
      status: 429,
      body: { error: 'minute rate limit exceeded' },
    });
    const heroes = await client().heroes();
    expect(heroes.length).toBe(127);
    expect(fake.requests.length).toBe(2);
    // 10:00:20 → the retry went at 10:01:00, not a second later.
    expect(clock.t).toBeGreaterThanOrEqual(Date.UTC(2026, 11, 1, 10, 1, 0));
  });

  it('stops sending when the minute header reaches 0, until the next minute (no 429 needed)', async () => {
    await fake.close();
    fake = await new FakeOpenDota({ now: clock.now, perMinute: 3 }).start();
    const od = client();
    for (let i = 0; i < 5; i++) await od.heroes();
    expect(fake.requests.length).toBe(5);
    expect(fake.requests.every((r) => r.path === '/api/heroes')).toBe(true);
    expect(clock.t).toBeGreaterThanOrEqual(Date.UTC(2026, 11, 1, 10, 1, 0));
  });

  it('fails as MINUTE_LIMIT when the wait is longer than allowed', async () => {
    fake.server.inject(() => true, { status: 429, body: { error: 'minute rate limit exceeded' } });
    const err = await failure(client({ maxWaitMs: 1_000 }).heroes());
    expect(err.code).toBe('MINUTE_LIMIT');
    expect(err.resumeAt).toBe(Date.UTC(2026, 11, 1, 10, 1, 0));
  });

  it('stops until 00:00 UTC after "daily api limit exceeded", without sending again', async () => {
    fake.server.inject(() => true, { status: 429, body: { error: 'daily api limit exceeded' } });
    const od = client();
    const err = await failure(od.heroes());
    expect(err.code).toBe('DAILY_LIMIT');
    expect(err.resumeAt).toBe(Date.UTC(2026, 11, 2));
    expect(await codeOf(od.publicMatches())).toBe('DAILY_LIMIT');
    expect(fake.requests.length).toBe(1);
    // The next UTC day it goes again.
    clock.t = Date.UTC(2026, 11, 2, 0, 0, 1);
    expect((await od.heroes()).length).toBe(127);
  });

  it('keeps to the day budget it counts, corrected by X-Rate-Limit-Remaining-Day', async () => {
    const od = client({ dailyLimit: 3 });
    for (let i = 0; i < 3; i++) await od.heroes();
    expect(await codeOf(od.heroes())).toBe('DAILY_LIMIT');
    expect(fake.requests.length).toBe(3);

    // Another process (or a restart) already spent 2,995 of OpenDota's 3,000 today.
    await fake.close();
    usage = memoryUsage();
    fake = await new FakeOpenDota({ now: clock.now, perDay: 3000 }).start();
    fake.spendDay(2995);
    const od2 = client();
    await od2.heroes();
    expect(od2.remaining.day).toBe(4);
    for (let i = 0; i < 4; i++) await od2.heroes();
    expect(await codeOf(od2.heroes())).toBe('DAILY_LIMIT');
    expect(fake.requests.length).toBe(5);
  });

  it("maps OpenDota's error bodies to typed errors", async () => {
    const od = client();
    expect(await codeOf(od.match(5))).toBe('NOT_FOUND');
    expect(await codeOf(od.playerMatches(-1 as number))).toBe('BAD_REQUEST');
    fake.server.inject(() => true, { status: 500, body: { error: 'Internal Server Error' } }, 3);
    const err = await failure(od.heroes());
    expect(err.code).toBe('UNAVAILABLE');
    expect(err.message).toContain('Internal Server Error');
    fake.server.inject(() => true, { status: 200, raw: '<html>' });
    expect(await codeOf(od.heroes())).toBe('UNEXPECTED');
  });

  it('runs explorer SQL and reports a refused or timed-out query as SQL_ERROR', async () => {
    fake.publicMatches = publicMatchRows(30);
    const od = client();
    const rows = await od.explorer(
      'SELECT * FROM public_matches WHERE match_id < 7999999990 ORDER BY match_id DESC LIMIT 5',
    );
    expect(rows.map((r) => r.match_id)).toEqual([7999999989, 7999999988, 7999999987, 7999999986, 7999999985]);
    fake.server.inject(() => true, {
      status: 400,
      body: { command: null, rows: [], err: 'error: canceling statement due to statement timeout' },
    });
    const err = await failure(od.explorer('SELECT 1 FROM public_matches'));
    expect(err.code).toBe('SQL_ERROR');
    expect(err.message).toContain('statement timeout');
  });
});

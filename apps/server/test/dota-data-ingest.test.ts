import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitForRun } from '../src/core/queue';
import { createMemoryLimiter } from '../src/core/rate-limiter';
import { setMembership } from '../src/modules/access';
import { cliActor } from '../src/modules/audit';
import { createOpenDotaClient } from '../src/modules/dota/clients/opendota';
import { dailyUsageStore, readIngestState } from '../src/modules/dota/dota.repo';
import { ingestCommunity } from '../src/modules/dota/ingest';
import { listMatches, listPlayerMatches } from '../src/modules/dota/matches.service';
import { loadMatchColumns } from '../src/modules/dota/matches.store';
import { createUser } from '../src/modules/identity';
import { linkedAccounts } from '../src/modules/identity/identity.tables';
import { publicMatchRows, T0 } from './dota-data-fixtures';
import { FakeOpenDota } from './fakes/opendota';
import { offline } from './fakes/server';
import { createTestContext, makeCommunity, type TestContext } from './helpers';

/** 2026-12-01 10:00:20 UTC. */
const START = Date.UTC(2026, 11, 1, 10, 0, 20);

let t: TestContext;
let fake: FakeOpenDota;
let clock: { t: number; now(): number; sleep(ms: number): Promise<void> };
let communityId: string;

beforeEach(async () => {
  clock = {
    t: START,
    now: () => clock.t,
    sleep: async (ms) => {
      clock.t += ms;
    },
  };
  fake = await new FakeOpenDota({ now: clock.now, explorer: false }).start();
  t = await createTestContext({ env: { ...offline, OPENDOTA_BASE_URL: fake.url } });
  communityId = (await makeCommunity(t.ctx, { game: 'dota', realm: undefined })).id;
});
afterEach(async () => {
  await t.close();
  await fake.close();
});

function client() {
  return createOpenDotaClient({
    baseUrl: fake.url,
    limiter: createMemoryLimiter(clock.now, clock.sleep),
    clock,
    timeoutMs: 5_000,
    retryBaseMs: 10,
    usage: dailyUsageStore(t.ctx.db),
  });
}

const ingest = (calls: number, extra: { explorer?: boolean; minRank?: number } = {}) =>
  ingestCommunity(t.ctx, communityId, client(), { calls, now: clock.now, ...extra });

const publicCursors = () =>
  fake.requests.filter((r) => r.path === '/api/publicMatches').map((r) => r.query.get('less_than_match_id'));

describe('dota-ingest', () => {
  it('pages backwards, then only what is new, never asking for a page twice', async () => {
    fake.publicMatches = publicMatchRows(250, { top: 10_000 });
    const first = await ingest(2);
    expect(first.stoppedBy).toBe('budget');
    expect(first.matches.added).toBe(200);
    expect(first).toMatchObject({ newest: 10_000, oldest: 9_801 });

    // 150 newer matches arrive; this run reaches what it had, then goes on backwards.
    fake.publicMatches = [...publicMatchRows(150, { top: 10_150, seed: 9 }), ...fake.publicMatches];
    const second = await ingest(4);
    expect(second.matches.added).toBe(150 + 50);
    expect(second.backfillDone).toBe(true);
    expect(second.stoppedBy).toBe('done');
    const third = await ingest(5);
    expect(third.matches.added).toBe(0);

    const cursors = publicCursors();
    // Each backwards page asked once; only the top (no cursor) is asked again per run.
    const paged = cursors.filter((c) => c !== null);
    expect(new Set(paged).size).toBe(paged.length);
    expect((await loadMatchColumns(t.ctx, communityId)).n).toBe(400);
    const stored = await listMatches(t.ctx, communityId, { limit: 3 });
    expect(stored.map((m) => m.matchId)).toEqual([10_150, 10_149, 10_148]);
  });

  it('keeps a segment it could not finish and goes on from it next run', async () => {
    fake.publicMatches = publicMatchRows(100, { top: 10_000 });
    await ingest(1);
    fake.publicMatches = [...publicMatchRows(300, { top: 10_300, seed: 3 }), ...fake.publicMatches];
    const partial = await ingest(2);
    expect(partial.pending).toBe(true);
    expect(partial.newest).toBe(10_000);
    const before = publicCursors().length;
    const next = await ingest(2);
    expect(next.pending).toBe(false);
    expect(next.newest).toBe(10_300);
    // It started where the last run stopped, not from the top.
    expect(publicCursors()[before]).toBe('10101');
    expect((await loadMatchColumns(t.ctx, communityId)).n).toBe(400);
  });

  it('stops at the daily limit, keeps its place, and sends nothing more that day', async () => {
    await fake.close();
    fake = await new FakeOpenDota({ now: clock.now, perDay: 2 }).start();
    fake.publicMatches = publicMatchRows(500, { top: 10_000 });
    t.ctx.config.OPENDOTA_BASE_URL = fake.url;
    const run = await ingest(10);
    expect(run.stoppedBy).toBe('daily_limit');
    expect(run.resumeAt).toBe('2026-12-02T00:00:00.000Z');
    expect(run.matches.added).toBe(200);
    const sent = fake.requests.length;
    // A restart the same day: the day's count is in the database.
    const again = await ingest(10);
    expect(again.stoppedBy).toBe('daily_limit');
    expect(fake.requests.length).toBe(sent);
    expect((await readIngestState(t.ctx.db, communityId))?.oldestMatchId).toBe(9_801);
    clock.t = Date.UTC(2026, 11, 2, 0, 0, 5);
    const tomorrow = await ingest(1);
    expect(tomorrow.matches.added).toBe(0);
    expect(publicCursors().at(-1)).toBeNull();
  });

  it('refuses bad rows with their reason and stores the rest', async () => {
    const rows: Record<string, unknown>[] = publicMatchRows(5, { top: 10_000 });
    rows[1] = { ...rows[1], radiant_team: [1, 2, 3, 4] };
    rows[2] = { ...rows[2], dire_team: '1,2,3,4,24' };
    fake.publicMatches = rows as typeof fake.publicMatches;
    const run = await ingest(1);
    expect(run.matches).toMatchObject({ fetched: 5, added: 3, rejected: 2 });
    expect(run.rejectReasons).toEqual({
      'radiant_team has 4 heroes, not 5': 1,
      'dire_team has unknown hero id 24': 1,
    });
  });

  it('pages older matches through the explorer when allowed, /publicMatches when refused', async () => {
    fake.publicMatches = publicMatchRows(2_000, { top: 10_000 });
    await fake.close();
    const withExplorer = new FakeOpenDota({ now: clock.now, explorer: true });
    withExplorer.publicMatches = fake.publicMatches;
    fake = await withExplorer.start();
    t.ctx.config.OPENDOTA_BASE_URL = fake.url;
    const run = await ingest(3, { explorer: true });
    expect(run.explorerPages).toBe(2);
    expect(run.matches.added).toBe(2_000);
    expect(run.backfillDone).toBe(true);

    const other = (await makeCommunity(t.ctx, { game: 'dota', realm: undefined })).id;
    await fake.close();
    const refusing = new FakeOpenDota({ now: clock.now, explorer: false });
    refusing.publicMatches = publicMatchRows(300, { top: 10_000 });
    fake = await refusing.start();
    const r2 = await ingestCommunity(t.ctx, other, client(), { calls: 6, explorer: true, now: clock.now });
    expect(r2.log.some((l) => l.includes('explorer refused'))).toBe(true);
    expect(r2.matches.added).toBe(300);
    expect((await readIngestState(t.ctx.db, other))?.explorerRefused).toBe(true);
  });

  it("fetches linked members' matches and their drafts, then only the days since", async () => {
    const user = await createUser(t.ctx.db, { displayName: 'Puppey', isInstanceOwner: false });
    await setMembership(t.ctx, communityId, user.id, { role: 'member' }, cliActor);
    await t.ctx.db.insert(linkedAccounts).values({
      userId: user.id,
      provider: 'steam',
      providerAccountId: String(76561197960265728n + 87278757n),
    });
    const outsider = await createUser(t.ctx.db, { displayName: 'Not a member', isInstanceOwner: false });
    await t.ctx.db
      .insert(linkedAccounts)
      .values({ userId: outsider.id, provider: 'steam', providerAccountId: '76561197960265829' });
    fake.publicMatches = publicMatchRows(10, { top: 10_000 });
    fake.playerMatches.set(87278757, [
      { match_id: 9_995, player_slot: 0, radiant_win: true, hero_id: 0, start_time: T0, duration: 2000 },
      {
        match_id: 5_000,
        player_slot: 131,
        radiant_win: true,
        hero_id: 8,
        start_time: T0 - 100,
        duration: 1900,
      },
      {
        match_id: 4_000,
        player_slot: 1,
        radiant_win: false,
        hero_id: 2,
        start_time: T0 - 200,
        duration: 1800,
      },
    ]);
    const own = fake.publicMatches[5]!;
    fake.playerMatches.get(87278757)![0]!.hero_id = (own.radiant_team as number[])[0]!;
    fake.matches.set(5_000, {
      match_id: 5_000,
      radiant_win: true,
      start_time: T0 - 100,
      duration: 1900,
      players: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((h, i) => ({
        account_id: i === 8 ? 87278757 : 4294967295,
        player_slot: i < 5 ? i : 128 + i - 5,
        hero_id: h,
      })),
    });
    // 4000 has no usable draft (OpenDota lost it).
    const run = await ingest(10);
    expect(run.players).toMatchObject({ accounts: 1, newMatches: 3, drafts: 2, draftsMissing: 1 });
    expect(fake.callsTo('/players/87278757/matches')[0]?.query.get('limit')).toBe('100');
    expect(fake.requests.some((r) => r.path.includes('/players/101/'))).toBe(false);
    const mine = await listPlayerMatches(t.ctx, communityId, { accountId: 87278757, limit: 10 });
    expect(mine.map((m) => [m.matchId, m.isRadiant, m.radiant?.length ?? 0])).toEqual([
      [9_995, true, 5],
      [5_000, false, 5],
      [4_000, true, 0],
    ]);
    // The draft of 9995 came from the store, not from `/matches/9995`.
    expect(fake.callsTo('/matches/9995').length).toBe(0);
    const asMatches = await listMatches(t.ctx, communityId, { accountId: 87278757, limit: 10 });
    expect(asMatches[0]?.avgRankTier).toBe(own.avg_rank_tier);
    expect(asMatches[1]?.dire).toEqual([6, 7, 8, 9, 10]);

    clock.t += 3 * 86_400_000;
    const matchCalls = fake.requests.filter((r) => r.path.startsWith('/api/matches/')).length;
    await ingest(10);
    expect(fake.callsTo('/players/87278757/matches')[1]?.query.get('date')).toBe('4');
    expect(fake.requests.filter((r) => r.path.startsWith('/api/matches/')).length).toBe(matchCalls);
  });

  it('runs as the dota-ingest job and records its report', async () => {
    fake.publicMatches = publicMatchRows(120, { top: 10_000 });
    const runId = await t.ctx.queue.enqueue('dota-ingest', { communityId, calls: 3 });
    await t.ctx.queue.start({ worker: true, scheduler: false });
    const run = await waitForRun(t.ctx.jobRuns, runId, 30_000);
    expect(run.status).toBe('succeeded');
    expect(run.result).toMatchObject({ matches: { added: 120 }, backfillDone: true });
    expect((run.result as { log: string[] }).log.length).toBeGreaterThan(0);
  });
});

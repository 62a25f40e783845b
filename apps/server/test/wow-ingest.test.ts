import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../src/modules/audit';
import { setAlertRule } from '../src/modules/notify';
import { onIngestEvents } from '../src/modules/wow';
import { createTestApp, makeCommunity, type TestApp } from './helpers';
import { apiKeys, day, dumpTables, type FileSpec, getJson, trackerFile, uploadFile } from './wow-fixtures';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** A community with its keys and helpers to upload files and read routes. */
async function guild(overrides: Parameters<typeof makeCommunity>[1] = {}) {
  const community = await makeCommunity(t.ctx, { realm: 'Stormvale', ...overrides });
  const keys = await apiKeys(t.ctx, community.id);
  const base = `/api/v1/communities/${community.id}`;
  return {
    id: community.id,
    async upload(spec: FileSpec) {
      const res = await uploadFile(t.app, keys.upload, trackerFile(spec));
      expect(res.statusCode, res.body).toBe(200);
      return res.json().summary;
    },
    send: (spec: FileSpec) => uploadFile(t.app, keys.upload, trackerFile(spec)),
    async get(path: string) {
      const res = await getJson(t.app, keys.read, `${base}${path}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    },
    async member(name: string) {
      const roster = await this.get(`/roster?q=${encodeURIComponent(name)}`);
      return roster.items.find((i: { name: string }) => i.name === name);
    },
  };
}

describe('roster transitions over simulated days', () => {
  it('records leaves, rank changes, inactivity after the threshold and returns', async () => {
    const g = await guild({ inactivityDays: 3 });
    const roster = {
      Aldrena: { rank: 'Oficial' },
      Borvik: { rank: 'Miembro' },
      Ceyla: { rank: 'Recluta' },
    };
    expect(await g.upload({ rosterAt: day(0), roster })).toMatchObject({ added: 3, events: 0 });

    const { Ceyla: _, ...withoutCeyla } = roster;
    const promoted = { ...withoutCeyla, Borvik: { rank: 'Oficial' } };
    expect(await g.upload({ rosterAt: day(1), roster: promoted })).toMatchObject({
      added: 0,
      updated: 1,
      left: 1,
      inactivated: 0,
      events: 3, // the leave, the promotion, and 1 December's online report
    });
    expect(await g.member('Ceyla-Stormvale')).toMatchObject({ active: true, inRoster: false });

    // Missing two days: still active. Missing three (the threshold): inactive.
    expect(await g.upload({ rosterAt: day(3), roster: promoted })).toMatchObject({ inactivated: 0, left: 0 });
    expect(await g.upload({ rosterAt: day(4), roster: promoted })).toMatchObject({ inactivated: 1 });
    expect(await g.member('Ceyla-Stormvale')).toMatchObject({ active: false, inRoster: false });
    expect((await g.get('/roster?active=false')).items.map((i: { name: string }) => i.name)).toEqual([
      'Ceyla-Stormvale',
    ]);

    // A file older than the applied roster does not move anyone.
    expect(await g.upload({ rosterAt: day(2), roster: { Aldrena: { rank: 'Oficial' } } })).toMatchObject({
      rosterApplied: false,
      left: 0,
    });

    expect(
      await g.upload({ rosterAt: day(5), roster: { ...promoted, Ceyla: { rank: 'Recluta' } } }),
    ).toMatchObject({ reactivated: 1, added: 0, events: 2 }); // the return and a day's online report
    const ceyla = await g.member('Ceyla-Stormvale');
    expect(ceyla).toMatchObject({ active: true, inRoster: true });

    const feed = await g.get('/feed');
    expect(
      feed.items
        .filter((e: { kind: string }) => e.kind !== 'online_record') // the daily reports, tested apart
        .map((e: { kind: string; characterName: string }) => `${e.kind} ${e.characterName}`),
    ).toEqual([
      'join Ceyla-Stormvale',
      // Same instant: the later event first.
      'leave Ceyla-Stormvale',
      'rank_change Borvik-Stormvale',
    ]);
    expect(feed.items[0].data).toMatchObject({ returning: true });
    expect(feed.items[0].characterClass).toBe((await g.member('Ceyla-Stormvale')).class);
    expect(feed.items[0].characterClass).toMatch(/^[A-Z]+$/);
    const joins = await g.get('/feed?kind=join');
    expect(joins.total).toBe(1);

    const borvik = await g.get(`/members/${(await g.member('Borvik-Stormvale')).id}`);
    expect(borvik.ranks).toEqual([
      { kind: 'rank_change', at: new Date(day(1) * 1000).toISOString(), from: 'Miembro', to: 'Oficial' },
    ]);
    const profile = await g.get(`/members/${ceyla.id}`);
    expect(profile.ranks.map((r: { kind: string }) => r.kind)).toEqual(['join', 'leave']);
    expect(profile).toMatchObject({ active: true, missingSince: null, inactiveSince: null });
  });
});

describe('re-uploads are idempotent', () => {
  it('sets daily chat counts to the file value, never adds them', async () => {
    const g = await guild();
    const spec = (daily: Record<string, number>, rosterAt: number): FileSpec => ({
      rosterAt,
      roster: { Aldrena: { online: true } },
      data: { 'Aldrena-Stormvale': { total: 30, daily, lastMessage: 'hola', lastSeenTS: rosterAt - 60 } },
    });
    expect(await g.upload(spec({ '2025-12-10': 5, '2025-12-11': 7 }, day(11)))).toMatchObject({
      chatDays: 2,
    });
    // Same daily table, another roster time: nothing to merge.
    expect(await g.upload(spec({ '2025-12-10': 5, '2025-12-11': 7 }, day(11, 22)))).toMatchObject({
      chatDays: 0,
    });
    // One day grew, one day is new: two days set.
    expect(
      await g.upload(spec({ '2025-12-10': 5, '2025-12-11': 9, '2025-12-12': 1 }, day(12))),
    ).toMatchObject({
      chatDays: 2,
    });
    const member = await g.member('Aldrena-Stormvale');
    const profile = await g.get(`/members/${member.id}?days=30`);
    expect(profile.chat).toEqual([
      { date: '2025-12-10', count: 5 },
      { date: '2025-12-11', count: 9 },
      { date: '2025-12-12', count: 1 },
    ]);
    const kpis = await g.get('/kpis');
    expect(kpis).toMatchObject({ messagesThisWeek: 15, totalMembers: 1, activeMembers: 1 });
  });

  it("stores snapshots once per timestamp and reports each finished day's online record once", async () => {
    const g = await guild();
    const roster = { Aldrena: {} };
    const stats = { [day(1) - 600]: 10, [day(1)]: 12, [day(1) + 600]: 11 };
    expect(await g.upload({ rosterAt: day(1), roster, stats })).toMatchObject({ snapshots: 3, events: 0 });
    // The next day's data closes 2 December (Europe/Madrid): its peak is reported.
    expect(await g.upload({ rosterAt: day(2), roster, stats: { ...stats, [day(2)]: 20 } })).toMatchObject({
      snapshots: 1,
      events: 1,
    });
    // Later the same day: that report is not repeated.
    expect(
      await g.upload({ rosterAt: day(2, 22), roster, stats: { ...stats, [day(2)]: 20, [day(2, 22)]: 25 } }),
    ).toMatchObject({ snapshots: 1, events: 0 });
    const feed = await g.get('/feed?kind=online_record');
    expect(feed.items).toHaveLength(1);
    expect(feed.items[0].data).toEqual({ day: '2025-12-02', count: 12 });
    // Read while the last snapshot is current (the online window).
    t.ctx.now = () => new Date(day(2, 22) * 1000 + 60_000);
    expect((await g.get('/kpis')).onlineNow).toBe(25);
  });

  it('re-uploads of months of snapshots store exactly the instants missing, day by day', async () => {
    const g = await guild();
    const roster = { Aldrena: {} };
    const count = async () => {
      const result = (await t.ctx.db.execute(
        sql`select count(*)::int as n from activity_snapshots where community_id = ${g.id}`,
      )) as unknown as { rows: { n: number }[] };
      return result.rows[0]!.n;
    };
    // 3,000 snapshots every 10 minutes (three weeks) ending on 2 December.
    const stats: Record<number, number> = {};
    for (let i = 0; i < 3000; i++) stats[day(2) - i * 600] = i % 30;
    expect(await g.upload({ rosterAt: day(2), roster, stats })).toMatchObject({ snapshots: 3000 });
    const days = (await t.ctx.db.execute(
      sql`select count(*)::int as n from activity_snapshot_days where community_id = ${g.id}`,
    )) as unknown as { rows: { n: number }[] };
    expect(days.rows[0]!.n).toBeGreaterThan(20);

    // Another PC's file: a few instants between the stored ones, on old days, and a new one.
    const more = { ...stats, [day(2) - 1000 * 600 + 300]: 7, [day(2) - 2000 * 600 + 300]: 8, [day(3)]: 9 };
    expect(await g.upload({ rosterAt: day(3), roster, stats: more })).toMatchObject({ snapshots: 3 });
    expect(await count()).toBe(3003);

    // A snapshot written by a small write (its day's digest now describes fewer instants), and a
    // file that has it, one more old instant on that day and one new.
    const old = day(2) - 1500 * 600;
    await t.ctx.db.execute(
      sql`insert into activity_snapshots (community_id, at, online_count) values (${g.id}, to_timestamp(${old + 120}), 4)`,
    );
    const again = { ...more, [old + 120]: 4, [old + 240]: 5, [day(4)]: 6 };
    expect(await g.upload({ rosterAt: day(4), roster, stats: again })).toMatchObject({ snapshots: 2 });
    expect(await count()).toBe(3006);
  });

  it("marks the community's own milestone between the standard steps", async () => {
    const g = await guild();
    await setAlertRule(
      t.ctx,
      g.id,
      'score_milestone',
      { enabled: true, thresholds: [2200, 3000] },
      systemActor,
    );
    const roster = { Aldrena: { online: true, class: 'PRIEST' } };
    const mythic = (score: number) => ({ Aldrena: { score, class: 'PRIEST', spec: 'Sagrado' } });
    await g.upload({ rosterAt: day(1), roster, mythic: mythic(2150) });
    await g.upload({ rosterAt: day(2), roster, mythic: mythic(2250) });
    // 2250 → 2600 crosses the standard 2500 step.
    await g.upload({ rosterAt: day(3), roster, mythic: mythic(2600) });
    const feed = await g.get('/feed?kind=score_milestone');
    expect(feed.items.map((i: { data: { milestone: number } }) => i.data.milestone)).toEqual([2500, 2200]);
  });

  it('keeps a score row only when the score changes, and marks milestones', async () => {
    const g = await guild();
    const roster = { Aldrena: { online: true, class: 'PRIEST' } };
    const mythic = (score: number) => ({ Aldrena: { score, class: 'PRIEST', spec: 'Sagrado' } });
    expect(await g.upload({ rosterAt: day(1), roster, mythic: mythic(1940) })).toMatchObject({ scores: 1 });
    expect(await g.upload({ rosterAt: day(2), roster, mythic: mythic(1940) })).toMatchObject({ scores: 0 });
    expect(await g.upload({ rosterAt: day(3), roster, mythic: mythic(2051) })).toMatchObject({
      scores: 1,
      events: 2, // the milestone and the previous day's online report
    });
    const member = await g.member('Aldrena-Stormvale');
    expect(member).toMatchObject({ score: 2051, spec: 'Sagrado', role: 'healer' });
    const profile = await g.get(`/members/${member.id}`);
    expect(profile.scores.map((s: { score: number }) => s.score)).toEqual([1940, 2051]);
    const feed = await g.get('/feed?kind=score_milestone');
    expect(feed.items[0].data).toMatchObject({ milestone: 2000, score: 2051, previous: 1940 });
  });
});

describe('names', () => {
  it('never files bare names under the most common qualified realm (a connected one)', async () => {
    const g = await guild({ realm: undefined });
    const summary = await g.upload({
      rosterAt: day(1),
      roster: { Aldrena: {}, 'Borvik-Dunmoor': {}, 'Ceyla-Dunmoor': {}, 'Dorn-Ironreach': {} },
    });
    // No chat tells the home realm: Aldrena is left unresolved rather than put on Dunmoor.
    expect(summary).toMatchObject({ added: 3, unresolved: 1 });
    expect((await g.get('/roster?sort=name')).items.map((i: { name: string }) => i.name)).toEqual([
      'Borvik-Dunmoor',
      'Ceyla-Dunmoor',
      'Dorn-Ironreach',
    ]);
  });

  it('does not merge a bare name whose realm is ambiguous', async () => {
    const g = await guild({ realm: undefined });
    const summary = await g.upload({
      rosterAt: day(1),
      roster: { Aldrena: {}, 'Aldrena-Dunmoor': {}, 'Aldrena-Ironreach': {} },
    });
    expect(summary).toMatchObject({ added: 2, unresolved: 1 });
  });

  it('compares names the way the game does: case-insensitive, NFC', async () => {
    const g = await guild();
    const decomposed = 'The\u0301ro\u0308'; // "Thérö" with combining accents
    await g.upload({ rosterAt: day(1), roster: { [decomposed]: { class: 'MONK' } } });
    const summary = await g.upload({
      rosterAt: day(2),
      roster: { 'THÉRÖ-stormvale': { class: 'MONK' } },
      data: { 'thérö-Stormvale': { total: 4, daily: { '2025-12-02': 4 } } },
    });
    expect(summary).toMatchObject({ added: 0, left: 0, chatDays: 1, ignored: 0 });
    const roster = await g.get('/roster');
    expect(roster.total).toBe(1);
    expect(roster.items[0]).toMatchObject({ name: 'THÉRÖ-stormvale', messages: 4 });
  });
});

describe('ingestion hooks', () => {
  it('hands the events to listeners inside the transaction; a failing listener rolls the upload back', async () => {
    const g = await guild();
    await g.upload({ rosterAt: day(1), roster: { Aldrena: {}, Borvik: {} } });
    const seen: string[] = [];
    const stop = onIngestEvents(async (_tx, community, events) => {
      if (community.id !== g.id) return;
      for (const e of events)
        if (e.kind === 'join' || e.kind === 'leave') seen.push(`${e.kind}:${e.data.name}`);
      if (events.some((e) => e.kind === 'leave')) throw new Error('alert queue down');
    });
    try {
      expect(
        await g.upload({ rosterAt: day(2), roster: { Aldrena: {}, Borvik: {}, Ceyla: {} } }),
      ).toMatchObject({
        added: 1,
      });
      expect(seen).toEqual(['join:Ceyla-Stormvale']);
      const before = await dumpTables(t.ctx);
      const failed = await g.send({ rosterAt: day(3), roster: { Aldrena: {}, Ceyla: {} } });
      expect(failed.statusCode).toBe(500);
      expect(await dumpTables(t.ctx)).toBe(before);
    } finally {
      stop();
    }
  });
});

/**
 * The Guild Activity Tracker addon as it really behaves (shared format doc, "Bare names and the
 * home realm", "Who records"): bare roster names, helper PCs, empty recordings, former members'
 * chat, recorder health, and the legacy bridge's `online: {}` and halved sessions.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireCommunity } from '../src/modules/communities';
import { createTestApp, makeCommunity, type TestApp, userWithRole } from './helpers';
import { addonGuild, apiKeys, day, type FileSpec, getJson, trackerFile, uploadFile } from './wow-fixtures';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function guild(overrides: Parameters<typeof makeCommunity>[1] = {}) {
  const community = await makeCommunity(t.ctx, { realm: 'Stormvale', ...overrides });
  const keys = await apiKeys(t.ctx, community.id);
  const base = `/api/v1/communities/${community.id}`;
  return {
    id: community.id,
    keys,
    async upload(spec: FileSpec, source = 'ACCOUNT/GuildActivityTracker.lua') {
      const res = await uploadFile(t.app, keys.upload, trackerFile(spec), { 'x-source-file': source });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { summary: Record<string, unknown>; reasons: string[] };
    },
    async legacy(body: Record<string, unknown>) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/upload',
        headers: { 'x-api-key': keys.upload, 'content-type': 'application/json' },
        payload: body,
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { summary: Record<string, unknown>; reasons: string[] };
    },
    async get(path: string) {
      const res = await getJson(t.app, keys.read, `${base}${path}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    },
    async names(query = '') {
      const roster = await this.get(`/roster?limit=1000&sort=name${query}`);
      return roster.items.map((i: { name: string }) => i.name) as string[];
    },
    async member(name: string) {
      const roster = await this.get(`/roster?q=${encodeURIComponent(name.split('-')[0]!)}`);
      return roster.items.find((i: { name: string }) => i.name === name);
    },
  };
}

/** Letters only, as the game allows in a character name. */
const homeNames = (n: number, first: string[] = []) => [
  ...first,
  ...Array.from(
    { length: n - first.length },
    (_, i) => `Home${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`,
  ),
];

describe('bare names and the home realm', () => {
  it('reads the home realm from the upload, files 36 home members under it and sets the community realm', async () => {
    const g = await guild({ realm: undefined });
    // Old rule: Ironreach is the most common qualified realm, so 36 home members went there.
    const connected = ['Borvik-Ironreach', 'Ceyla-Ironreach', 'Dorn-Ironreach', 'Eryn-Dunmoor'];
    const file = addonGuild({
      homeRealm: 'Stormvale',
      home: homeNames(36, ['Borvik']),
      connected,
      at: day(1),
    });
    const first = await g.upload(file);
    expect(first.summary).toMatchObject({ added: 40, unresolved: 0, homeRealm: 'Stormvale' });
    expect(first.reasons).toEqual([]);
    const names = await g.names();
    expect(names.filter((n) => n.endsWith('-Stormvale'))).toHaveLength(36);
    // The namesakes stay two people: Borvik of the home realm and Borvik of Ironreach.
    expect(names).toEqual(expect.arrayContaining(['Borvik-Stormvale', 'Borvik-Ironreach', 'Eryn-Dunmoor']));
    expect((await requireCommunity(t.ctx.db, g.id)).realm).toBe('Stormvale');

    // The next upload changes nobody: no false joins or leaves.
    const next = await g.upload(
      addonGuild({ homeRealm: 'Stormvale', home: homeNames(36, ['Borvik']), connected, at: day(2) }),
    );
    expect(next.summary).toMatchObject({ added: 0, left: 0, rosterApplied: true });
    expect((await g.get('/feed?kind=join,leave')).total).toBe(0);
  });

  it('keeps every member when the connected realms tie (the old rule dropped 28 of 40)', async () => {
    const g = await guild({ realm: undefined });
    const connected = ['Borvik-Ironreach', 'Ceyla-Dunmoor', 'Dorn-AzjolNerub'];
    const result = await g.upload(
      addonGuild({ homeRealm: 'Stormvale', home: homeNames(37), connected, at: day(1) }),
    );
    expect(result.summary).toMatchObject({ added: 40, unresolved: 0, homeRealm: 'Stormvale' });
  });

  it('says so when nothing in the file tells the home realm, and uses a configured realm', async () => {
    const spec = addonGuild({
      homeRealm: 'Stormvale',
      home: ['Aldrena', 'Borvik'],
      connected: ['Ceyla-Ironreach'],
      at: day(1),
      chat: false,
    });
    const unknown = await guild({ realm: undefined });
    const first = await unknown.upload(spec);
    expect(first.summary).toMatchObject({ added: 1, unresolved: 2, homeRealm: null });
    expect(first.reasons).toContain('home_realm_unknown');
    expect((await requireCommunity(t.ctx.db, unknown.id)).realm).toBeNull();

    const configured = await guild({ realm: 'Stormvale' });
    const second = await configured.upload(spec);
    expect(second.summary).toMatchObject({ added: 3, unresolved: 0, homeRealm: 'Stormvale' });
    expect(second.reasons).toEqual([]);
  });
});

describe('several PCs of one guild', () => {
  const d2 = '2025-12-03';
  const d3 = '2025-12-04';
  const masterFile = (): FileSpec => ({
    rosterAt: day(2),
    roster: {
      Aldrena: { rank: 'Oficial', level: 80, online: true },
      Borvik: { rank: 'Miembro', level: 80 },
    },
    data: {
      'Aldrena-Stormvale': { total: 50, daily: { [d2]: 10 }, lastSeenTS: day(2) - 30, rankName: 'Oficial' },
    },
    stats: { [day(1)]: 4, [day(2)]: 5 },
    sync: { clientId: 'M-1', role: 'master', _syncInitialized: true },
  });

  it("a helper's file never moves the roster back and merges without counting twice", async () => {
    const g = await guild();
    await g.upload(masterFile());

    // A helper PC: stale roster (Aldrena demoted and offline, Ceyla long gone, Borvik missing),
    // rosterLastUpdateAt current, data and stats the master's older copy.
    const helper = await g.upload(
      {
        rosterAt: day(2),
        rosterLastUpdateAt: day(3),
        roster: { Aldrena: { rank: 'Recluta', level: 70 }, Ceyla: { rank: 'Miembro' } },
        data: { 'Aldrena-Stormvale': { total: 40, daily: { [d2]: 8 }, lastSeenTS: day(2) - 600 } },
        stats: { [day(1)]: 4, [day(2)]: 5 },
        sync: { clientId: 'H-1', role: 'idle', lastSnapshotAppliedAt: day(2) + 100, _syncInitialized: true },
      },
      'HELPER/GuildActivityTracker.lua',
    );
    expect(helper.summary).toMatchObject({
      rosterApplied: false,
      added: 0,
      left: 0,
      events: 0,
      snapshots: 0,
      chatDays: 0,
    });
    expect(helper.reasons).toEqual(['helper_pc']);
    // Read a minute after the master's roster saw Aldrena online (the online window).
    t.ctx.now = () => new Date(day(2) * 1000 + 60_000);
    expect(await g.member('Aldrena-Stormvale')).toMatchObject({
      rank: 'Oficial',
      level: 80,
      online: true,
      inRoster: true,
      messages: 50,
    });
    expect(await g.member('Borvik-Stormvale')).toMatchObject({ inRoster: true });
    expect(await g.names()).not.toContain('Ceyla-Stormvale');

    // A collector PC recorded a day of its own: its new snapshot and day are added once.
    const collector = await g.upload(
      {
        rosterAt: day(3),
        roster: { Aldrena: { rank: 'Oficial', online: true }, Borvik: {} },
        data: { 'Aldrena-Stormvale': { total: 55, daily: { [d2]: 10, [d3]: 5 }, lastSeenTS: day(3) - 30 } },
        stats: { [day(2)]: 5, [day(3)]: 6 },
        sync: { clientId: 'C-1', role: 'collector', _syncInitialized: true },
      },
      'COLLECTOR/GuildActivityTracker.lua',
    );
    expect(collector.summary).toMatchObject({ rosterApplied: true, snapshots: 1, chatDays: 1, left: 0 });
    // The master, after merging the collector's backlog, carries the same day: nothing new.
    const master = await g.upload({
      ...masterFile(),
      rosterAt: day(3),
      data: { 'Aldrena-Stormvale': { total: 55, daily: { [d2]: 10, [d3]: 5 }, lastSeenTS: day(3) - 30 } },
      stats: { [day(1)]: 4, [day(2)]: 5, [day(3)]: 6 },
    });
    expect(master.summary).toMatchObject({ snapshots: 0, chatDays: 0, added: 0, left: 0 });
    const profile = await g.get(`/members/${(await g.member('Aldrena-Stormvale')).id}?days=30`);
    expect(profile.chat.filter((c: { count: number }) => c.count > 0)).toEqual([
      { date: d2, count: 10 },
      { date: d3, count: 5 },
    ]);
  });

  it('times the roster by the newest snapshot, not rosterLastUpdateAt', async () => {
    const g = await guild();
    await g.upload({
      rosterAt: day(3),
      rosterLastUpdateAt: day(5),
      roster: { Aldrena: {}, Borvik: {} },
      stats: { [day(3)]: 2 },
      sync: { clientId: 'M-1', role: 'master' },
    });
    // A later snapshot (day 4) with an earlier rosterLastUpdateAt: the newer roster wins.
    const later = await g.upload({
      rosterAt: day(4),
      roster: { Aldrena: {} },
      stats: { [day(4)]: 1 },
      sync: { clientId: 'M-1', role: 'master' },
    });
    expect(later.summary).toMatchObject({ rosterApplied: true, left: 1 });
  });

  it('explains an upload that recorded nothing, on a recording and on a helper PC', async () => {
    const g = await guild();
    const empty = await g.upload({ rosterAt: day(1), sync: { clientId: 'M-1', role: 'master' } });
    expect(empty.reasons).toEqual(['nothing_recorded']);
    expect(empty.summary).toMatchObject({ added: 0, snapshots: 0, chatDays: 0 });
    const helper = await g.upload({ rosterAt: day(2), sync: { clientId: 'H-1', role: 'follower' } });
    expect(helper.reasons).toEqual(['nothing_recorded', 'helper_pc']);
  });
});

describe('chat of people not in the roster', () => {
  it('keeps former members chat on inactive member records without a join', async () => {
    const g = await guild();
    await g.upload({ rosterAt: day(1), roster: { Aldrena: {}, Borvik: {} }, stats: { [day(1)]: 2 } });
    const result = await g.upload({
      rosterAt: day(2),
      roster: { Aldrena: {}, Borvik: {} },
      data: {
        'Aldrena-Stormvale': { total: 3, daily: { '2025-12-03': 3 } },
        'Gone-Stormvale': {
          total: 300,
          daily: { '2025-06-01': 10 },
          lastSeenTS: day(-100),
          rankName: 'Miembro',
        },
        'Olden-Ironreach': { total: 20, lastSeenTS: day(-200) },
      },
      stats: { [day(2)]: 2 },
    });
    expect(result.summary).toMatchObject({ formerMembers: 2, added: 0, ignored: 0, left: 0 });
    expect((await g.get('/feed?kind=join')).total).toBe(0);
    expect(await g.names('&active=false')).toEqual(['Gone-Stormvale', 'Olden-Ironreach']);
    const gone = await g.member('Gone-Stormvale');
    expect(gone).toMatchObject({ active: false, inRoster: false, messages: 300 });
    const profile = await g.get(`/members/${gone.id}?days=730`);
    expect(profile.chat).toContainEqual({ date: '2025-06-01', count: 10 });

    // Uploading again changes nothing for them.
    const again = await g.upload({
      rosterAt: day(3),
      roster: { Aldrena: {}, Borvik: {} },
      data: { 'Gone-Stormvale': { total: 300, daily: { '2025-06-01': 10 }, lastSeenTS: day(-100) } },
      stats: { [day(3)]: 2 },
    });
    expect(again.summary).toMatchObject({ formerMembers: 0, reactivated: 0, events: 1 }); // a day's report
  });
});

describe('recorder health', () => {
  it('lists each PC that uploads with its role, last recording and sync, and pending chat', async () => {
    const g = await guild();
    await g.upload({
      rosterAt: day(2),
      roster: { Aldrena: {} },
      data: { 'Aldrena-Stormvale': { total: 5, lastSeenTS: day(2) + 60 } },
      stats: { [day(2)]: 1 },
      sync: {
        clientId: 'M-1',
        role: 'master',
        peers: {
          'H-1': { sender: 'Ceyla-Stormvale', isMaster: false, lastSeen: day(2), lastSyncTS: day(2) - 50 },
        },
      },
    });
    await g.upload(
      {
        rosterAt: day(2),
        sync: {
          clientId: 'H-1',
          role: 'collector',
          lastSnapshotAppliedAt: day(1),
          pending: { activity: { 'Borvik-Stormvale': { total: 3, lastSeenTS: day(2) + 500 } }, stats: {} },
          backlog: { 4: 'A:Borvik-Stormvale,7,1764705000,99,%E2%80%94,gz%21,2025-12-02%3A7\nS:1764705600,3' },
        },
      },
      'HELPER/GuildActivityTracker.lua',
    );
    const officer = await userWithRole(t.app, t.ctx, g.id, 'officer');
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/communities/${g.id}/wow/recorders`,
      headers: { cookie: officer.cookie },
    });
    expect(res.statusCode, res.body).toBe(200);
    const byClient = Object.fromEntries(res.json().items.map((r: { clientId: string }) => [r.clientId, r]));
    expect(byClient['M-1']).toMatchObject({
      role: 'master',
      recording: true,
      lastRecordedAt: new Date((day(2) + 60) * 1000).toISOString(),
      lastSyncedAt: new Date((day(2) - 50) * 1000).toISOString(),
      pendingMessages: 0,
      source: 'ACCOUNT/GuildActivityTracker.lua',
      uploads: 1,
      lastReasons: [],
    });
    expect(byClient['H-1']).toMatchObject({
      role: 'collector',
      lastSyncedAt: new Date(day(1) * 1000).toISOString(),
      pendingMessages: 10,
      pendingSnapshots: 1,
      lastRecordedAt: new Date((day(2) + 500) * 1000).toISOString(),
      lastReasons: ['nothing_recorded'],
    });
    // Keys never administer: an API key cannot read it.
    expect((await getJson(t.app, g.keys.read, `/api/v1/communities/${g.id}/wow/recorders`)).statusCode).toBe(
      403,
    );
  });
});

describe('legacy bridge, as the real bridge sends it', () => {
  it('reads online: {} on stats batches as unknown, keeping the online list of the file', async () => {
    const g = await guild();
    await g.upload({
      rosterAt: day(1),
      roster: { Aldrena: { online: true }, Borvik: {} },
      stats: { [day(1)]: 1 },
    });
    const before = await t.ctx.db.execute(
      sql`select online_member_ids from activity_snapshots where community_id = ${g.id}`,
    );
    const ids = (before as unknown as { rows: { online_member_ids: string[] }[] }).rows[0]!.online_member_ids;
    expect(ids).toHaveLength(1);
    const iso = new Date(day(1) * 1000).toISOString();
    const batch = await g.legacy({
      upload_session_id: 'st-1',
      uploadSessionId: 'st-1',
      is_final_batch: false,
      batch_index: 1,
      total_batches: 1,
      stats: [{ iso, ts: day(1), onlineCount: 1, online: {} }],
    });
    expect(batch.summary).toMatchObject({ snapshots: 0 });
    const after = await t.ctx.db.execute(
      sql`select online_member_ids from activity_snapshots where community_id = ${g.id}`,
    );
    expect(
      (after as unknown as { rows: { online_member_ids: string[] }[] }).rows[0]!.online_member_ids,
    ).toEqual(ids);
  });

  it('completes a full session that halved its batches after a 413 once total_members names arrived', async () => {
    const g = await guild();
    const everyone = Array.from({ length: 25 }, (_, i) => `Member${String.fromCharCode(97 + i)}`);
    const stay = everyone.slice(0, 21);
    await g.upload({ rosterAt: day(1), roster: Object.fromEntries(everyone.map((n) => [n, {}])) });
    const batch = (index: number, total: number, names: string[], final = false) =>
      g.legacy({
        upload_session_id: 'full-1',
        is_final_batch: final,
        batch_index: index,
        total_batches: total,
        session_phase: index === 1 ? 'start' : final ? 'final' : 'chunk',
        roster_mode: 'full',
        roster_summary: {
          mode: 'full',
          added: 0,
          updated: 0,
          removed: 4,
          total_members: 21,
          reason: 'manual',
        },
        master_roster: Object.fromEntries(names.map((n) => [n, { rank: 'Miembro', lvl: 80, class: 'MAGE' }])),
        data: {},
        has_changes: true,
      });
    // Batch 2 of 2 (11 names) got a 413: the bridge halved its size, kept counting batch_index
    // and recomputed total_batches for the whole roster (5), so only 4 batches ever arrive.
    await batch(1, 2, stay.slice(0, 10));
    await batch(2, 5, stay.slice(10, 15));
    await batch(3, 5, stay.slice(15, 20));
    const last = await batch(4, 5, stay.slice(20), true);
    expect(last.summary).toMatchObject({ left: 4 });
    expect(await g.names('&active=true')).toHaveLength(25);
    const inRoster = (await g.get('/roster?limit=100')).items.filter(
      (i: { inRoster: boolean }) => i.inRoster,
    );
    expect(inRoster).toHaveLength(21);
  });
});

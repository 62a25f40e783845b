import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../src/modules/audit';
import { updateCommunity } from '../src/modules/communities';
import { loadCommunityCharacters, saveCharacterEnrichment } from '../src/modules/members';
import { seedWowDemo } from '../src/modules/wow';
import { createTestApp, makeCommunity, ownerCookie, type TestApp, userWithRole } from './helpers';
import { apiKeys, trackerFile, uploadFile } from './wow-fixtures';

let t: TestApp;
let community: string;
let keys: { upload: string; read: string };
let base: string;

/** Epoch seconds of a UTC wall time. */
const utc = (iso: string) => Date.parse(`${iso}Z`) / 1000;

beforeAll(async () => {
  t = await createTestApp();
  community = (await makeCommunity(t.ctx, { realm: 'Stormvale', timezone: 'Europe/Madrid' })).id;
  keys = await apiKeys(t.ctx, community);
  base = `/api/v1/communities/${community}`;
  // Wednesday raids, 20:00–23:00 Madrid (19:00–22:00 UTC in December).
  await updateCommunity(
    t.ctx,
    community,
    { settings: { raidNights: [{ weekday: 3, start: '20:00', minutes: 180 }] } },
    cliActor,
  );
  const roster = (online: string[]) => ({
    Aldrena: { rank: 'Oficial', level: 80, class: 'PALADIN', online: online.includes('Aldrena') },
    Borvik: { rank: 'Miembro', level: 72, class: 'SHAMAN', online: online.includes('Borvik') },
    Ceyla: { rank: 'Recluta', level: 80, class: 'PRIEST', online: online.includes('Ceyla') },
  });
  const files = [
    trackerFile({
      rosterAt: utc('2025-12-03T20:00:00'), // Wednesday 21:00 Madrid
      roster: roster(['Aldrena']),
      data: {
        'Aldrena-Stormvale': { total: 10, rankName: 'Oficial', rankIndex: 1, lastMessage: 'pull at 9' },
        'Borvik-Stormvale': { total: 2, rankName: 'Miembro', rankIndex: 4 },
      },
      mythic: { Aldrena: { score: 2600, spec: 'Protection' }, Ceyla: { score: 1200, spec: 'Holy' } },
      // The addon rebuilds the roster with a snapshot: the newest stats key is the roster's time.
      stats: {
        [utc('2025-12-03T19:30:00')]: 10, // Wednesday 20:30 Madrid
        [utc('2025-12-03T19:40:00')]: 20,
        [utc('2025-12-03T20:00:00')]: 1,
      },
    }),
    trackerFile({
      rosterAt: utc('2025-12-10T20:00:00'),
      roster: roster(['Aldrena', 'Borvik']),
      stats: {
        [utc('2025-12-06T23:30:00')]: 4, // Saturday 23:30 UTC is Sunday 00:30 in Madrid
        [utc('2025-12-10T20:00:00')]: 2,
      },
      mythic: { Aldrena: { score: 2600, spec: 'Protection' }, Ceyla: { score: 1200, spec: 'Holy' } },
    }),
  ];
  for (const file of files) expect((await uploadFile(t.app, keys.upload, file)).statusCode).toBe(200);
  // Read five minutes after the last roster: who it saw online still is (the online window).
  t.ctx.now = () => new Date((utc('2025-12-10T20:00:00') + 300) * 1000);
});
afterAll(() => t.close());

const get = (path: string, headers: Record<string, string> = { 'x-api-key': keys.read }) =>
  t.app.inject({ method: 'GET', url: `${base}${path}`, headers });
const names = async (query: string) =>
  (await get(`/roster${query}`)).json().items.map((i: { name: string }) => i.name);

describe('roster', () => {
  it('sorts by every column and pages with the total', async () => {
    expect(await names('?sort=name')).toEqual(['Aldrena-Stormvale', 'Borvik-Stormvale', 'Ceyla-Stormvale']);
    expect(await names('?sort=name&dir=desc')).toEqual([
      'Ceyla-Stormvale',
      'Borvik-Stormvale',
      'Aldrena-Stormvale',
    ]);
    expect(await names('?sort=rank')).toEqual(['Aldrena-Stormvale', 'Borvik-Stormvale', 'Ceyla-Stormvale']);
    expect(await names('?sort=level&dir=asc')).toEqual([
      'Borvik-Stormvale',
      'Aldrena-Stormvale',
      'Ceyla-Stormvale',
    ]);
    expect(await names('?sort=score')).toEqual(['Aldrena-Stormvale', 'Ceyla-Stormvale', 'Borvik-Stormvale']);
    expect(await names('?sort=class')).toEqual(['Aldrena-Stormvale', 'Ceyla-Stormvale', 'Borvik-Stormvale']);
    expect((await names('?sort=lastSeen'))[2]).toBe('Ceyla-Stormvale'); // never seen: last
    expect(await names('?sort=role')).toEqual(['Aldrena-Stormvale', 'Ceyla-Stormvale', 'Borvik-Stormvale']);
    const page = (await get('/roster?sort=name&limit=1&offset=1')).json();
    expect(page).toMatchObject({ total: 3, items: [{ name: 'Borvik-Stormvale' }] });
  });

  it('sorts by item level and best parse once a sync has filled them, unknown last', async () => {
    const chars = await loadCommunityCharacters(t.ctx.db, community);
    const id = (name: string) => chars.find((c) => c.name === name)!.id;
    await saveCharacterEnrichment(t.ctx.db, [
      { id: id('Borvik-Stormvale'), itemLevel: 639.5, bestParse: 42 },
      { id: id('Ceyla-Stormvale'), itemLevel: 645.1, bestParse: 99 },
    ]);
    expect(await names('?sort=itemLevel')).toEqual([
      'Ceyla-Stormvale',
      'Borvik-Stormvale',
      'Aldrena-Stormvale',
    ]);
    expect(await names('?sort=bestParse&dir=asc')).toEqual([
      'Borvik-Stormvale',
      'Ceyla-Stormvale',
      'Aldrena-Stormvale',
    ]);
    await saveCharacterEnrichment(t.ctx.db, [
      { id: id('Borvik-Stormvale'), itemLevel: null, bestParse: null },
      { id: id('Ceyla-Stormvale'), itemLevel: null, bestParse: null },
    ]);
  });

  it('filters by class, role, minimum score, activity and online state', async () => {
    expect(await names('?class=PRIEST,paladin')).toEqual(['Aldrena-Stormvale', 'Ceyla-Stormvale']);
    expect(await names('?role=tank')).toEqual(['Aldrena-Stormvale']);
    expect(await names('?role=healer')).toEqual(['Ceyla-Stormvale']);
    expect(await names('?minScore=2000')).toEqual(['Aldrena-Stormvale']);
    expect(await names('?active=true')).toHaveLength(3);
    expect(await names('?active=false')).toEqual([]);
    expect(await names('?online=true')).toEqual(['Aldrena-Stormvale', 'Borvik-Stormvale']);
    const bad = await get('/roster?sort=height');
    expect(bad.statusCode).toBe(400);
  });

  it('shows officer notes and last messages to officers only', async () => {
    const officer = await ownerCookie(t.app, t.ctx);
    const member = await userWithRole(t.app, t.ctx, community, 'member');
    const asOfficer = (await get('/roster?sort=name', { cookie: officer })).json().items[0];
    const asMember = (await get('/roster?sort=name', { cookie: member.cookie })).json().items[0];
    expect(asOfficer).toMatchObject({ lastMessage: 'pull at 9', officerNote: null });
    expect(asMember).not.toHaveProperty('lastMessage');
    expect(asMember).not.toHaveProperty('officerNote');
    const profile = (await get(`/members/${asOfficer.id}`, { cookie: member.cookie })).json();
    expect(profile.characters[0]).not.toHaveProperty('lastMessage');
  });

  it('answers 304 to a matching If-None-Match, and anonymous readers only on public pages', async () => {
    const first = await get('/roster');
    const etag = first.headers.etag as string;
    expect(etag).toBeTruthy();
    const again = await get('/roster', { 'x-api-key': keys.read, 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect((await get('/roster', {})).statusCode).toBe(401);
    await updateCommunity(t.ctx, community, { settings: { publicPages: ['roster'] } }, cliActor);
    expect((await get('/roster', {})).statusCode).toBe(200);
    expect((await get('/kpis', {})).statusCode).toBe(401);
  });
});

describe('member profile and KPIs', () => {
  it('gives characters, chat, online and score history; 404 for unknown members', async () => {
    const aldrena = (await get('/roster?q=aldrena')).json().items[0];
    const profile = (await get(`/members/${aldrena.id}`)).json();
    expect(profile).toMatchObject({
      name: 'Aldrena-Stormvale',
      active: true,
      characters: [{ name: 'Aldrena-Stormvale', isMain: true, score: 2600, role: 'tank', rankIndex: 1 }],
      online: [
        { date: '2025-12-03', count: 1 },
        { date: '2025-12-10', count: 1 },
      ],
      scores: [
        { score: 2600, source: 'addon', at: new Date(utc('2025-12-03T20:00:00') * 1000).toISOString() },
      ],
    });
    const missing = await get('/members/00000000-0000-4000-8000-000000000000');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('MEMBER_NOT_FOUND');
    expect((await get('/members/nope')).statusCode).toBe(404);
  });

  it('summarises the guild', async () => {
    expect((await get('/kpis')).json()).toMatchObject({
      totalMembers: 3,
      activeMembers: 3,
      onlineNow: 2,
      onlineAt: new Date(utc('2025-12-10T20:00:00') * 1000).toISOString(),
      averageScore: 1900,
    });
  });
});

describe('activity', () => {
  it('buckets snapshots by weekday and hour in the community time zone', async () => {
    const heatmap = (await get('/heatmap')).json();
    expect(heatmap.timezone).toBe('Europe/Madrid');
    expect(heatmap.cells).toHaveLength(168);
    const cell = (weekday: number, hour: number) =>
      heatmap.cells.find((c: { weekday: number; hour: number }) => c.weekday === weekday && c.hour === hour);
    expect(cell(3, 20)).toEqual({ weekday: 3, hour: 20, average: 15, max: 20, samples: 2 });
    expect(cell(0, 0)).toMatchObject({ samples: 1, max: 4 });
    expect(cell(6, 23)).toMatchObject({ samples: 0, average: null });
    // The two roster refreshes (Wednesdays 21:00 Madrid) are snapshots too.
    expect(cell(3, 21)).toMatchObject({ samples: 2 });
  });

  it('measures raid-night attendance over the windows with data', async () => {
    const res = (await get('/attendance?weeks=4')).json();
    expect(res).toMatchObject({ windows: 4, observedWindows: 2, total: 3 });
    expect(
      res.items.map((i: { name: string; attended: number; share: number }) => [i.name, i.attended, i.share]),
    ).toEqual([
      ['Aldrena-Stormvale', 2, 1],
      ['Borvik-Stormvale', 1, 0.5],
      ['Ceyla-Stormvale', 0, 0],
    ]);
  });
});

describe('demo seed', () => {
  it('builds a guild with history through the ingestion', async () => {
    const demo = await makeCommunity(t.ctx, { realm: 'Stormvale', timezone: 'Europe/Madrid' });
    await seedWowDemo(t.ctx, demo.id, { members: 25, days: 20, snapshots: 20 * 144, weeks: 2 });
    const k = await apiKeys(t.ctx, demo.id);
    const read = (path: string) =>
      t.app.inject({
        method: 'GET',
        url: `/api/v1/communities/${demo.id}${path}`,
        headers: { 'x-api-key': k.read },
      });
    const roster = (await read('/roster?limit=1000')).json();
    expect(roster.total).toBeGreaterThanOrEqual(25);
    const kinds = new Set((await read('/feed?limit=500')).json().items.map((e: { kind: string }) => e.kind));
    expect([...kinds]).toEqual(expect.arrayContaining(['join', 'leave', 'rank_change']));
    const attendance = (await read('/attendance')).json();
    expect(attendance.observedWindows).toBeGreaterThanOrEqual(3);
    const heatmap = (await read('/heatmap')).json();
    expect(heatmap.cells.some((c: { samples: number }) => c.samples > 0)).toBe(true);
  });
});

import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOperation } from '../src/cli/operations';
import { characters, members } from '../src/modules/members/members.tables';
import { realms } from '../src/modules/wow/realms.tables';
import { FakeBlizzard } from './fakes/blizzard';
import { FakeRaiderIo, run } from './fakes/raiderio';
import { offline } from './fakes/server';
import { FakeWarcraftLogs } from './fakes/warcraftlogs';
import { createTestApp, makeCommunity, ownerCookie, type TestApp } from './helpers';
import { apiKeys, day, trackerFile, uploadFile } from './wow-fixtures';

/**
 * Real realms of every kind (hyphenated, lower-case words, Russian with English slugs, Korean,
 * Taiwanese, apostrophes and digits) through the syncs, against the local fakes: the provider
 * sees Blizzard's slug, and a realm nobody knows is a configuration problem for the officer,
 * never a "not found" character.
 */
const raiderio = new FakeRaiderIo();
const wcl = new FakeWarcraftLogs('wcl-client', 'wcl-secret-0123456789');
const blizzard = new FakeBlizzard('bnet-client', 'bnet-secret-0123456789');
let t: TestApp;
let owner: string;

const runJob = async (name: string, community: string) => {
  const [summary, result] = await runOperation(t.ctx, 'jobs.run', { name, community, timeoutSeconds: 60 });
  return { summary, result: JSON.parse(result!) };
};

const integrations = async (communityId: string) => {
  const res = await t.app.inject({
    url: `/api/v1/communities/${communityId}/integrations`,
    headers: { cookie: owner },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

const putCredentials = async (communityId: string, provider: string, fields: Record<string, string>) => {
  const res = await t.app.inject({
    method: 'PUT',
    url: `/api/v1/communities/${communityId}/credentials/${provider}`,
    headers: { cookie: owner },
    payload: { fields },
  });
  expect(res.statusCode, res.body).toBe(200);
};

/** A community whose addon file names these roster members (bare = the community's realm). */
const communityWith = async (
  overrides: Parameters<typeof makeCommunity>[1],
  roster: string[],
): Promise<string> => {
  const id = (await makeCommunity(t.ctx, overrides)).id;
  const keys = await apiKeys(t.ctx, id);
  const upload = await uploadFile(
    t.app,
    keys.upload,
    trackerFile({ rosterAt: day(1), roster: Object.fromEntries(roster.map((n) => [n, { level: 80 }])) }),
  );
  expect(upload.statusCode, upload.body).toBe(200);
  return id;
};

const profile = (realmSlug: string, name: string) =>
  raiderio.add({
    region: 'eu',
    realmSlug,
    realm: name,
    name,
    className: 'Mage',
    spec: 'Frost',
    role: 'DPS',
    score: 2400,
    itemLevel: 700,
    runs: [run('ARAK', 'Ara-Kara, City of Echoes', 10, 1, 280)],
  });

beforeAll(async () => {
  await raiderio.start();
  await wcl.start();
  await blizzard.start();
  t = await createTestApp({
    env: {
      ...offline,
      RAIDERIO_BASE_URL: raiderio.url,
      WCL_BASE_URL: wcl.url,
      BLIZZARD_API_BASE_URL: blizzard.url,
      BLIZZARD_OAUTH_BASE_URL: blizzard.url,
      OUTBOUND_TIMEOUT_MS: '2000',
    },
  });
  await t.ctx.queue.start({ worker: true, scheduler: false });
  owner = await ownerCookie(t.app, t.ctx);
});

afterAll(async () => {
  await t?.close();
  await raiderio.close();
  await wcl.close();
  await blizzard.close();
});

describe('Raider.IO sync on real EU realms', () => {
  it("asks for Blizzard's slugs, and leaves the characters of a realm it does not know alone", async () => {
    const id = await communityWith({ name: 'Fiordo', region: 'eu', realm: 'Ревущийфьорд' }, [
      'Vasya',
      'Pepa-Azjol-Nerub',
      'Hans-DerabyssischeRat',
      'Ivan-Гордунни',
      'Joao-Aggra(Português)',
      "Gio-Pozzodell'Eternità",
      'Nemo-Stormvale',
    ]);
    profile('howling-fjord', 'Vasya');
    profile('azjolnerub', 'Pepa');
    profile('der-abyssische-rat', 'Hans');
    profile('gordunni', 'Ivan');
    profile('aggra-português', 'Joao');
    profile('pozzo-delleternità', 'Gio');

    const { summary, result } = await runJob('raiderio-sync', id);
    expect(summary).toMatch(/raiderio-sync: succeeded/);
    expect(result).toMatchObject({
      synced: 6,
      notFound: 0,
      skipped: 1,
      failed: 0,
      realmGuessed: ['Stormvale'],
      unknownRealms: ['Stormvale'],
    });
    const asked = raiderio.requests.map((r) => r.rawQuery.match(/realm=([^&]*)/)?.[1]);
    expect(asked).toEqual(
      expect.arrayContaining([
        'howling-fjord',
        'azjolnerub',
        'der-abyssische-rat',
        'gordunni',
        'aggra-portugu%C3%AAs',
        'pozzo-delleternit%C3%A0',
        'stormvale',
      ]),
    );
    // The character on the unknown realm is not "not found": its realm is the problem.
    const [nemo] = await t.ctx.db
      .select()
      .from(characters)
      .where(and(eq(characters.communityId, id), eq(characters.name, 'Nemo-Stormvale')));
    expect(nemo?.externalStatus).toBeNull();
    expect((await integrations(id)).syncs.raiderio).toMatchObject({
      status: 'succeeded',
      problem: null,
      realmGuessed: ['Stormvale'],
      unknownRealms: ['Stormvale'],
    });
  });

  it("skips the run, without retrying, when Raider.IO does not know the guild's own realm", async () => {
    const id = await communityWith({ name: 'Typo', region: 'eu', realm: 'Stromvale' }, ['Anna', 'Bob']);
    const { summary, result } = await runJob('raiderio-sync', id);
    expect(summary).toMatch(/raiderio-sync: skipped after 1 attempt/);
    expect(result.skipped).toMatchObject({ code: 'UNKNOWN_REALM' });
    expect(result.skipped.reason).toContain('Stromvale');
    expect(result).toMatchObject({ notFound: 0, failed: 0 });
    const statuses = await t.ctx.db
      .select({ status: characters.externalStatus })
      .from(characters)
      .where(eq(characters.communityId, id));
    expect(statuses).toEqual([{ status: null }, { status: null }]);
    const page = await integrations(id);
    expect(page.syncs.raiderio).toMatchObject({
      status: 'skipped',
      problem: { code: 'UNKNOWN_REALM' },
      realmGuessed: ['Stromvale'],
    });
  });
});

describe('Warcraft Logs sync on US realms', () => {
  it('is skipped with the reason while the community has no credentials', async () => {
    const id = await communityWith({ name: 'No keys', region: 'us', realm: 'Area52' }, ['Thrallz']);
    const { summary, result } = await runJob('wcl-sync', id);
    expect(summary).toMatch(/wcl-sync: skipped/);
    expect(result.skipped.code).toBe('NO_CREDENTIALS');
    expect((await integrations(id)).syncs.warcraftlogs).toMatchObject({
      status: 'skipped',
      problem: { code: 'NO_CREDENTIALS' },
    });
  });

  it("queries the guild and characters by Blizzard's slugs", async () => {
    const id = await communityWith({ name: 'Horde Fifty Two', region: 'us', realm: 'Area52' }, [
      'Thrallz',
      "Voljin-Mal'Ganis",
    ]);
    await putCredentials(id, 'warcraftlogs', {
      clientId: 'wcl-client',
      clientSecret: 'wcl-secret-0123456789',
    });
    wcl.guilds.push({
      id: 52,
      name: 'Horde Fifty Two',
      server: 'area-52',
      region: 'us',
      attendance: [],
      reports: [],
    });
    const { summary, result } = await runJob('wcl-sync', id);
    expect(summary).toMatch(/wcl-sync: succeeded/);
    expect(result).toMatchObject({ realmGuessed: [], failed: 0 });
    const servers = wcl.requests
      .filter((r) => r.path === '/api/v2/client')
      .map((r) => JSON.parse(r.body).variables?.server)
      .filter(Boolean);
    expect(servers).toEqual(expect.arrayContaining(['area-52', 'malganis']));
    expect(servers).not.toContain('mal-ganis');
  });
});

describe('Blizzard sync on KR and TW realms', () => {
  it('refreshes the realm table from the realm index (every locale) and reads the roster by slug', async () => {
    blizzard.realms.set('kr', [
      { id: 205, slug: 'azshara', names: { en_US: 'Azshara', ko_KR: '아즈샤라', zh_TW: '艾薩拉' } },
      // A realm added after the shipped table was recorded: only the refresh knows it.
      { id: 9205, slug: 'new-dawn', names: { en_US: 'New Dawn', ko_KR: '새벽' } },
    ]);
    const id = await communityWith({ name: '길드', region: 'kr', realm: '아즈샤라' }, ['가람', '나래-새벽']);
    await putCredentials(id, 'blizzard', { clientId: 'bnet-client', clientSecret: 'bnet-secret-0123456789' });
    blizzard.guilds.set('azshara|길드', {
      name: '길드',
      id: 9_001,
      members: [{ name: '가람', realmSlug: 'azshara', level: 80, classId: 8, raceId: 1, rank: 0 }],
    });
    blizzard.media.set('new-dawn|나래', {
      avatar: 'https://render/kr/nare-avatar.jpg',
      mainRaw: 'https://render/kr/nare.png',
    });

    const { summary, result } = await runJob('blizzard-sync', id);
    expect(summary).toMatch(/blizzard-sync: succeeded/);
    expect(result).toMatchObject({ realmsRefreshed: 2, realmGuessed: [], added: 0, synced: 1, notFound: 1 });
    const index = blizzard.requests.find((r) => r.path === '/data/wow/realm/index')!;
    expect(index.query.get('namespace')).toBe('dynamic-kr');
    expect(index.query.get('locale')).toBeNull();
    expect(blizzard.requests.some((r) => r.rawPath.startsWith('/data/wow/guild/azshara/'))).toBe(true);
    expect(
      await t.ctx.db
        .select({ slug: realms.slug, names: realms.names })
        .from(realms)
        .where(eq(realms.region, 'kr')),
    ).toEqual(expect.arrayContaining([{ slug: 'new-dawn', names: ['New Dawn', '새벽'] }]));
    const [nare] = await t.ctx.db
      .select()
      .from(characters)
      .where(and(eq(characters.communityId, id), eq(characters.name, '나래-새벽')));
    expect(nare?.avatarUrl).toBe('https://render/kr/nare-avatar.jpg');

    // Fresh for a week: the next run does not ask again.
    const asked = blizzard.requests.filter((r) => r.path === '/data/wow/realm/index').length;
    expect((await runJob('blizzard-sync', id)).result.realmsRefreshed).toBe(0);
    expect(blizzard.requests.filter((r) => r.path === '/data/wow/realm/index').length).toBe(asked);
  });

  it('is a configuration problem when Blizzard has no guild on a realm in no table', async () => {
    const id = await communityWith({ name: '公會', region: 'tw', realm: '不存在' }, ['小明']);
    await putCredentials(id, 'blizzard', { clientId: 'bnet-client', clientSecret: 'bnet-secret-0123456789' });
    const { summary, result } = await runJob('blizzard-sync', id);
    expect(summary).toMatch(/blizzard-sync: skipped/);
    expect(result).toMatchObject({ skipped: { code: 'UNKNOWN_REALM' }, realmGuessed: ['不存在'] });
  });

  it('reads a TW roster on 暗影之月 as shadowmoon and names new members with the game’s realm name', async () => {
    const id = await communityWith({ name: '暗影公會', region: 'tw', realm: '暗影之月' }, ['小明']);
    await putCredentials(id, 'blizzard', { clientId: 'bnet-client', clientSecret: 'bnet-secret-0123456789' });
    blizzard.guilds.set('shadowmoon|暗影公會', {
      name: '暗影公會',
      id: 9_002,
      members: [
        { name: '小明', realmSlug: 'shadowmoon', level: 80, classId: 8, raceId: 1, rank: 0 },
        { name: '小華', realmSlug: 'spirestone', level: 80, classId: 1, raceId: 1, rank: 3 },
      ],
    });
    const { result } = await runJob('blizzard-sync', id);
    expect(result).toMatchObject({ added: 1, realmGuessed: [] });
    const names = (
      await t.ctx.db.select({ name: characters.name }).from(characters).where(eq(characters.communityId, id))
    ).map((c) => c.name);
    // Spirestone (id 964) is shown in the game as 尖石.
    expect(names.sort()).toEqual(['小明-暗影之月', '小華-尖石'].sort());
  });
});

describe('Blizzard sync on EU realms', () => {
  it('names members it adds the way the addon does, and reads the roster of a Russian realm by its slug', async () => {
    const id = await communityWith({ name: 'Гильдия', region: 'eu', realm: 'Ревущийфьорд' }, ['Пуфка']);
    await putCredentials(id, 'blizzard', { clientId: 'bnet-client', clientSecret: 'bnet-secret-0123456789' });
    blizzard.guilds.set('howling-fjord|гильдия', {
      name: 'Гильдия',
      id: 9_003,
      members: [
        { name: 'Пуфка', realmSlug: 'howling-fjord', level: 80, classId: 8, raceId: 1, rank: 0 },
        { name: 'Lola', realmSlug: 'azjolnerub', level: 80, classId: 1, raceId: 1, rank: 4 },
        { name: 'Olga', realmSlug: 'gordunni', level: 80, classId: 1, raceId: 1, rank: 4 },
      ],
    });
    const { summary, result } = await runJob('blizzard-sync', id);
    expect(summary).toMatch(/blizzard-sync: succeeded/);
    expect(result).toMatchObject({ added: 2, realmGuessed: [] });
    const names = (
      await t.ctx.db.select({ name: characters.name }).from(characters).where(eq(characters.communityId, id))
    ).map((c) => c.name);
    expect(names.sort()).toEqual(['Lola-AzjolNerub', 'Olga-Гордунни', 'Пуфка-Ревущийфьорд'].sort());
  });
});

describe('Battle.net sign-in on Russian and hyphenated realms', () => {
  it("links the account's characters whose realms the addon spells differently from Blizzard", async () => {
    const id = await communityWith({ name: 'Фьорд', region: 'eu', realm: 'Ревущийфьорд' }, [
      'Пуфка',
      'Pepa-Azjol-Nerub',
      'Hans-DerabyssischeRat',
    ]);
    await putCredentials(id, 'blizzard', { clientId: 'bnet-client', clientSecret: 'bnet-secret-0123456789' });
    const mine = (name: string, realmSlug: string, realmName: string) => ({
      name,
      realmSlug,
      realmName,
      level: 80,
      classId: 8,
      className: 'Mage',
    });
    blizzard.signingIn = {
      id: 1615,
      battletag: 'Puf#2112',
      characters: [
        mine('Пуфка', 'howling-fjord', 'Howling Fjord'),
        mine('Pepa', 'azjolnerub', 'Azjol-Nerub'),
        mine('Hans', 'der-abyssische-rat', 'Der abyssische Rat'),
      ],
    };
    const login = await t.app.inject({ url: `/auth/battlenet/${id}/login` });
    expect(login.statusCode).toBe(302);
    const state = (login.headers['set-cookie'] as string[] | string | undefined) ?? [];
    const cookie = (Array.isArray(state) ? state : [state])
      .find((c) => c.startsWith('gh_browser='))!
      .split(';')[0]!;
    const back = new URL(
      (await fetch(login.headers.location as string, { redirect: 'manual' })).headers.get('location')!,
    );
    const res = await t.app.inject({ url: `/auth/battlenet/callback${back.search}`, headers: { cookie } });
    expect(res.statusCode, res.body).toBe(302);
    expect(res.headers.location).toBe(`/c/${id}?battlenet=linked`);
    const linked = await t.ctx.db
      .select({ name: characters.name, userId: members.userId })
      .from(characters)
      .innerJoin(members, eq(members.id, characters.memberId))
      .where(eq(characters.communityId, id));
    expect(
      linked
        .filter((c) => c.userId)
        .map((c) => c.name)
        .sort(),
    ).toEqual(['Hans-DerabyssischeRat', 'Pepa-AzjolNerub', 'Пуфка-Ревущийфьорд'].sort());
  });
});

import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runOperation } from '../src/cli/operations';
import { memberships } from '../src/modules/access/access.tables';
import { auditLog } from '../src/modules/audit/audit.tables';
import { communities } from '../src/modules/communities/communities.tables';
import { ensureInstanceOwner } from '../src/modules/identity';
import { linkedAccounts } from '../src/modules/identity/identity.tables';
import { characters, members } from '../src/modules/members/members.tables';
import { runBlizzardSync } from '../src/modules/wow/blizzard-sync';
import { FakeBlizzard } from './fakes/blizzard';
import { json, offline } from './fakes/server';
import { createTestApp, makeCommunity, ownerCookie, type TestApp } from './helpers';
import { apiKeys, day, getJson, trackerFile, uploadFile } from './wow-fixtures';

const blizzard = new FakeBlizzard('bnet-client', 'bnet-secret-0123456789');
let t: TestApp;
let owner: string;
/** The community of the running test: each test makes its own with `guild()`. */
let communityId: string;
let readKey: string;

const character = async (name: string) =>
  (
    await t.ctx.db
      .select()
      .from(characters)
      .where(and(eq(characters.communityId, communityId), eq(characters.name, name)))
  )[0];

/** The Set-Cookie value of one cookie, as a Cookie header part. */
const cookieFrom = (setCookie: string | string[] | undefined, name: string) => {
  const all = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  const found = all.find((c) => c.startsWith(`${name}=`));
  return found?.split(';')[0];
};

/**
 * A fresh "Los Centinelas" community for one test: the addon's upload (Aldrena, Brannoc) and
 * the Battle.net credentials, and nothing any other test did.
 */
async function guild(): Promise<void> {
  communityId = (await makeCommunity(t.ctx, { name: 'Los Centinelas' })).id;
  const keys = await apiKeys(t.ctx, communityId);
  readKey = keys.read;
  const upload = await uploadFile(
    t.app,
    keys.upload,
    trackerFile({
      rosterAt: day(1),
      roster: { Aldrena: { class: 'DRUID', level: 80 }, Brannoc: { class: 'WARRIOR' } },
    }),
  );
  expect(upload.statusCode, upload.body).toBe(200);
  const cred = await t.app.inject({
    method: 'PUT',
    url: `/api/v1/communities/${communityId}/credentials/blizzard`,
    headers: { cookie: owner },
    payload: { fields: { clientId: 'bnet-client', clientSecret: 'bnet-secret-0123456789' } },
  });
  expect(cred.statusCode).toBe(200);
}

beforeAll(async () => {
  await blizzard.start();
  t = await createTestApp({
    env: {
      ...offline,
      BLIZZARD_API_BASE_URL: blizzard.url,
      BLIZZARD_OAUTH_BASE_URL: blizzard.url,
      // No test here waits on a timeout: a generous one keeps a loaded machine from inventing failures.
      OUTBOUND_TIMEOUT_MS: '30000',
    },
  });
  await t.ctx.queue.start({ worker: true, scheduler: false });
  owner = await ownerCookie(t.app, t.ctx);
  blizzard.guilds.set('stormvale|los-centinelas', {
    name: 'Los Centinelas',
    id: 70_001,
    members: [
      { name: 'Aldrena', realmSlug: 'stormvale', level: 79, classId: 11, raceId: 4, rank: 1 },
      { name: 'Brannoc', realmSlug: 'stormvale', level: 80, classId: 1, raceId: 3, rank: 4 },
      { name: 'Newbie', realmSlug: 'stormvale', level: 80, classId: 8, raceId: 7, rank: 5 },
      { name: 'Thrallz', realmSlug: 'area-52', level: 80, classId: 7, raceId: 2, rank: 5 },
    ],
  });
  for (const name of ['aldrena', 'brannoc', 'newbie'])
    blizzard.media.set(`stormvale|${name}`, {
      avatar: `https://render.worldofwarcraft.com/eu/character/stormvale/1/${name}-avatar.jpg`,
      mainRaw: `https://render.worldofwarcraft.com/eu/character/stormvale/1/${name}-main-raw.png`,
    });
});

beforeEach(async () => {
  blizzard.clearInjections();
  await guild();
});

afterAll(async () => {
  await t.close();
  await blizzard.close();
});

describe('blizzard-sync', () => {
  it('stores nothing when the roster cannot be read', async () => {
    blizzard.inject(
      (r) => r.path.endsWith('/roster'),
      json({ code: 500, type: 'BLZWEBAPI00000500', detail: 'Internal' }, 500),
      3,
    );
    await expect(runBlizzardSync(t.ctx, communityId)).rejects.toMatchObject({ kind: 'server' });
    expect(await character('Newbie-Stormvale')).toBeUndefined();
    expect((await character('Aldrena-Stormvale'))?.race).toBeNull();
  });

  it('fills what the addon has not seen, adds unseen members, and stores avatars and renders', async () => {
    const tokens = blizzard.appTokensIssued;
    const [summary, result] = await runOperation(t.ctx, 'jobs.run', {
      name: 'blizzard-sync',
      community: communityId,
    });
    expect(summary).toMatch(/blizzard-sync: succeeded/);
    expect(JSON.parse(result!)).toMatchObject({ roster: 4, added: 2, synced: 3, notFound: 1, failed: 0 });

    const aldrena = await character('Aldrena-Stormvale');
    // The addon's class and level win; race (which the addon never records) is filled.
    expect(aldrena).toMatchObject({ className: 'DRUID', level: 80, race: 'Night Elf' });
    expect(aldrena?.avatarUrl).toBe(
      'https://render.worldofwarcraft.com/eu/character/stormvale/1/aldrena-avatar.jpg',
    );
    expect(aldrena?.renderUrl).toBe(
      'https://render.worldofwarcraft.com/eu/character/stormvale/1/aldrena-main-raw.png',
    );
    expect(await character('Newbie-Stormvale')).toMatchObject({
      className: 'MAGE',
      race: 'Gnome',
      level: 80,
      rankIndex: 5,
    });
    expect(await character('Thrallz-Area52')).toMatchObject({
      className: 'SHAMAN',
      race: 'Orc',
      realm: 'Area52',
    });

    const roster = await getJson(t.app, readKey, `/api/v1/communities/${communityId}/roster`);
    expect(roster.json().items.map((i: { name: string }) => i.name)).toContain('Newbie-Stormvale');
    // One token for the whole sync, not one per request (kept per process: an earlier test may hold it).
    expect(blizzard.appTokensIssued - tokens).toBeLessThanOrEqual(1);
  });

  it('a rerun adds nobody twice', async () => {
    // Its own first run: this test once counted on the previous test's sync (and failed alone).
    expect(await runBlizzardSync(t.ctx, communityId)).toMatchObject({ added: 2 });
    const before = (await t.ctx.db.select().from(characters).where(eq(characters.communityId, communityId)))
      .length;
    expect(await runBlizzardSync(t.ctx, communityId)).toMatchObject({ added: 0 });
    expect(
      (await t.ctx.db.select().from(characters).where(eq(characters.communityId, communityId))).length,
    ).toBe(before);
  });
});

describe('Battle.net login', () => {
  const start = async () => {
    const login = await t.app.inject({ url: `/auth/battlenet/${communityId}/login` });
    expect(login.statusCode).toBe(302);
    const authorize = new URL(login.headers.location as string);
    expect(authorize.origin + authorize.pathname).toBe(`${blizzard.url}/authorize`);
    expect(authorize.searchParams.get('scope')).toBe('openid wow.profile');
    expect(authorize.searchParams.get('redirect_uri')).toBe('http://localhost:3000/auth/battlenet/callback');
    return { authorize, stateCookie: cookieFrom(login.headers['set-cookie'], 'gh_browser')! };
  };

  it("signs a member in and links the account's characters to their member record", async () => {
    blizzard.signingIn = {
      id: 4242,
      battletag: 'Aldrena#2716',
      characters: [
        {
          name: 'Aldrena',
          realmSlug: 'stormvale',
          realmName: 'Stormvale',
          level: 80,
          classId: 11,
          className: 'Druid',
        },
        {
          name: 'Zed',
          realmSlug: 'somewhere-else',
          realmName: 'Somewhere Else',
          level: 70,
          classId: 1,
          className: 'Warrior',
        },
      ],
    };
    const { authorize, stateCookie } = await start();
    // The browser at Battle.net: it signs in and comes back with a code.
    const back = await fetch(authorize, { redirect: 'manual' });
    const callback = new URL(back.headers.get('location')!);
    const res = await t.app.inject({
      url: `/auth/battlenet/callback${callback.search}`,
      headers: { cookie: stateCookie },
    });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe(`/c/${communityId}?battlenet=linked`);
    const session = cookieFrom(res.headers['set-cookie'], 'gh_session');
    expect(session).toBeDefined();

    const [link] = await t.ctx.db
      .select()
      .from(linkedAccounts)
      .where(eq(linkedAccounts.providerAccountId, '4242'));
    expect(link).toMatchObject({ provider: 'battlenet', displayName: 'Aldrena#2716' });
    const aldrena = await character('Aldrena-Stormvale');
    const [member] = await t.ctx.db.select().from(members).where(eq(members.id, aldrena!.memberId));
    expect(member?.userId).toBe(link!.userId);
    const [membership] = await t.ctx.db
      .select()
      .from(memberships)
      .where(eq(memberships.userId, link!.userId));
    expect(membership).toMatchObject({ communityId, role: 'member' });
    const [audit] = await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'battlenet.login'));
    expect(audit?.details).toEqual({ characters: ['Aldrena-Stormvale'], members: 1, conflicts: 0 });

    // The session is a member's: the roster opens.
    const roster = await t.app.inject({
      url: `/api/v1/communities/${communityId}/roster`,
      headers: { cookie: session! },
    });
    expect(roster.statusCode).toBe(200);
  });

  it('refuses a callback without the state it started, or replayed', async () => {
    blizzard.signingIn = { id: 99, battletag: 'Someone#1', characters: [] };
    const { authorize, stateCookie } = await start();
    const back = new URL((await fetch(authorize, { redirect: 'manual' })).headers.get('location')!);
    const forged = await t.app.inject({
      url: `/auth/battlenet/callback?code=${back.searchParams.get('code')}&state=forged`,
      headers: { cookie: stateCookie },
    });
    expect(forged.statusCode).toBe(401);
    expect(forged.json().error.code).toBe('OAUTH_FAILED');
    const noCookie = await t.app.inject({ url: `/auth/battlenet/callback${back.search}` });
    expect(noCookie.statusCode).toBe(401);
    const ok = await t.app.inject({
      url: `/auth/battlenet/callback${back.search}`,
      headers: { cookie: stateCookie },
    });
    expect(ok.statusCode).toBe(302);
    expect(ok.headers.location).toBe(`/c/${communityId}?battlenet=unmatched`);
    const again = await t.app.inject({
      url: `/auth/battlenet/callback${back.search}`,
      headers: { cookie: stateCookie },
    });
    // The state is spent: refused before the code is ever sent to Battle.net again.
    expect(again.statusCode).toBe(401);
    expect(again.json().error.code).toBe('OAUTH_FAILED');
    expect(again.json().error.message).toMatch(/already used/);
  });

  it('links the account to a signed-in user only through the confirmation page, in the community language', async () => {
    await t.ctx.db.update(communities).set({ language: 'es' }).where(eq(communities.id, communityId));
    blizzard.signingIn = { id: 5150, battletag: 'Confirma#1234', characters: [] };
    const owner = await ownerCookie(t.app, t.ctx);
    const { authorize, stateCookie } = await start();
    const back = new URL((await fetch(authorize, { redirect: 'manual' })).headers.get('location')!);
    const both = `${stateCookie}; ${owner}`;
    const res = await t.app.inject({
      url: `/auth/battlenet/callback${back.search}`,
      headers: { cookie: both },
    });
    expect(res.statusCode, res.body).toBe(302);
    const page = new URL(res.headers.location as string, 'http://localhost:3000');
    expect(page.pathname).toBe('/auth/battlenet/link');
    const linked = () =>
      t.ctx.db.select().from(linkedAccounts).where(eq(linkedAccounts.providerAccountId, '5150'));
    expect(await linked()).toEqual([]);

    const shown = await t.app.inject({
      url: page.pathname + page.search,
      headers: { cookie: both, 'accept-language': 'en-US' },
    });
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('<html lang="es">');
    expect(shown.body).toContain('<strong>Confirma#1234</strong>');

    const confirmed = await t.app.inject({
      method: 'POST',
      url: page.pathname + page.search,
      headers: {
        cookie: both,
        origin: 'http://localhost:3000',
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: '',
    });
    expect(confirmed.statusCode, confirmed.body).toBe(303);
    expect(confirmed.headers.location).toBe(`/c/${communityId}?battlenet=unmatched`);
    const { user } = await ensureInstanceOwner(t.ctx.db);
    expect((await linked()).map((l) => l.userId)).toEqual([user.id]);
    await t.ctx.db.update(communities).set({ language: 'en' }).where(eq(communities.id, communityId));
  });
});

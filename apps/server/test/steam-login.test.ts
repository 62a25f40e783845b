import crypto from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../src/modules/audit/audit.tables';
import {
  accountIdToSteamId64,
  createUser,
  setUserDeactivated,
  steamAccountIdsOfCommunity,
  steamAccountOfUser,
} from '../src/modules/identity';
import { linkedAccounts, pendingLinks, sessions, users } from '../src/modules/identity/identity.tables';
import { offline } from './fakes/server';
import { FakeSteamOpenId, identityUrl } from './fakes/steam-openid';
import { createTestApp, makeCommunity, ownerCookie, type TestApp, userWithRole } from './helpers';

const steam = new FakeSteamOpenId();
/** An attacker's own OpenID server: it vouches for whichever SteamID it is asked to. */
const attacker = new FakeSteamOpenId();
let t: TestApp;

/** A SteamID nobody in this file used yet, so tests share no rows. */
const freshSteamId = () => accountIdToSteamId64(crypto.randomInt(1, 2_000_000_000));

const cookieFrom = (setCookie: string | string[] | undefined, name: string) => {
  const all = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  return all.find((c) => c.startsWith(`${name}=`))?.split(';')[0];
};

const counts = async () => ({
  users: (await t.ctx.db.select().from(users)).length,
  links: (await t.ctx.db.select().from(linkedAccounts).where(eq(linkedAccounts.provider, 'steam'))).length,
  sessions: (await t.ctx.db.select().from(sessions)).length,
});

/** The browser asks to sign in with Steam: answers where it is sent, its browser cookie and our return_to. */
const start = async (cookie?: string) => {
  const res = await t.app.inject({ url: '/auth/steam', headers: cookie ? { cookie } : {} });
  expect(res.statusCode, res.body).toBe(302);
  const login = new URL(res.headers.location as string);
  const browser = cookieFrom(res.headers['set-cookie'], 'gh_browser') ?? cookie;
  expect(browser).toBeDefined();
  return { login, browser: browser!, returnTo: login.searchParams.get('openid.return_to')! };
};

/** The browser at Steam: Steam sends it back with its answer. */
const approve = async (login: URL) => {
  const back = await fetch(login, { redirect: 'manual' });
  expect(back.status).toBe(302);
  return new URL(back.headers.get('location')!);
};

const callback = (url: URL, cookie: string, headers: Record<string, string> = {}) =>
  t.app.inject({ url: url.pathname + url.search, headers: { cookie, ...headers } });

/** A callback refused before Steam was asked anything: 401, no session, nothing stored. */
const expectRefusedLocally = async (url: URL, cookie: string, reason: RegExp) => {
  const before = await counts();
  const res = await callback(url, cookie);
  expect(res.statusCode, res.body).toBe(401);
  expect(res.json().error.code).toBe('OAUTH_FAILED');
  expect(res.json().error.message).toMatch(reason);
  expect(cookieFrom(res.headers['set-cookie'], 'gh_session')).toBeUndefined();
  expect(steam.checks()).toEqual([]);
  expect(await counts()).toEqual(before);
};

beforeAll(async () => {
  await Promise.all([steam.start(), attacker.start()]);
  t = await createTestApp({
    env: {
      ...offline,
      STEAM_SIGN_IN: 'true',
      STEAM_OPENID_URL: steam.endpoint,
      STEAM_API_BASE_URL: steam.url,
      OUTBOUND_TIMEOUT_MS: '2000',
    },
  });
});

afterAll(async () => {
  await t?.close();
  await Promise.all([steam.stop(), attacker.stop()]);
});

beforeEach(() => {
  for (const fake of [steam, attacker]) {
    fake.requests.length = 0;
    fake.clearInjections();
    fake.cancel = false;
    fake.fixedNonce = undefined;
    fake.now = () => new Date();
    fake.user = freshSteamId();
  }
});

describe('Steam sign-in', () => {
  it("sends the browser to Steam's endpoint with our return_to carrying a fresh state", async () => {
    const a = await start();
    expect(a.login.origin + a.login.pathname).toBe(steam.endpoint);
    const q = a.login.searchParams;
    expect(q.get('openid.ns')).toBe('http://specs.openid.net/auth/2.0');
    expect(q.get('openid.mode')).toBe('checkid_setup');
    expect(q.get('openid.identity')).toBe('http://specs.openid.net/auth/2.0/identifier_select');
    expect(q.get('openid.claimed_id')).toBe('http://specs.openid.net/auth/2.0/identifier_select');
    expect(q.get('openid.realm')).toBe('http://localhost:3000');
    const returnTo = new URL(a.returnTo);
    expect(returnTo.origin + returnTo.pathname).toBe('http://localhost:3000/auth/steam/callback');
    expect(returnTo.searchParams.get('state')).toMatch(/^[\w-]{30,}$/);
    // Each sign-in gets its own state; the browser cookie is not the state.
    const b = await start(a.browser);
    expect(b.returnTo).not.toBe(a.returnTo);
    expect(a.browser).not.toContain(returnTo.searchParams.get('state'));
  });

  it('creates the user and signs them in, after Steam confirmed the answer; the next sign-in finds them', async () => {
    const before = await counts();
    const { login, browser } = await start();
    const back = await approve(login);
    const res = await callback(back, browser);
    expect(res.statusCode, res.body).toBe(302);
    expect(res.headers.location).toBe('/');
    const session = cookieFrom(res.headers['set-cookie'], 'gh_session');
    expect(session).toBeDefined();

    // One check_authentication, to the configured endpoint, with every field Steam sent back.
    const [check, ...more] = steam.checks();
    expect(more).toEqual([]);
    expect(check!.headers['content-type']).toContain('application/x-www-form-urlencoded');
    const sent = new URLSearchParams(check!.body);
    expect(sent.get('openid.mode')).toBe('check_authentication');
    for (const [k, v] of back.searchParams)
      if (k.startsWith('openid.') && k !== 'openid.mode') expect(sent.get(k)).toBe(v);

    const [link] = await t.ctx.db
      .select()
      .from(linkedAccounts)
      .where(and(eq(linkedAccounts.provider, 'steam'), eq(linkedAccounts.providerAccountId, steam.user)));
    const [user] = await t.ctx.db.select().from(users).where(eq(users.id, link!.userId));
    // No Web API key: the SteamID is the name.
    expect(user).toMatchObject({ displayName: steam.user, isInstanceOwner: false });
    expect(await counts()).toEqual({
      users: before.users + 1,
      links: before.links + 1,
      sessions: before.sessions + 1,
    });
    const audits = await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'steam.login'));
    expect(audits.map((a) => a.actorId)).toContain(user!.id);

    const me = await t.app.inject({ url: '/api/v1/me', headers: { cookie: session! } });
    expect(me.json().user).toMatchObject({ id: user!.id, displayName: steam.user });
    const accounts = await t.app.inject({ url: '/api/v1/me/linked-accounts', headers: { cookie: session! } });
    expect(accounts.statusCode, accounts.body).toBe(200);
    expect(accounts.json().steam).toMatchObject({
      steamId64: steam.user,
      accountId: Number(BigInt(steam.user) - 76561197960265728n),
      displayName: null,
    });

    // Again: the same user, a new session.
    const again = await start();
    const second = await callback(await approve(again.login), again.browser);
    expect(second.statusCode, second.body).toBe(302);
    expect(await counts()).toEqual({
      users: before.users + 1,
      links: before.links + 1,
      sessions: before.sessions + 2,
    });
  });

  it('opens no session for a deactivated user', async () => {
    const first = await start();
    expect((await callback(await approve(first.login), first.browser)).statusCode).toBe(302);
    const [link] = await t.ctx.db
      .select()
      .from(linkedAccounts)
      .where(eq(linkedAccounts.providerAccountId, steam.user));
    await setUserDeactivated(t.ctx.db, link!.userId, new Date());
    const before = await counts();
    const again = await start();
    const res = await callback(await approve(again.login), again.browser);
    expect(res.statusCode, res.body).toBe(403);
    expect(res.json().error.code).toBe('ACCOUNT_DEACTIVATED');
    expect(cookieFrom(res.headers['set-cookie'], 'gh_session')).toBeUndefined();
    expect(await counts()).toEqual(before);
  });

  it('signs in an account past 2,039,734,271 (a SteamID from 76561200000000000 on)', async () => {
    steam.user = accountIdToSteamId64(2_039_734_272 + crypto.randomInt(1, 1_000_000));
    expect(steam.user.startsWith('765612')).toBe(true);
    const { login, browser } = await start();
    const res = await callback(await approve(login), browser);
    expect(res.statusCode, res.body).toBe(302);
    const [link] = await t.ctx.db
      .select()
      .from(linkedAccounts)
      .where(eq(linkedAccounts.providerAccountId, steam.user));
    expect((await steamAccountOfUser(t.ctx.db, link!.userId))?.accountId32).toBeGreaterThan(2_039_734_271);
  });

  it('refuses an answer from another OpenID server, even one vouching for a real id, and never asks it', async () => {
    const { browser, returnTo } = await start();
    // The attacker's server signs an answer for the victim's SteamID, naming itself.
    const forged = FakeSteamOpenId.callbackUrl(
      returnTo,
      attacker.assertion(returnTo, { steamId64: steam.user }),
    );
    await expectRefusedLocally(forged, browser, /another OpenID endpoint/);
    expect(attacker.checks()).toEqual([]);
  });

  it('refuses an answer whose claimed_id is not its identity', async () => {
    const { browser, returnTo } = await start();
    const fields = steam.assertion(returnTo, { claimedId: identityUrl(freshSteamId()) });
    await expectRefusedLocally(FakeSteamOpenId.callbackUrl(returnTo, fields), browser, /differ/);
  });

  it('refuses identities on another host or of the wrong form', async () => {
    for (const id of [
      `https://steamcommunity.com.evil.example/openid/id/${steam.user}`,
      `http://steamcommunity.com/openid/id/${steam.user}`,
      `https://steamcommunity.com/openid/id/${steam.user}/../76561197960265729`,
      'https://steamcommunity.com/openid/id/76561197960265728',
      'https://steamcommunity.com/openid/id/76561202255233024',
      'https://steamcommunity.com/openid/id/7656119796028793',
    ]) {
      const { browser, returnTo } = await start();
      const fields = steam.assertion(returnTo, { claimedId: id, identity: id });
      await expectRefusedLocally(
        FakeSteamOpenId.callbackUrl(returnTo, fields),
        browser,
        /not a Steam account/,
      );
    }
  });

  it('refuses a return_to other than the one issued: longer, shorter, another host, another state', async () => {
    const other = await start();
    for (const twist of [
      (r: string) => `${r}&next=/admin`,
      (r: string) => `${r}x`,
      (r: string) => r.replace('localhost:3000', 'localhost:3000.evil.example'),
      // Another sign-in's state (same browser): the answer was meant for that one.
      () => other.returnTo,
    ]) {
      const { browser, returnTo } = await start(other.browser);
      const fields = steam.assertion(returnTo, { returnTo: twist(returnTo) });
      await expectRefusedLocally(
        FakeSteamOpenId.callbackUrl(returnTo, fields),
        browser,
        /another return address/,
      );
    }
  });

  it('refuses the same callback twice: the state works once', async () => {
    const { login, browser } = await start();
    const back = await approve(login);
    expect((await callback(back, browser)).statusCode).toBe(302);
    steam.requests.length = 0;
    await expectRefusedLocally(back, browser, /already used|expired/);
  });

  it('refuses a replayed answer (same nonce) under a fresh state', async () => {
    steam.fixedNonce = `${new Date().toISOString().slice(0, 19)}Zreplayed${crypto.randomBytes(8).toString('hex')}`;
    const first = await start();
    expect((await callback(await approve(first.login), first.browser)).statusCode).toBe(302);
    steam.requests.length = 0;
    // A new sign-in whose answer carries the nonce already seen.
    const second = await start();
    await expectRefusedLocally(await approve(second.login), second.browser, /already used/);
  });

  it("refuses a stale or future answer (Steam's clock six minutes off)", async () => {
    for (const offset of [-6 * 60_000, 6 * 60_000]) {
      steam.now = () => new Date(Date.now() + offset);
      const { login, browser } = await start();
      await expectRefusedLocally(await approve(login), browser, /too old/);
    }
    // Four minutes old is still fine.
    steam.now = () => new Date(Date.now() - 4 * 60_000);
    const { login, browser } = await start();
    expect((await callback(await approve(login), browser)).statusCode).toBe(302);
  });

  it('refuses an answer Steam does not confirm (is_valid:false), storing nothing', async () => {
    // Signed for one account, then edited to name another: local checks pass, Steam's does not.
    const { browser, returnTo } = await start();
    const victim = identityUrl(freshSteamId());
    const fields = { ...steam.assertion(returnTo), 'openid.claimed_id': victim, 'openid.identity': victim };
    const before = await counts();
    const res = await callback(FakeSteamOpenId.callbackUrl(returnTo, fields), browser);
    expect(res.statusCode, res.body).toBe(401);
    expect(res.json().error.message).toMatch(/did not confirm/);
    expect(steam.checks()).toHaveLength(1);
    expect(cookieFrom(res.headers['set-cookie'], 'gh_session')).toBeUndefined();
    expect(await counts()).toEqual(before);
  });

  it('trusts only an answer of exactly ns and is_valid:true with HTTP 200; a failing Steam is a 502', async () => {
    const isCheck = (r: { method: string; path: string }) =>
      r.method === 'POST' && r.path === '/openid/login';
    for (const [answer, status] of [
      [{ status: 200, raw: 'is_valid:true\n' }, 401],
      [{ status: 200, raw: 'ns:http://specs.openid.net/auth/2.0\nis_valid:TRUE\n' }, 401],
      [{ status: 200, raw: 'ns:http://specs.openid.net/auth/2.0\nis_valid:true\nis_valid:false\n' }, 401],
      [{ status: 200, raw: '<html><body>is_valid:true</body></html>' }, 401],
      [{ status: 201, raw: 'ns:http://specs.openid.net/auth/2.0\nis_valid:true\n' }, 502],
      [{ status: 302, headers: { location: `${attacker.endpoint}` } }, 502],
      [{ status: 500, raw: 'Internal Server Error' }, 502],
    ] as const) {
      steam.inject(isCheck, answer);
      const { login, browser } = await start();
      const before = await counts();
      const res = await callback(await approve(login), browser);
      expect(res.statusCode, `${JSON.stringify(answer)}: ${res.body}`).toBe(status);
      expect(res.json().error.code).toBe(status === 401 ? 'OAUTH_FAILED' : 'PROVIDER_UNAVAILABLE');
      expect(cookieFrom(res.headers['set-cookie'], 'gh_session')).toBeUndefined();
      expect(await counts()).toEqual(before);
    }
    // Never followed a redirect to the attacker, never retried.
    expect(attacker.requests).toEqual([]);
    expect(steam.checks()).toHaveLength(7);
  });

  it('shows a "Steam is busy" page when Steam throttles the check (429, 403)', async () => {
    for (const [status, lang, text] of [
      [429, 'en-GB,en;q=0.9', 'Steam is busy'],
      [403, 'es-ES,es;q=0.9', 'Steam está saturado'],
    ] as const) {
      steam.throttle(status);
      const { login, browser } = await start();
      const before = await counts();
      const res = await callback(await approve(login), browser, { 'accept-language': lang });
      expect(res.statusCode).toBe(503);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.headers['retry-after']).toBe('20');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toContain(text);
      expect(res.body).toContain('href="/auth/steam"');
      expect(cookieFrom(res.headers['set-cookie'], 'gh_session')).toBeUndefined();
      expect(await counts()).toEqual(before);
    }
    // Retrying (a new sign-in) works once Steam lets it through.
    const { login, browser } = await start();
    expect((await callback(await approve(login), browser)).statusCode).toBe(302);
  });

  it("refuses a sign-in another browser started, even in a signed-in victim's browser", async () => {
    const attackerBrowser = await start();
    const back = await approve(attackerBrowser.login);
    const victimBrowser = (await start()).browser;
    const owner = await ownerCookie(t.app, t.ctx);
    await expectRefusedLocally(back, `${victimBrowser}; ${owner}`, /not started in this browser/);
    // And with no browser cookie at all.
    await expectRefusedLocally(back, owner, /not started in this browser/);
  });

  it('answers a cancel at Steam as a cancelled sign-in', async () => {
    steam.cancel = true;
    const { login, browser } = await start();
    const back = await approve(login);
    expect(back.searchParams.get('openid.mode')).toBe('cancel');
    await expectRefusedLocally(back, browser, /cancelled/);
  });

  it('refuses repeated or unexpected parameters and a callback without a state', async () => {
    const { login, browser } = await start();
    const back = await approve(login);
    const twice = new URL(back);
    twice.searchParams.append('openid.identity', identityUrl(freshSteamId()));
    await expectRefusedLocally(twice, browser, /more than once/);
    const extra = new URL(back);
    extra.searchParams.append('openid.ext1.value', 'x');
    await expectRefusedLocally(extra, browser, /unexpected parameter/);
    const stateless = new URL(back);
    stateless.searchParams.delete('state');
    await expectRefusedLocally(stateless, browser, /no state/);
  });

  it('links Steam to a signed-in user only after they confirm it on a page naming the account', async () => {
    const owner = await ownerCookie(t.app, t.ctx);
    const { login, browser } = await start();
    const both = `${browser}; ${owner}`;
    const before = await counts();
    const res = await callback(await approve(login), both);
    expect(res.statusCode, res.body).toBe(302);
    const page = new URL(res.headers.location as string, 'http://localhost:3000');
    expect(page.pathname).toBe('/auth/steam/link');
    expect(await counts()).toEqual(before);

    const shown = await t.app.inject({ url: page.pathname + page.search, headers: { cookie: both } });
    expect(shown.statusCode, shown.body).toBe(200);
    expect(shown.body).toContain(`Link the Steam account <strong>SteamID ${steam.user}</strong>`);
    expect(shown.body).toContain('<strong>Owner</strong>');
    const spanish = await t.app.inject({
      url: page.pathname + page.search,
      headers: { cookie: both, 'accept-language': 'es' },
    });
    expect(spanish.body).toContain(`la cuenta de Steam <strong>SteamID ${steam.user}</strong>`);

    const crossSite = await t.app.inject({
      method: 'POST',
      url: page.pathname + page.search,
      headers: { cookie: both, origin: 'http://evil.localhost:4000' },
    });
    expect(crossSite.statusCode).toBe(403);
    expect(crossSite.json().error.code).toBe('CROSS_ORIGIN_REQUEST');
    const otherBrowser = await t.app.inject({
      method: 'POST',
      url: page.pathname + page.search,
      headers: { cookie: owner, origin: 'http://localhost:3000' },
    });
    expect(otherBrowser.statusCode).toBe(404);
    expect(await counts()).toEqual(before);

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
    expect(confirmed.headers.location).toBe('/signin');
    const [ownerUser] = await t.ctx.db.select().from(users).where(eq(users.isInstanceOwner, true));
    const account = await steamAccountOfUser(t.ctx.db, ownerUser!.id);
    expect(account?.steamId64).toBe(steam.user);
    expect((await counts()).users).toBe(before.users);
    const audits = await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'steam.link'));
    expect(audits.map((a) => a.actorId)).toContain(ownerUser!.id);
    const linked = await t.app.inject({ url: '/api/v1/me/linked-accounts', headers: { cookie: owner } });
    expect(linked.json().steam.steamId64).toBe(steam.user);

    // Once only.
    const again = await t.app.inject({
      method: 'POST',
      url: page.pathname + page.search,
      headers: { cookie: both, origin: 'http://localhost:3000' },
    });
    expect(again.statusCode).toBe(404);
    expect(
      await t.ctx.db.select().from(pendingLinks).where(eq(pendingLinks.providerAccountId, steam.user)),
    ).toEqual([]);

    // Signing in with that Steam account now signs in as the owner.
    const next = await start();
    const signedIn = await callback(await approve(next.login), next.browser);
    const session = cookieFrom(signedIn.headers['set-cookie'], 'gh_session');
    const me = await t.app.inject({ url: '/api/v1/me', headers: { cookie: session! } });
    expect(me.json().user.id).toBe(ownerUser!.id);
  });

  it("lists a community's members with a linked Steam account, by 32-bit account id", async () => {
    const community = await makeCommunity(t.ctx, { game: 'dota' });
    const other = await makeCommunity(t.ctx, { game: 'dota' });
    const withSteam = await userWithRole(t.app, t.ctx, community.id, 'member', 'Puck main');
    const officer = await userWithRole(t.app, t.ctx, community.id, 'officer', 'Captain');
    await userWithRole(t.app, t.ctx, community.id, 'member', 'No Steam');
    const elsewhere = await userWithRole(t.app, t.ctx, other.id, 'member', 'Other guild');
    const nobody = await createUser(t.ctx.db, { displayName: 'No community', isInstanceOwner: false });
    const high = accountIdToSteamId64(4_000_000_000);
    const link = (userId: string, id: string) =>
      t.ctx.db
        .insert(linkedAccounts)
        .values({ userId, provider: 'steam', providerAccountId: id, displayName: id });
    const puck = freshSteamId();
    await link(withSteam.userId, puck);
    await link(officer.userId, high);
    await link(elsewhere.userId, freshSteamId());
    await link(nobody.id, freshSteamId());
    // A Discord account is not a Steam account.
    await t.ctx.db.insert(linkedAccounts).values({
      userId: officer.userId,
      provider: 'discord',
      providerAccountId: '80351110224678912',
      displayName: 'x',
    });

    const rows = await steamAccountIdsOfCommunity(t.ctx.db, community.id);
    expect(rows.sort((a, b) => a.accountId32 - b.accountId32)).toEqual(
      [
        { userId: withSteam.userId, accountId32: Number(BigInt(puck) - 76561197960265728n) },
        { userId: officer.userId, accountId32: 4_000_000_000 },
      ].sort((a, b) => a.accountId32 - b.accountId32),
    );
    expect(await steamAccountIdsOfCommunity(t.ctx.db, crypto.randomUUID())).toEqual([]);
    expect(await steamAccountOfUser(t.ctx.db, officer.userId)).toMatchObject({
      steamId64: high,
      accountId32: 4_000_000_000,
      displayName: null,
    });
    expect(await steamAccountOfUser(t.ctx.db, nobody.id)).toMatchObject({ steamId64: expect.any(String) });
    expect(await steamAccountOfUser(t.ctx.db, crypto.randomUUID())).toBeUndefined();
  });

  it('offers Steam among the sign-in providers', async () => {
    const res = await t.app.inject({ url: '/api/v1/auth/providers' });
    expect(res.json()).toMatchObject({ steam: true, steamUrl: '/auth/steam' });
  });
});

describe('Steam sign-in with a Web API key', () => {
  let k: TestApp;
  beforeAll(async () => {
    k = await createTestApp({
      env: {
        ...offline,
        STEAM_SIGN_IN: 'true',
        STEAM_OPENID_URL: steam.endpoint,
        STEAM_API_BASE_URL: steam.url,
        STEAM_WEB_API_KEY: steam.webApiKey,
        OUTBOUND_TIMEOUT_MS: '2000',
      },
    });
  });
  afterAll(async () => {
    await k?.close();
  });

  const signIn = async () => {
    const res = await k.app.inject({ url: '/auth/steam' });
    const browser = cookieFrom(res.headers['set-cookie'], 'gh_browser')!;
    const back = await approve(new URL(res.headers.location as string));
    return k.app.inject({ url: back.pathname + back.search, headers: { cookie: browser } });
  };

  it('names the user by their persona, and by their SteamID when Steam has no summary', async () => {
    steam.personas.set(steam.user, 'Río <Ranked>');
    expect((await signIn()).statusCode).toBe(302);
    const [link] = await k.ctx.db
      .select()
      .from(linkedAccounts)
      .where(eq(linkedAccounts.providerAccountId, steam.user));
    expect(link?.displayName).toBe('Río <Ranked>');
    const summary = steam.requests.find((r) => r.path === '/ISteamUser/GetPlayerSummaries/v2/');
    expect(summary?.query.get('steamids')).toBe(steam.user);
    expect(k.logLines.join('\n')).not.toContain(steam.webApiKey);

    steam.user = freshSteamId();
    expect((await signIn()).statusCode).toBe(302);
    const [plain] = await k.ctx.db
      .select()
      .from(linkedAccounts)
      .where(eq(linkedAccounts.providerAccountId, steam.user));
    expect(plain?.displayName).toBe(steam.user);
  });
});

describe('Steam sign-in not enabled', () => {
  let bare: TestApp;
  beforeAll(async () => {
    bare = await createTestApp({ env: { ...offline, STEAM_OPENID_URL: steam.endpoint } });
  });
  afterAll(async () => {
    await bare?.close();
  });

  it('answers 404 and does not offer Steam', async () => {
    for (const url of ['/auth/steam', '/auth/steam/callback?state=x&openid.mode=id_res'])
      expect((await bare.app.inject({ url })).statusCode).toBe(404);
    expect((await bare.app.inject({ url: '/api/v1/auth/providers' })).json()).toMatchObject({
      steam: false,
      steamUrl: null,
    });
  });
});

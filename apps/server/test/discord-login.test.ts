import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../src/modules/audit/audit.tables';
import {
  linkedAccounts,
  pendingLinks,
  sessions,
  signInStates,
  users,
} from '../src/modules/identity/identity.tables';
import { type FakeResponse, FakeServer, json, offline, type SeenRequest } from './fakes/server';
import { createTestApp, ownerCookie, type TestApp } from './helpers';

const CLIENT_ID = '1234567890123456789';
const CLIENT_SECRET = 'discord-secret-0123456789';
const GOOD_CODE = 'good-code-abc';
const ACCESS_TOKEN = 'discord-access-token-xyz';
const NELLY = {
  id: '80351110224678912',
  username: 'nelly',
  global_name: 'Nelly',
  avatar: null,
  discriminator: '0',
  public_flags: 0,
  flags: 0,
  banner: null,
  accent_color: null,
  avatar_decoration_data: null,
  mfa_enabled: true,
  locale: 'en-US',
  premium_type: 0,
};

/** Discord's OAuth2: the authorize page (sends the browser back with a code), token and `/users/@me`. */
class FakeDiscordOAuth extends FakeServer {
  constructor() {
    super((req) => this.oauth(req));
  }

  private oauth(req: SeenRequest): FakeResponse {
    if (req.method === 'GET' && req.path === '/oauth2/authorize') {
      const back = new URL(req.query.get('redirect_uri')!);
      back.searchParams.set('code', GOOD_CODE);
      back.searchParams.set('state', req.query.get('state')!);
      return { status: 302, headers: { location: back.toString() } };
    }
    if (req.method === 'POST' && req.path === '/api/v10/oauth2/token') {
      const form = new URLSearchParams(req.body);
      if (
        form.get('client_id') !== CLIENT_ID ||
        form.get('client_secret') !== CLIENT_SECRET ||
        form.get('grant_type') !== 'authorization_code' ||
        form.get('code') !== GOOD_CODE ||
        form.get('redirect_uri') !== 'http://localhost:3000/auth/discord/callback'
      )
        return json({ error: 'invalid_grant', error_description: 'Invalid "code" in request.' }, 401);
      return json({
        access_token: ACCESS_TOKEN,
        token_type: 'Bearer',
        expires_in: 604800,
        refresh_token: 'discord-refresh-token',
        scope: 'identify',
      });
    }
    if (req.method === 'GET' && req.path === '/api/v10/users/@me') {
      if (req.headers.authorization !== `Bearer ${ACCESS_TOKEN}`)
        return json({ message: '401: Unauthorized', code: 0 }, 401);
      return json(NELLY);
    }
    return json({ message: '404: Not Found', code: 0 }, 404);
  }
}

/** The Set-Cookie value of one cookie, as a Cookie header part. */
const cookieFrom = (setCookie: string | string[] | undefined, name: string) => {
  const all = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  const found = all.find((c) => c.startsWith(`${name}=`));
  return found?.split(';')[0];
};

const discord = new FakeDiscordOAuth();
let t: TestApp;

const counts = async () => ({
  users: (await t.ctx.db.select().from(users)).length,
  links: (await t.ctx.db.select().from(linkedAccounts).where(eq(linkedAccounts.provider, 'discord'))).length,
  sessions: (await t.ctx.db.select().from(sessions)).length,
});

const start = async () => {
  const login = await t.app.inject({ url: '/auth/discord/login' });
  expect(login.statusCode).toBe(302);
  const authorize = new URL(login.headers.location as string);
  const stateCookie = cookieFrom(login.headers['set-cookie'], 'gh_browser');
  expect(stateCookie).toBeDefined();
  return { authorize, stateCookie: stateCookie! };
};

/** The browser at Discord: it approves and comes back with a code. */
const approve = async (authorize: URL) => {
  const back = await fetch(authorize, { redirect: 'manual' });
  expect(back.status).toBe(302);
  return new URL(back.headers.get('location')!);
};

beforeAll(async () => {
  await discord.start();
  t = await createTestApp({
    env: {
      ...offline,
      DISCORD_API_BASE_URL: `${discord.url}/api/v10`,
      DISCORD_OAUTH_BASE_URL: discord.url,
      DISCORD_CLIENT_ID: CLIENT_ID,
      DISCORD_CLIENT_SECRET: CLIENT_SECRET,
      OUTBOUND_TIMEOUT_MS: '2000',
    },
  });
});

afterAll(async () => {
  await t?.close();
  await discord.stop();
});

beforeEach(() => {
  discord.requests.length = 0;
});

describe('Discord login', () => {
  it('redirects to the authorize page with the client, scope, redirect URI and a state', async () => {
    const { authorize, stateCookie } = await start();
    expect(authorize.origin + authorize.pathname).toBe(`${discord.url}/oauth2/authorize`);
    expect(authorize.searchParams.get('response_type')).toBe('code');
    expect(authorize.searchParams.get('client_id')).toBe(CLIENT_ID);
    expect(authorize.searchParams.get('scope')).toBe('identify');
    expect(authorize.searchParams.get('redirect_uri')).toBe('http://localhost:3000/auth/discord/callback');
    const state = authorize.searchParams.get('state');
    expect(state).toMatch(/^[\w-]{20,}$/);
    // The browser cookie is a signed id of its own, not the state.
    expect(stateCookie).not.toContain(state);
  });

  it('creates one user, the linked account and a session on first sign-in, and reuses them after', async () => {
    const before = await counts();
    const { authorize, stateCookie } = await start();
    const callback = await approve(authorize);
    const res = await t.app.inject({
      url: `/auth/discord/callback${callback.search}`,
      headers: { cookie: stateCookie },
    });
    expect(res.statusCode, res.body).toBe(302);
    expect(res.headers.location).toBe('/');
    const session = cookieFrom(res.headers['set-cookie'], 'gh_session');
    expect(session).toBeDefined();

    // The token exchange was form-encoded with the client's credentials; /users/@me used the token.
    const token = discord.requests.find((r) => r.path === '/api/v10/oauth2/token')!;
    expect(token.headers['content-type']).toContain('application/x-www-form-urlencoded');
    const me = discord.requests.find((r) => r.path === '/api/v10/users/@me')!;
    expect(me.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);

    const [link] = await t.ctx.db
      .select()
      .from(linkedAccounts)
      .where(eq(linkedAccounts.providerAccountId, NELLY.id));
    expect(link).toMatchObject({ provider: 'discord', displayName: 'Nelly' });
    const [user] = await t.ctx.db.select().from(users).where(eq(users.id, link!.userId));
    expect(user).toMatchObject({ displayName: 'Nelly', isInstanceOwner: false });
    expect(await counts()).toEqual({
      users: before.users + 1,
      links: before.links + 1,
      sessions: before.sessions + 1,
    });

    const whoami = await t.app.inject({ url: '/api/v1/me', headers: { cookie: session! } });
    expect(whoami.statusCode, whoami.body).toBe(200);
    expect(whoami.body).toContain(link!.userId);
    expect(whoami.body).toContain('Nelly');

    // A second sign-in: the same user, a new session, no duplicate.
    const again = await start();
    const back = await approve(again.authorize);
    const second = await t.app.inject({
      url: `/auth/discord/callback${back.search}`,
      headers: { cookie: again.stateCookie },
    });
    expect(second.statusCode, second.body).toBe(302);
    const secondSession = cookieFrom(second.headers['set-cookie'], 'gh_session');
    expect(secondSession).toBeDefined();
    expect(secondSession).not.toBe(session);
    const whoami2 = await t.app.inject({ url: '/api/v1/me', headers: { cookie: secondSession! } });
    expect(whoami2.body).toContain(link!.userId);
    expect(await counts()).toEqual({
      users: before.users + 1,
      links: before.links + 1,
      sessions: before.sessions + 2,
    });
  });

  it('links the Discord account to whoever is already signed in only after they confirm it', async () => {
    await t.ctx.db.delete(linkedAccounts).where(eq(linkedAccounts.providerAccountId, NELLY.id));
    const owner = await ownerCookie(t.app, t.ctx);
    const before = await counts();
    const { authorize, stateCookie } = await start();
    const callback = await approve(authorize);
    const res = await t.app.inject({
      url: `/auth/discord/callback${callback.search}`,
      headers: { cookie: `${stateCookie}; ${owner}` },
    });
    // The callback links nothing by itself: it sends the browser to the confirmation page.
    expect(res.statusCode, res.body).toBe(302);
    const page = new URL(res.headers.location as string, 'http://localhost:3000');
    expect(page.pathname).toBe('/auth/discord/link');
    expect(await counts()).toEqual(before);

    const both = `${stateCookie}; ${owner}`;
    const shown = await t.app.inject({ url: page.pathname + page.search, headers: { cookie: both } });
    expect(shown.statusCode, shown.body).toBe(200);
    expect(shown.headers['content-type']).toContain('text/html');
    expect(shown.headers['cache-control']).toBe('no-store');
    expect(shown.body).toContain('Link the Discord account <strong>Nelly</strong>');
    expect(shown.body).toContain('<strong>Owner</strong>');
    const spanish = await t.app.inject({
      url: page.pathname + page.search,
      headers: { cookie: both, 'accept-language': 'es-ES,es;q=0.9,en;q=0.8' },
    });
    expect(spanish.body).toContain('la cuenta de Discord <strong>Nelly</strong>');
    expect(spanish.body).toContain('<html lang="es">');
    expect(await counts()).toEqual(before);

    // Another browser of the same user, or a post from another site, cannot confirm it.
    const otherBrowser = await t.app.inject({
      method: 'POST',
      url: page.pathname + page.search,
      headers: { cookie: owner },
    });
    expect(otherBrowser.statusCode).toBe(404);
    const crossSite = await t.app.inject({
      method: 'POST',
      url: page.pathname + page.search,
      headers: { cookie: both, origin: 'http://evil.localhost:4000' },
    });
    expect(crossSite.statusCode).toBe(403);
    expect(crossSite.json().error.code).toBe('CROSS_ORIGIN_REQUEST');
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
    expect(confirmed.headers.location).toBe('/');
    const [link] = await t.ctx.db
      .select()
      .from(linkedAccounts)
      .where(eq(linkedAccounts.providerAccountId, NELLY.id));
    const [ownerUser] = await t.ctx.db.select().from(users).where(eq(users.isInstanceOwner, true));
    expect(link?.userId).toBe(ownerUser!.id);
    expect((await counts()).users).toBe(before.users);
    const audits = await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'discord.link'));
    expect(audits.map((a) => a.actorId)).toContain(ownerUser!.id);

    // The confirmation works once.
    const again = await t.app.inject({
      method: 'POST',
      url: page.pathname + page.search,
      headers: { cookie: both, 'content-type': 'application/x-www-form-urlencoded' },
      payload: '',
    });
    expect(again.statusCode).toBe(404);
    expect(await t.ctx.db.select().from(pendingLinks)).toEqual([]);
  });

  it('refuses a replayed callback: the state works once', async () => {
    await t.ctx.db.delete(linkedAccounts).where(eq(linkedAccounts.providerAccountId, NELLY.id));
    const { authorize, stateCookie } = await start();
    const callback = await approve(authorize);
    const first = await t.app.inject({
      url: `/auth/discord/callback${callback.search}`,
      headers: { cookie: stateCookie },
    });
    expect(first.statusCode, first.body).toBe(302);
    const before = await counts();
    discord.requests.length = 0;
    const replay = await t.app.inject({
      url: `/auth/discord/callback${callback.search}`,
      headers: { cookie: stateCookie },
    });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error.code).toBe('OAUTH_FAILED');
    expect(cookieFrom(replay.headers['set-cookie'], 'gh_session')).toBeUndefined();
    expect(discord.requests).toEqual([]);
    expect(await counts()).toEqual(before);
  });

  it('refuses an expired state', async () => {
    const before = await counts();
    const { authorize, stateCookie } = await start();
    const callback = await approve(authorize);
    // Ten minutes pass.
    await t.ctx.db.update(signInStates).set({ expiresAt: new Date(Date.now() - 1000) });
    discord.requests.length = 0;
    const res = await t.app.inject({
      url: `/auth/discord/callback${callback.search}`,
      headers: { cookie: stateCookie },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('OAUTH_FAILED');
    expect(discord.requests).toEqual([]);
    expect(await counts()).toEqual(before);
  });

  it("refuses a state that another browser started, even with the victim's session", async () => {
    const before = await counts();
    // The attacker starts a sign-in and approves it with their own account...
    const attacker = await start();
    const callback = await approve(attacker.authorize);
    // ...and gets the signed-in victim's browser (its own browser cookie) to open the callback.
    const victimBrowser = (await start()).stateCookie;
    expect(victimBrowser).not.toBe(attacker.stateCookie);
    const owner = await ownerCookie(t.app, t.ctx);
    discord.requests.length = 0;
    const res = await t.app.inject({
      url: `/auth/discord/callback${callback.search}`,
      headers: { cookie: `${victimBrowser}; ${owner}` },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('OAUTH_FAILED');
    expect(discord.requests).toEqual([]);
    const { sessions: _s, ...rest } = await counts();
    const { sessions: _b, ...restBefore } = before;
    expect(rest).toEqual(restBefore);
  });

  it('refuses a callback whose state does not match the cookie, storing nothing', async () => {
    const before = await counts();
    const { authorize, stateCookie } = await start();
    const callback = await approve(authorize);
    callback.searchParams.set('state', 'someone-elses-state-0123456789');
    const res = await t.app.inject({
      url: `/auth/discord/callback${callback.search}`,
      headers: { cookie: stateCookie },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('OAUTH_FAILED');
    expect(cookieFrom(res.headers['set-cookie'], 'gh_session')).toBeUndefined();
    // Without the state cookie at all, likewise.
    const noCookie = await t.app.inject({ url: `/auth/discord/callback${callback.search}` });
    expect(noCookie.statusCode).toBe(401);
    expect(discord.requests.some((r) => r.path === '/api/v10/oauth2/token')).toBe(false);
    expect(await counts()).toEqual(before);
  });

  it('answers 401 OAUTH_FAILED when Discord refuses the code, storing nothing', async () => {
    const before = await counts();
    const { authorize, stateCookie } = await start();
    const res = await t.app.inject({
      url: `/auth/discord/callback?code=bad-code&state=${authorize.searchParams.get('state')}`,
      headers: { cookie: stateCookie },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('OAUTH_FAILED');
    expect(res.json().error.message).toContain('invalid_grant');
    expect(cookieFrom(res.headers['set-cookie'], 'gh_session')).toBeUndefined();
    expect(await counts()).toEqual(before);
  });

  it('answers 401 OAUTH_FAILED when the user cancels at Discord', async () => {
    const { authorize, stateCookie } = await start();
    const res = await t.app.inject({
      url: `/auth/discord/callback?error=access_denied&state=${authorize.searchParams.get('state')}`,
      headers: { cookie: stateCookie },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('OAUTH_FAILED');
  });

  it('offers Discord among the sign-in providers', async () => {
    const res = await t.app.inject({ url: '/api/v1/auth/providers' });
    expect(res.json()).toMatchObject({ discord: true, discordUrl: '/auth/discord/login' });
  });

  it('never logs the client secret or the tokens', () => {
    const logs = t.logLines.join('\n');
    expect(logs).not.toContain(CLIENT_SECRET);
    expect(logs).not.toContain(ACCESS_TOKEN);
  });
});

describe('Discord login not configured', () => {
  let bare: TestApp;
  beforeAll(async () => {
    // Only the id: both are needed.
    bare = await createTestApp({ env: { ...offline, DISCORD_CLIENT_ID: CLIENT_ID } });
  });
  afterAll(async () => {
    await bare?.close();
  });

  it('answers 404 on both routes and does not offer Discord', async () => {
    const login = await bare.app.inject({ url: '/auth/discord/login' });
    expect(login.statusCode).toBe(404);
    expect(login.json().error.code).toBe('NOT_FOUND');
    const callback = await bare.app.inject({ url: '/auth/discord/callback?code=x&state=y' });
    expect(callback.statusCode).toBe(404);
    expect(callback.json().error.code).toBe('NOT_FOUND');
    const bareCallback = await bare.app.inject({ url: '/auth/discord/callback' });
    expect(bareCallback.statusCode).toBe(404);
    const providers = (await bare.app.inject({ url: '/api/v1/auth/providers' })).json();
    expect(providers).toMatchObject({ discord: false, discordUrl: null });
  });
});

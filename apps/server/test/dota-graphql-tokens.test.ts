import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUserActive } from '../src/modules/access';
import { cliActor } from '../src/modules/audit';
import type { Community } from '../src/modules/communities';
import { issueTokens, verifyAccessToken } from '../src/modules/identity';
import { fakeDotaServices } from './dota-graphql-fixtures';
import { type GraphqlHarness, graphqlApp, ORIGIN } from './dota-graphql-harness';
import { makeCommunity, userWithRole } from './helpers';

let t: GraphqlHarness;
let c: Community;

beforeAll(async () => {
  t = await graphqlApp(fakeDotaServices());
  c = await makeCommunity(t.ctx, { game: 'dota' });
});
afterAll(() => t.close());

/** A member signed in with a cookie, and the raw session id behind it. */
async function member(name: string) {
  const m = await userWithRole(t.app, t.ctx, c.id, 'member', name);
  const signed = m.cookie.slice('gh_session='.length);
  const sessionId = t.app.unsignCookie(signed).value!;
  return { ...m, sessionId };
}

async function issue(cookie: string) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/tokens',
    headers: { cookie, origin: ORIGIN },
  });
  expect(res.statusCode).toBe(201);
  expect(res.headers['cache-control']).toBe('no-store');
  return res.json() as { accessToken: string; refreshToken: string; expiresIn: number };
}

const whoAmI = (accessToken: string) =>
  t.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${accessToken}` } });
const refresh = (refreshToken: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/tokens/refresh', payload: { refreshToken } });

describe('issuing', () => {
  it('needs a signed-in session from the dashboard origin', async () => {
    const m = await member('Issuer Ivy');
    const pair = await issue(m.cookie);
    expect(pair.expiresIn).toBe(900);
    expect((await whoAmI(pair.accessToken)).json().user.id).toBe(m.userId);

    const anonymous = await t.app.inject({ method: 'POST', url: '/api/v1/auth/tokens' });
    expect(anonymous.statusCode).toBe(401);
    const forged = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/tokens',
      headers: { cookie: m.cookie, origin: 'https://evil.example' },
    });
    expect(forged.statusCode).toBe(403);
    expect(forged.json().error.code).toBe('CROSS_ORIGIN_REQUEST');
    const byBearer = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/tokens',
      headers: { authorization: `Bearer ${pair.accessToken}` },
    });
    expect(byBearer.statusCode).toBe(403);
  });
});

describe('access tokens', () => {
  it('expire after 15 minutes (fake clock)', async () => {
    const m = await member('Clock Cleo');
    const issuedAt = new Date('2026-06-01T12:00:00Z');
    const pair = await issueTokens(t.ctx, { userId: m.userId, sessionId: m.sessionId }, issuedAt);
    const at = (minutes: number) => new Date(issuedAt.getTime() + minutes * 60_000);
    await expect(verifyAccessToken(t.ctx, pair.accessToken, at(14.9))).resolves.toMatchObject({
      user: { id: m.userId },
    });
    await expect(verifyAccessToken(t.ctx, pair.accessToken, at(15.1))).rejects.toMatchObject({
      code: 'INVALID_ACCESS_TOKEN',
      message: expect.stringContaining('expired'),
    });
    // Over HTTP (today's clock), that token is long expired.
    const res = await whoAmI(pair.accessToken);
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('INVALID_ACCESS_TOKEN');
  });

  it('a tampered token, another key, another algorithm and no algorithm are refused', async () => {
    const m = await member('Tamper Tia');
    const pair = await issue(m.cookie);
    const [header, payload, signature] = pair.accessToken.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const other = await member('Victim Vic');

    const swapped = Buffer.from(JSON.stringify({ ...claims, sub: other.userId })).toString('base64url');
    const forgedSub = `${header}.${swapped}.${signature}`;
    const flipped = `${header}.${payload}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    const otherKey = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode('a key that is not the installation key!'));
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    // The real key, through HKDF as the server derives it, but HS512: the algorithm is pinned.
    const { deriveKey } = await import('../src/core/secrets');
    const key = deriveKey(Buffer.from(t.ctx.cookieSecret, 'base64url'), 'api-access-token');
    const hs512 = await new SignJWT(claims).setProtectedHeader({ alg: 'HS512' }).sign(new Uint8Array(key));
    const sameKeyOk = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new Uint8Array(key));
    expect((await whoAmI(sameKeyOk)).statusCode).toBe(200);

    for (const token of [forgedSub, flipped, otherKey, none, hs512, 'not-a-jwt']) {
      const res = await whoAmI(token);
      expect(res.statusCode, token).toBe(401);
      expect(res.json().error.code).toBe('INVALID_ACCESS_TOKEN');
    }
    const basic = await t.app.inject({ url: '/api/v1/me', headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expect(basic.statusCode).toBe(401);
  });
});

describe('refresh tokens', () => {
  it('rotate once each; a spent one presented again revokes the whole family', async () => {
    const m = await member('Rotate Rue');
    const first = await issue(m.cookie);
    const r1 = await refresh(first.refreshToken);
    expect(r1.statusCode).toBe(200);
    const second = r1.json() as { accessToken: string; refreshToken: string };
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect((await whoAmI(second.accessToken)).statusCode).toBe(200);

    const replay = await refresh(first.refreshToken);
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error.code).toBe('REFRESH_TOKEN_REUSED');
    // Everything of the family is dead now, the thief's and the client's alike.
    const after = await refresh(second.refreshToken);
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('INVALID_REFRESH_TOKEN');
    expect((await whoAmI(second.accessToken)).statusCode).toBe(401);
    expect((await whoAmI(first.accessToken)).statusCode).toBe(401);
    // The session itself and another family of it are untouched.
    expect((await t.app.inject({ url: '/api/v1/me', headers: { cookie: m.cookie } })).json().user.id).toBe(
      m.userId,
    );
    const again = await issue(m.cookie);
    expect((await whoAmI(again.accessToken)).statusCode).toBe(200);
  });

  it('unknown and malformed refresh tokens are 4xx', async () => {
    expect((await refresh('ghr_unknown-token-value')).json().error.code).toBe('INVALID_REFRESH_TOKEN');
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/tokens/refresh',
      payload: { refreshToken: 1 },
    });
    expect(bad.statusCode).toBe(400);
  });

  it('DELETE revokes the family: its access token stops at once', async () => {
    const m = await member('Revoke Rex');
    const pair = await issue(m.cookie);
    const del = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/auth/tokens',
      headers: { authorization: `Bearer ${pair.accessToken}` },
    });
    expect(del.statusCode).toBe(204);
    expect((await whoAmI(pair.accessToken)).statusCode).toBe(401);
    expect((await refresh(pair.refreshToken)).statusCode).toBe(401);

    const other = await issue(m.cookie);
    const byRefresh = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/auth/tokens',
      payload: { refreshToken: other.refreshToken },
    });
    expect(byRefresh.statusCode).toBe(204);
    expect((await whoAmI(other.accessToken)).statusCode).toBe(401);
  });

  it('a deactivated user and a signed-out session can neither refresh nor use their tokens', async () => {
    const gone = await member('Deactivated Dan');
    const pair = await issue(gone.cookie);
    await setUserActive(t.ctx, gone.userId, false, cliActor);
    expect((await whoAmI(pair.accessToken)).statusCode).toBe(401);
    expect((await refresh(pair.refreshToken)).statusCode).toBe(401);

    const out = await member('Logout Lou');
    const pair2 = await issue(out.cookie);
    const logout = await t.app.inject({
      method: 'POST',
      url: '/auth/logout',
      headers: { cookie: out.cookie, origin: ORIGIN },
    });
    expect(logout.statusCode).toBe(204);
    expect((await whoAmI(pair2.accessToken)).statusCode).toBe(401);
    expect((await refresh(pair2.refreshToken)).statusCode).toBe(401);
  });
});

/**
 * The rules every route shares: cross-origin writes refused (CSRF), the client address rate
 * limits key on (TRUST_PROXY), and the security headers.
 */
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSameOrigin } from '../src/core/csrf';
import { createApiKey } from '../src/modules/access';
import { cliActor } from '../src/modules/audit';
import { createLoginToken, ensureInstanceOwner } from '../src/modules/identity';
import { LOGIN_ATTEMPTS_PER_MINUTE } from '../src/modules/identity/identity.routes';
import { createTestApp, makeCommunity, ownerCookie, type TestApp } from './helpers';

let t: TestApp;
let owner: string;
let communityId: string;

beforeAll(async () => {
  t = await createTestApp({ env: { RATE_LIMIT_PER_MINUTE: '100000', PUBLIC_URL: 'https://guild.example' } });
  owner = await ownerCookie(t.app, t.ctx);
  communityId = (await makeCommunity(t.ctx)).id;
});
afterAll(() => t?.close());

const rename = (name: string, headers: Record<string, string>): InjectOptions => ({
  method: 'PATCH',
  url: `/api/v1/communities/${communityId}`,
  headers: { cookie: owner, ...headers },
  payload: { name },
});
const communityName = async () =>
  (await t.app.inject({ url: `/api/v1/communities/${communityId}`, headers: { cookie: owner } })).json().name;

describe('CSRF: state-changing requests must be same-origin', () => {
  it('refuses a cookie-authenticated write from another origin, by Origin, Sec-Fetch-Site or Referer', async () => {
    const before = await communityName();
    const foreign: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { origin: 'https://guild.example.evil.example' },
      { origin: 'http://guild.example' }, // another scheme is another origin
      { origin: 'null' }, // sandboxed frames and opaque redirects
      { 'sec-fetch-site': 'same-site' },
      { 'sec-fetch-site': 'cross-site' },
      { referer: 'https://evil.example/page' },
    ];
    for (const headers of foreign) {
      const res = await t.app.inject(rename('Hijacked', headers));
      expect(res.statusCode, JSON.stringify(headers)).toBe(403);
      expect(res.json().error.code).toBe('CROSS_ORIGIN_REQUEST');
    }
    expect(await communityName()).toBe(before);
  });

  it('refuses body-less POSTs too: run a job, test a webhook, log out', async () => {
    const evil = { cookie: owner, origin: 'https://evil.example' };
    for (const url of [
      `/api/v1/communities/${communityId}/jobs/raiderio-sync`,
      `/api/v1/communities/${communityId}/webhooks/00000000-0000-4000-8000-000000000000/test`,
      '/auth/logout',
    ]) {
      const res = await t.app.inject({ method: 'POST', url, headers: evil });
      expect(res.statusCode, url).toBe(403);
      expect(res.json().error.code).toBe('CROSS_ORIGIN_REQUEST');
    }
    // The session survived the cross-site logout.
    const me = await t.app.inject({ url: '/api/v1/me', headers: { cookie: owner } });
    expect(me.json().user).not.toBeNull();
  });

  it('lets the dashboard write: same Origin, same-origin fetch metadata, or a same-origin Referer', async () => {
    const sameOrigin: Record<string, string>[] = [
      { origin: 'https://guild.example' },
      { 'sec-fetch-site': 'same-origin' },
      { referer: 'https://guild.example/c/x/admin' },
    ];
    for (const [i, headers] of sameOrigin.entries()) {
      const res = await t.app.inject(rename(`Renamed ${i}`, headers));
      expect(res.statusCode, JSON.stringify(headers)).toBe(200);
      expect(await communityName()).toBe(`Renamed ${i}`);
    }
  });

  it('exempts API-key requests, which no page on another origin can send', async () => {
    const { key } = await createApiKey(t.ctx, communityId, { name: 'up', scopes: ['upload'] }, cliActor);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/upload',
      headers: {
        'x-api-key': key,
        origin: 'https://evil.example',
        'content-type': 'application/octet-stream',
      },
      payload: Buffer.from('not gzip'),
    });
    // Past the CSRF rule: the upload itself is judged (and refused for its content).
    expect(res.json().error.code).toBe('LUA_SYNTAX');
  });

  it('the rule itself: PUBLIC_URL decides, and without it the address the browser used', () => {
    const fixed = { expected: 'https://guild.example', orAddressedHost: false };
    expect(checkSameOrigin({ origin: 'https://guild.example' }, fixed).ok).toBe(true);
    expect(checkSameOrigin({ origin: 'https://lan.example', host: 'lan.example' }, fixed).ok).toBe(false);
    const unset = { expected: 'http://localhost:3000', orAddressedHost: true };
    expect(checkSameOrigin({ origin: 'http://localhost:3000', host: '10.0.0.5:3000' }, unset).ok).toBe(true);
    expect(checkSameOrigin({ origin: 'http://10.0.0.5:3000', host: '10.0.0.5:3000' }, unset).ok).toBe(true);
    expect(checkSameOrigin({ origin: 'http://10.0.0.5:4000', host: '10.0.0.5:3000' }, unset).ok).toBe(false);
    // Origin wins over a same-origin Sec-Fetch-Site; a request from no browser carries none.
    expect(
      checkSameOrigin({ origin: 'https://evil.example', 'sec-fetch-site': 'same-origin' }, fixed).ok,
    ).toBe(false);
    expect(checkSameOrigin({ 'sec-fetch-site': 'none' }, fixed).ok).toBe(true);
    expect(checkSameOrigin({}, fixed).ok).toBe(true);
  });
});

describe('TRUST_PROXY', () => {
  const burst = async (app: TestApp['app'], n: number, forwarded: (i: number) => string) => {
    const codes: number[] = [];
    for (let i = 0; i < n; i++) {
      codes.push(
        (await app.inject({ url: '/api/health', headers: { 'x-forwarded-for': forwarded(i) } })).statusCode,
      );
    }
    return codes;
  };

  it('off by default: a client cannot pick its rate-limit key with X-Forwarded-For', async () => {
    const limited = await createTestApp({ env: { RATE_LIMIT_PER_MINUTE: '100' } });
    try {
      const codes = await burst(limited.app, 110, (i) => `203.0.113.${i % 250}`);
      expect(codes.slice(0, 100).every((c) => c === 200)).toBe(true);
      expect(codes.slice(100)).toEqual(Array(10).fill(429));
    } finally {
      await limited.close();
    }
  });

  it('with the proxy trusted, the forwarded client address is the key', async () => {
    // inject() connects from 127.0.0.1: that is the trusted proxy here.
    const proxied = await createTestApp({ env: { RATE_LIMIT_PER_MINUTE: '3', TRUST_PROXY: '127.0.0.1' } });
    try {
      // Four clients behind the proxy: three requests each pass.
      const spread = await burst(proxied.app, 12, (i) => `198.51.100.${i % 4}`);
      expect(spread.every((c) => c === 200)).toBe(true);
      // One of them goes on: its own limit is reached.
      expect(await burst(proxied.app, 1, () => '198.51.100.0')).toEqual([429]);
      // A chain's address nearest the trusted proxy counts, not the one a client wrote first.
      expect(await burst(proxied.app, 1, () => '10.9.9.9, 198.51.100.1')).toEqual([429]);
    } finally {
      await proxied.close();
    }
  });

  it('one-time login links have a stricter limit of their own', async () => {
    const codes: number[] = [];
    for (let i = 0; i < LOGIN_ATTEMPTS_PER_MINUTE + 2; i++) {
      codes.push((await t.app.inject({ url: `/auth/login?token=guess-${i}-0123456789` })).statusCode);
    }
    expect(codes.slice(0, LOGIN_ATTEMPTS_PER_MINUTE)).toEqual(Array(LOGIN_ATTEMPTS_PER_MINUTE).fill(401));
    expect(codes.slice(LOGIN_ATTEMPTS_PER_MINUTE)).toEqual([429, 429]);
    // Even a right token waits out the limit.
    const { user } = await ensureInstanceOwner(t.ctx.db);
    const token = await createLoginToken(t.ctx.db, user.id);
    expect((await t.app.inject({ url: `/auth/login?token=${token}` })).statusCode).toBe(429);
  });
});

describe('security headers', () => {
  it('every answer carries the CSP, frame denial and referrer policy; https adds HSTS', async () => {
    const res = await t.app.inject({ url: '/api/health' });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['referrer-policy']).toBe('same-origin');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    const notFound = await t.app.inject({ url: '/api/v1/nothing-here' });
    expect(notFound.headers['x-frame-options']).toBe('DENY');
  });

  it('Swagger UI gets its own policy (fonts and styles it loads), still never framed', async () => {
    const res = await t.app.inject({ url: '/docs/' });
    expect(res.statusCode).toBe(200);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src-attr 'none'");
    expect(csp).toContain("font-src 'self' https: data:");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-frame-options']).toBe('DENY');
  });

  it('no-store on keys, credentials, sessions and sign-in; reads keep their ETag revalidation', async () => {
    const origin = { cookie: owner, origin: 'https://guild.example' };
    const key = await t.app.inject({
      method: 'POST',
      url: `/api/v1/communities/${communityId}/api-keys`,
      headers: origin,
      payload: { name: 'reader', scopes: ['read'] },
    });
    expect(key.statusCode, key.body).toBe(201);
    expect(key.headers['cache-control']).toBe('no-store');
    const creds = await t.app.inject({
      url: `/api/v1/communities/${communityId}/credentials`,
      headers: origin,
    });
    expect(creds.statusCode).toBe(200);
    expect(creds.headers['cache-control']).toBe('no-store');
    const put = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/communities/${communityId}/credentials/raiderio`,
      headers: origin,
      payload: { fields: { apiKey: 'rio-key-0123456789' } },
    });
    expect(put.headers['cache-control']).toBe('no-store');
    const me = await t.app.inject({ url: '/api/v1/me', headers: { cookie: owner } });
    expect(me.headers['cache-control']).toBe('no-store');
    const login = await t.app.inject({ url: '/auth/login?token=unknown-token-0123456789' });
    expect(login.headers['cache-control']).toBe('no-store');
    const roster = await t.app.inject({
      url: `/api/v1/communities/${communityId}/roster`,
      headers: { cookie: owner },
    });
    expect(roster.headers['cache-control']).toBe('no-cache');
  });
});

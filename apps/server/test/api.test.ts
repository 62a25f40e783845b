import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineJob } from '../src/core/queue';
import { createLoginToken, ensureInstanceOwner } from '../src/modules/identity';
import {
  createTestApp,
  makeCommunity,
  ownerCookie,
  type TestApp,
  testDatabaseUrl,
  testRedisUrl,
} from './helpers';

let t: TestApp;
let owner: string;

beforeAll(async () => {
  t = await createTestApp({ redis: true, env: { BODY_LIMIT_BYTES: '2048' } });
  owner = await ownerCookie(t.app, t.ctx);
});
afterAll(() => t.close());

describe('system routes', () => {
  it('reports health with the database and queue in use', async () => {
    const res = await t.app.inject('/api/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      status: 'ok',
      db: testDatabaseUrl ? 'postgres' : 'pglite',
      queue: testRedisUrl ? 'bullmq' : 'inprocess',
      version: expect.any(String),
    });
  });

  it('publishes the OpenAPI document and Swagger UI', async () => {
    const doc = (await t.app.inject('/docs/json')).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/communities/{id}', '/api/v1/communities/{id}/api-keys']),
    );
    expect(doc.paths['/api/internal/cli']).toBeUndefined();
    expect((await t.app.inject('/docs')).statusCode).toBeLessThan(400);
  });

  it('answers unknown routes, bad input and oversized bodies with the one error shape', async () => {
    const missing = await t.app.inject('/api/v1/nothing-here');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error: { code: 'NOT_FOUND', message: expect.any(String) } });

    const invalid = await t.app.inject({
      method: 'POST',
      url: '/api/v1/communities',
      headers: { cookie: owner },
      payload: { name: '', game: 'chess' },
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.code).toBe('VALIDATION_FAILED');
    expect(invalid.json().error.message).toMatch(/game|name/);

    const big = await t.app.inject({
      method: 'POST',
      url: '/api/v1/communities',
      headers: { cookie: owner, 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x'.repeat(5000), game: 'wow' }),
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('leaks no internals on a database error', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/communities/not-a-uuid' });
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toMatch(/select|syntax|invalid input/i);
  });
});

describe('communities', () => {
  it('lets only the installation owner create one', async () => {
    const anon = await t.app.inject({
      method: 'POST',
      url: '/api/v1/communities',
      payload: { name: 'Nope', game: 'wow' },
    });
    expect(anon.statusCode).toBe(401);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/communities',
      headers: { cookie: owner },
      payload: {
        name: 'Los Centinelas',
        game: 'wow',
        region: 'eu',
        realm: 'Stormvale',
        timezone: 'Europe/Madrid',
        language: 'es',
      },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      name: 'Los Centinelas',
      game: 'wow',
      realm: 'Stormvale',
      language: 'es',
      inactivityDays: 30,
    });
    expect(body.modules).toEqual(expect.arrayContaining(['wow', 'activity', 'admin']));
  });

  it('rejects an unknown time zone', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/communities',
      headers: { cookie: owner },
      payload: { name: 'X', game: 'osrs', timezone: 'Mars/Olympus' },
    });
    expect(res.statusCode).toBe(400);
  });

  it('serves the community card with an ETag, 304 when unchanged, fresh after an update', async () => {
    const c = await makeCommunity(t.ctx);
    const first = await t.app.inject(`/api/v1/communities/${c.id}`);
    expect(first.statusCode).toBe(200);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^".+"$/);
    const again = await t.app.inject({
      url: `/api/v1/communities/${c.id}`,
      headers: { 'if-none-match': etag },
    });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');

    const patch = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/communities/${c.id}`,
      headers: { cookie: owner },
      payload: {
        inactivityDays: 14,
        settings: { raidNights: [{ weekday: 3, start: '20:00', minutes: 180 }] },
      },
    });
    expect(patch.statusCode).toBe(200);
    const after = await t.app.inject({
      url: `/api/v1/communities/${c.id}`,
      headers: { 'if-none-match': etag },
    });
    expect(after.statusCode).toBe(200);
    expect(after.json().inactivityDays).toBe(14);
    expect(after.json().settings.raidNights).toHaveLength(1);
  });

  it('answers 404 for a community that does not exist', async () => {
    const res = await t.app.inject('/api/v1/communities/00000000-0000-4000-8000-000000000000');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('COMMUNITY_NOT_FOUND');
  });
});

describe('API keys and audit', () => {
  it('creates a key shown once, lists it without the secret, revokes it, and audits each step', async () => {
    const c = await makeCommunity(t.ctx);
    const created = await t.app.inject({
      method: 'POST',
      url: `/api/v1/communities/${c.id}/api-keys`,
      headers: { cookie: owner },
      payload: { name: 'agent on my PC', scopes: ['upload'] },
    });
    expect(created.statusCode).toBe(201);
    const { key, id, prefix } = created.json();
    expect(key).toMatch(/^gh_/);
    expect(key.startsWith(prefix)).toBe(true);

    const list = await t.app.inject({
      url: `/api/v1/communities/${c.id}/api-keys`,
      headers: { cookie: owner },
    });
    expect(list.json().total).toBe(1);
    expect(list.body).not.toContain(key);

    const revoked = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/communities/${c.id}/api-keys/${id}`,
      headers: { cookie: owner },
    });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().revokedAt).not.toBeNull();
    const twice = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/communities/${c.id}/api-keys/${id}`,
      headers: { cookie: owner },
    });
    expect(twice.statusCode).toBe(404);

    const audit = await t.app.inject({
      url: `/api/v1/communities/${c.id}/audit?limit=2`,
      headers: { cookie: owner },
    });
    expect(audit.statusCode).toBe(200);
    const page = audit.json();
    expect(page.total).toBe(3); // community.create, apikey.create, apikey.revoke
    expect(page.items.map((e: { action: string }) => e.action)).toEqual(['apikey.revoke', 'apikey.create']);
    expect(page.items[0]).toMatchObject({
      actorType: 'user',
      actorName: 'Owner',
      targetId: id,
      result: 'ok',
    });

    const filtered = await t.app.inject({
      url: `/api/v1/communities/${c.id}/audit?action=apikey.create`,
      headers: { cookie: owner },
    });
    expect(filtered.json().total).toBe(1);
    const second = await t.app.inject({
      url: `/api/v1/communities/${c.id}/audit?limit=2&offset=2`,
      headers: { cookie: owner },
    });
    expect(second.json().items.map((e: { action: string }) => e.action)).toEqual(['community.create']);
  });
});

describe('sign-in', () => {
  it('trades a one-time login link for a signed, http-only session cookie, once', async () => {
    const { user } = await ensureInstanceOwner(t.ctx.db);
    const token = await createLoginToken(t.ctx.db, user.id);
    const res = await t.app.inject(`/auth/login?token=${token}`);
    expect(res.statusCode).toBe(302);
    const cookie = res.cookies.find((c) => c.name === 'gh_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.value).toContain('.'); // signed

    const me = await t.app.inject({ url: '/api/v1/me', cookies: { gh_session: cookie.value } });
    expect(me.json().user).toMatchObject({ displayName: 'Owner', isInstanceOwner: true });

    const reused = await t.app.inject(`/auth/login?token=${token}`);
    expect(reused.statusCode).toBe(401);
    expect(reused.json().error.code).toBe('INVALID_LOGIN_TOKEN');

    // A tampered cookie is no session.
    const forged = await t.app.inject({
      url: '/api/v1/me',
      cookies: { gh_session: `${cookie.value.split('.')[0]}x.bad` },
    });
    expect(forged.json().user).toBeNull();

    const out = await t.app.inject({
      method: 'POST',
      url: '/auth/logout',
      cookies: { gh_session: cookie.value },
    });
    expect(out.statusCode).toBe(204);
    const after = await t.app.inject({ url: '/api/v1/me', cookies: { gh_session: cookie.value } });
    expect(after.json().user).toBeNull();
  });
});

describe('job runs for administrators', () => {
  it('queues a run for the community, lists it paged with the full total, and keeps it from others', async () => {
    const c = await makeCommunity(t.ctx);
    t.ctx.queue.register([
      defineJob({
        name: 'test-echo',
        scope: 'community',
        payload: z.object({ communityId: z.string() }),
        retry: { attempts: 1, backoffMs: 1 },
        handler: async () => null,
      }),
    ]);
    for (let i = 0; i < 3; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/communities/${c.id}/jobs/test-echo`,
        headers: { cookie: owner },
      });
      expect(res.statusCode).toBe(202);
      expect(res.json().runId).toEqual(expect.any(Number));
    }
    const page = await t.app.inject({
      url: `/api/v1/communities/${c.id}/jobs?limit=2`,
      headers: { cookie: owner },
    });
    expect(page.json().items).toHaveLength(2);
    expect(page.json().total).toBe(3);
    expect(page.json().items[0]).toMatchObject({
      jobName: 'test-echo',
      communityId: c.id,
      trigger: 'manual',
    });

    const unknown = await t.app.inject({
      method: 'POST',
      url: `/api/v1/communities/${c.id}/jobs/nope`,
      headers: { cookie: owner },
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('JOB_NOT_FOUND');

    const other = await makeCommunity(t.ctx);
    const elsewhere = await t.app.inject({
      url: `/api/v1/communities/${other.id}/jobs`,
      headers: { cookie: owner },
    });
    expect(elsewhere.json().total).toBe(0);

    const all = await t.app.inject({ url: '/api/v1/admin/jobs?job=test-echo', headers: { cookie: owner } });
    expect(all.json().runs).toHaveLength(3);
    expect(all.json().definitions.map((d: { name: string }) => d.name)).toContain('job-runs-prune');
    expect((await t.app.inject('/api/v1/admin/jobs')).statusCode).toBe(401);
  });
});

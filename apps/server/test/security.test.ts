import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../src/modules/access';
import { cliActor } from '../src/modules/audit';
import { readCredential } from '../src/modules/communities';
import { createTestApp, makeCommunity, ownerCookie, type TestApp, userWithRole } from './helpers';

let t: TestApp;
let owner: string;
/** Every body the tests received: scanned for secrets at the end. */
const bodies: string[] = [];

beforeAll(async () => {
  t = await createTestApp({ env: { RATE_LIMIT_PER_MINUTE: '100000' } });
  owner = await ownerCookie(t.app, t.ctx);
});
afterAll(() => t.close());

async function call(opts: string | InjectOptions) {
  const res = await t.app.inject(opts);
  bodies.push(res.body, JSON.stringify(res.headers));
  return res;
}

describe('API keys are bound to their community and scope', () => {
  it('a key of community A can neither read nor write community B', async () => {
    const a = await makeCommunity(t.ctx);
    const b = await makeCommunity(t.ctx);
    const { key } = await createApiKey(t.ctx, a.id, { name: 'a-read', scopes: ['read', 'upload'] }, cliActor);
    const read = await call({ url: `/api/v1/communities/${b.id}/audit`, headers: { 'x-api-key': key } });
    expect(read.statusCode).toBe(403);
    expect(read.json().error.code).toBe('FORBIDDEN');
    const write = await call({
      method: 'PATCH',
      url: `/api/v1/communities/${b.id}`,
      headers: { 'x-api-key': key },
      payload: { name: 'pwned' },
    });
    expect(write.statusCode).toBe(403);
    const card = await call(`/api/v1/communities/${b.id}`);
    expect(card.json().name).toBe(b.name);
  });

  it('an upload-scoped key cannot read, and no key can administer', async () => {
    const c = await makeCommunity(t.ctx);
    const { key } = await createApiKey(t.ctx, c.id, { name: 'uploader', scopes: ['upload'] }, cliActor);
    const res = await call({ url: `/api/v1/communities/${c.id}/api-keys`, headers: { 'x-api-key': key } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('MISSING_SCOPE');
    const { key: readKey } = await createApiKey(t.ctx, c.id, { name: 'reader', scopes: ['read'] }, cliActor);
    const admin = await call({
      method: 'POST',
      url: `/api/v1/communities/${c.id}/api-keys`,
      headers: { 'x-api-key': readKey },
      payload: { scopes: ['upload'] },
    });
    expect(admin.statusCode).toBe(403);
  });

  it('a revoked key is refused at once', async () => {
    const c = await makeCommunity(t.ctx);
    const created = await call({
      method: 'POST',
      url: `/api/v1/communities/${c.id}/api-keys`,
      headers: { cookie: owner },
      payload: { scopes: ['read'] },
    });
    const { key, id } = created.json();
    const before = await call({ url: '/api/v1/communities', headers: { 'x-api-key': key } });
    expect(before.statusCode).toBe(200);
    expect(before.json().items.map((i: { id: string }) => i.id)).toEqual([c.id]);
    await call({
      method: 'DELETE',
      url: `/api/v1/communities/${c.id}/api-keys/${id}`,
      headers: { cookie: owner },
    });
    const after = await call({ url: '/api/v1/communities', headers: { 'x-api-key': key } });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('INVALID_API_KEY');
  });

  it('an unknown key gets 401 with a code', async () => {
    const res = await call({ url: '/api/v1/communities', headers: { 'x-api-key': 'gh_wrong' } });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('INVALID_API_KEY');
  });
});

describe('roles and module permissions', () => {
  it('a member without a module permission gets 403; a grant opens it; only the owner grants', async () => {
    const c = await makeCommunity(t.ctx);
    const member = await userWithRole(t.app, t.ctx, c.id, 'member', 'Raider');
    const officer = await userWithRole(t.app, t.ctx, c.id, 'officer', 'Officer');
    const denied = await call({
      url: `/api/v1/communities/${c.id}/audit`,
      headers: { cookie: member.cookie },
    });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.code).toBe('MISSING_PERMISSION');

    // Officers may administer, but changing grants is the owner's.
    expect(
      (await call({ url: `/api/v1/communities/${c.id}/audit`, headers: { cookie: officer.cookie } }))
        .statusCode,
    ).toBe(200);
    const officerGrant = await call({
      method: 'PUT',
      url: `/api/v1/communities/${c.id}/memberships/${member.userId}`,
      headers: { cookie: officer.cookie },
      payload: { permissions: { admin: 'view' } },
    });
    expect(officerGrant.statusCode).toBe(403);

    const grant = await call({
      method: 'PUT',
      url: `/api/v1/communities/${c.id}/memberships/${member.userId}`,
      headers: { cookie: owner },
      payload: { permissions: { admin: 'view' } },
    });
    expect(grant.statusCode).toBe(204);
    expect(
      (await call({ url: `/api/v1/communities/${c.id}/audit`, headers: { cookie: member.cookie } }))
        .statusCode,
    ).toBe(200);
    // view is not manage
    const manage = await call({
      method: 'PATCH',
      url: `/api/v1/communities/${c.id}`,
      headers: { cookie: member.cookie },
      payload: { name: 'mine now' },
    });
    expect(manage.statusCode).toBe(403);
  });

  it('a user of another community is refused, an anonymous visitor must sign in', async () => {
    const a = await makeCommunity(t.ctx);
    const b = await makeCommunity(t.ctx);
    const stranger = await userWithRole(t.app, t.ctx, a.id, 'officer');
    expect(
      (await call({ url: `/api/v1/communities/${b.id}/audit`, headers: { cookie: stranger.cookie } }))
        .statusCode,
    ).toBe(403);
    const anon = await call(`/api/v1/communities/${b.id}/audit`);
    expect(anon.statusCode).toBe(401);
    expect(anon.json().error.code).toBe('UNAUTHENTICATED');
  });
});

describe('secrets', () => {
  it('are sealed at rest, shown masked, and never appear in a response or a log line', async () => {
    const c = await makeCommunity(t.ctx);
    const secret = 'wcl-secret-9f8e7d6c5b4a3928';
    const put = await call({
      method: 'PUT',
      url: `/api/v1/communities/${c.id}/credentials/warcraftlogs`,
      headers: { cookie: owner },
      payload: { fields: { clientId: 'client-id-0001', clientSecret: secret } },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json().fields.clientSecret).toBe('wcl-…3928');
    const list = await call({ url: `/api/v1/communities/${c.id}/credentials`, headers: { cookie: owner } });
    expect(list.json().items[0].fields).toEqual({ clientId: 'clie…0001', clientSecret: 'wcl-…3928' });
    // Clear text only for the jobs that call the provider.
    expect(await readCredential(t.ctx, c.id, 'warcraftlogs')).toEqual({
      clientId: 'client-id-0001',
      clientSecret: secret,
    });

    const keyRes = await call({
      method: 'POST',
      url: `/api/v1/communities/${c.id}/api-keys`,
      headers: { cookie: owner },
      payload: { scopes: ['read'] },
    });
    const apiKey = keyRes.json().key as string;
    await call({ url: `/api/v1/communities/${c.id}/credentials`, headers: { 'x-api-key': apiKey } });
    const audit = await call({ url: `/api/v1/communities/${c.id}/audit`, headers: { cookie: owner } });
    expect(audit.json().items.some((e: { action: string }) => e.action === 'credential.set')).toBe(true);

    const everything = [...bodies.filter((b) => b !== keyRes.body), ...t.logLines].join('\n');
    expect(everything).not.toContain(secret);
    expect(t.logLines.join('\n')).not.toContain(apiKey);
    expect(bodies.filter((b) => b.includes(apiKey))).toEqual([keyRes.body]);
  });
});

describe('rate limiting', () => {
  it('answers 429 with a code once a client passes the limit', async () => {
    const limited = await createTestApp({ env: { RATE_LIMIT_PER_MINUTE: '3' } });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) codes.push((await limited.app.inject('/api/health')).statusCode);
      expect(codes.slice(0, 3)).toEqual([200, 200, 200]);
      const res = await limited.app.inject('/api/health');
      expect(res.statusCode).toBe(429);
      expect(res.json().error.code).toBe('RATE_LIMITED');
    } finally {
      await limited.close();
    }
  });
});

import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticateApiKey, createApiKey } from '../src/modules/access';
import { apiKeys } from '../src/modules/access/access.tables';
import { cliActor } from '../src/modules/audit';
import { createTestApp, makeCommunity, ownerCookie, type TestApp } from './helpers';
import { day, trackerFile, uploadFile } from './wow-fixtures';

let t: TestApp;
let owner: string;
beforeAll(async () => {
  t = await createTestApp();
  owner = await ownerCookie(t.app, t.ctx);
});
afterAll(() => t.close());

const listKeys = async (communityId: string) => {
  const res = await t.app.inject({
    url: `/api/v1/communities/${communityId}/api-keys`,
    headers: { cookie: owner },
  });
  expect(res.statusCode).toBe(200);
  return res.json().items as { name: string; lastUploadAt: string | null; lastUsedAt: string | null }[];
};

describe('API keys: the agent last upload', () => {
  it('is null until a file arrives with the key, then the upload time, for that key only', async () => {
    const c = await makeCommunity(t.ctx);
    const pc = await createApiKey(t.ctx, c.id, { name: 'Aldrena PC', scopes: ['upload'] }, cliActor);
    await createApiKey(t.ctx, c.id, { name: 'other PC', scopes: ['upload'] }, cliActor);
    expect((await listKeys(c.id)).map((k) => [k.name, k.lastUploadAt])).toEqual(
      expect.arrayContaining([
        ['Aldrena PC', null],
        ['other PC', null],
      ]),
    );

    const before = Date.now();
    const res = await uploadFile(t.app, pc.key, trackerFile({ rosterAt: day(1), roster: { Aldrena: {} } }));
    expect(res.statusCode).toBe(200);
    const keys = await listKeys(c.id);
    const used = keys.find((k) => k.name === 'Aldrena PC');
    expect(Date.parse(used?.lastUploadAt ?? '')).toBeGreaterThanOrEqual(before - 1000);
    expect(keys.find((k) => k.name === 'other PC')?.lastUploadAt).toBeNull();
  });
});

describe('API keys: last use', () => {
  const lastUsed = async (id: string) =>
    (await t.ctx.db.select().from(apiKeys).where(eq(apiKeys.id, id)))[0]?.lastUsedAt ?? null;

  it('is written on first use, then at most once a minute: a busy sender does not turn reads into writes', async () => {
    const c = await makeCommunity(t.ctx);
    const created = await createApiKey(t.ctx, c.id, { name: 'sender', scopes: ['read'] }, cliActor);
    expect(await lastUsed(created.row.id)).toBeNull();
    expect(await authenticateApiKey(t.ctx.db, created.key)).toBeDefined();
    const first = await lastUsed(created.row.id);
    expect(first).not.toBeNull();
    // Used again at once: the row says it was used under a minute ago, so nothing is written.
    await authenticateApiKey(t.ctx.db, created.key);
    expect(await lastUsed(created.row.id)).toEqual(first);
    // A use older than a minute is moved forward.
    const old = new Date(first!.getTime() - 120_000);
    await t.ctx.db.update(apiKeys).set({ lastUsedAt: old }).where(eq(apiKeys.id, created.row.id));
    await authenticateApiKey(t.ctx.db, created.key);
    expect((await lastUsed(created.row.id))!.getTime()).toBeGreaterThan(old.getTime());
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../src/modules/access';
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

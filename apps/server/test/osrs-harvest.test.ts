import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOperation } from '../src/cli/operations';
import type { Clock } from '../src/core/outbound/http-client';
import { createMemoryLimiter } from '../src/core/rate-limiter';
import { cliActor } from '../src/modules/audit';
import { setCredential, updateCommunity } from '../src/modules/communities';
import { harvestCommunity, WomError } from '../src/modules/osrs';
import { createWomClient } from '../src/modules/osrs/clients/wise-old-man';
import { offline } from './fakes/server';
import { type FakePlayer, FakeWiseOldMan } from './fakes/wise-old-man';
import { createTestApp, makeCommunity, ownerCookie, type TestApp, userWithRole } from './helpers';
import { apiKeys } from './wow-fixtures';

const wom = new FakeWiseOldMan();
const GROUP = 4242;
const DAY = 86_400_000;
const now = Date.now();
const ago = (days: number) => new Date(now - days * DAY).toISOString();
let t: TestApp;
let communityId: string;
let readKey: string;
let owner: string;

const player = (id: number, name: string, role: string, snapshots: FakePlayer['snapshots']): FakePlayer =>
  wom.addPlayer(GROUP, { id, displayName: name, role, joinedAt: '2024-02-03T04:05:06.000Z', snapshots });

/** Time that moves only when the client waits: Retry-After is checked without sleeping. */
function fakeTime() {
  let at = now;
  const pauses: number[] = [];
  const clock: Clock = {
    now: () => at,
    sleep: async (ms) => {
      pauses.push(ms);
      at += ms;
    },
  };
  return { clock, pauses, limiter: createMemoryLimiter(clock.now, clock.sleep) };
}

const harvest = async (community = communityId) => {
  const before = wom.requests.length;
  const lines = await runOperation(t.ctx, 'osrs.harvest', { community });
  return { lines, calls: wom.requests.slice(before) };
};

const members = async (query = '') => {
  const res = await t.app.inject({
    url: `/api/v1/communities/${communityId}/osrs/members${query}`,
    headers: { 'x-api-key': readKey },
  });
  expect(res.statusCode).toBe(200);
  return res.json();
};

beforeAll(async () => {
  await wom.start();
  wom.addGroup(GROUP, 'Iron Wolves');
  player(1, 'Zezima', 'leader', [
    { at: ago(40), values: { overall: 10_000_000, zulrah: -1, vorkath: 200, ehp: 500, ehb: 30 } },
    { at: ago(6), values: { overall: 10_400_000, zulrah: -1, vorkath: 250, ehp: 520, ehb: 31 } },
    { at: ago(1), values: { overall: 10_500_000, zulrah: 73, vorkath: 240, ehp: 521.5, ehb: 34 } },
  ]);
  player(2, 'Lynx Titan', 'administrator', [
    { at: ago(100), values: { overall: -1, attack: -1 } },
    { at: ago(2), values: { overall: 2_000_000, attack: 90_000 } },
  ]);
  player(3, 'B0aty', 'sapphire', [{ at: ago(3), values: { overall: 50_000_000 } }]);
  t = await createTestApp({
    redis: true,
    env: { ...offline, WOM_BASE_URL: wom.url, OUTBOUND_TIMEOUT_MS: '30000' },
  });
  await t.ctx.queue.start({ worker: true, scheduler: false });
  const community = await makeCommunity(t.ctx, { game: 'osrs', settings: { womGroupId: GROUP } });
  communityId = community.id;
  readKey = (await apiKeys(t.ctx, communityId)).read;
  owner = await ownerCookie(t.app, t.ctx);
});

afterAll(async () => {
  await t?.close();
  await wom.close();
});

describe('the Wise Old Man group id in the community settings', () => {
  it('is set with PATCH on an OSRS community and refused on another game', async () => {
    const osrs = await makeCommunity(t.ctx, { game: 'osrs' });
    const set = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/communities/${osrs.id}`,
      headers: { cookie: owner },
      payload: { settings: { womGroupId: 99 } },
    });
    expect(set.statusCode).toBe(200);
    expect(set.json().settings.womGroupId).toBe(99);
    const wow = await makeCommunity(t.ctx, { game: 'wow' });
    const refused = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/communities/${wow.id}`,
      headers: { cookie: owner },
      payload: { settings: { womGroupId: 99 } },
    });
    expect(refused.statusCode).toBe(400);
  });
});

describe('osrs harvest', () => {
  it('costs the same six calls (group, hiscores, four gain windows) and never a call per member', async () => {
    const { lines, calls } = await harvest();
    expect(calls.map((c) => c.path)).toEqual([
      `/groups/${GROUP}`,
      `/groups/${GROUP}/bulk-hiscores`,
      ...[7, 30, 90, 365].map(() => `/groups/${GROUP}/bulk-gained`),
    ]);
    for (const c of calls) {
      expect(c.headers['user-agent']).toMatch(/^Guildhall .*osrs-harvest/);
      expect(c.headers['x-api-key']).toBeUndefined();
    }
    const windows = calls
      .slice(2)
      .map((c) => (Date.parse(c.query.get('endDate')!) - Date.parse(c.query.get('startDate')!)) / DAY);
    expect(windows).toEqual([7, 30, 90, 365]);
    expect(lines.at(-2)).toMatch(/3 members \(3 joined, 0 left, 0 renamed\).*6 Wise Old Man calls/);
    expect(lines.at(-1)).toBe('harvested 1 of 1 OSRS communities');
  });

  // Stored early on purpose: the key's 100-a-minute budget keeps the later harvests from
  // waiting on the shared 20-a-minute public one.
  it('sends the stored API key (sealed like other credentials); a refused key skips the job run', async () => {
    wom.keys.add('good-key');
    await setCredential(t.ctx, communityId, 'wiseoldman', { apiKey: 'good-key' }, cliActor);
    const { calls } = await harvest();
    expect(calls.every((c) => c.headers['x-api-key'] === 'good-key')).toBe(true);
    await setCredential(t.ctx, communityId, 'wiseoldman', { apiKey: 'bad-key' }, cliActor);
    await expect(harvestCommunity(t.ctx, communityId)).rejects.toMatchObject({
      code: 'INVALID_API_KEY',
      status: 403,
    });
    const [summary, result] = await runOperation(t.ctx, 'jobs.run', {
      name: 'osrs-harvest',
      community: communityId,
      timeoutSeconds: 60,
    });
    expect(summary).toMatch(/osrs-harvest: skipped/);
    expect(JSON.parse(result!).skipped.code).toBe('CREDENTIALS_REFUSED');
    await setCredential(t.ctx, communityId, 'wiseoldman', { apiKey: 'good-key' }, cliActor);
  });

  it('lists members with roles, join dates and gains by Wise Old Man rules, paged', async () => {
    const page = await members('?limit=2');
    expect(page.total).toBe(3);
    expect(page.items.map((m: { name: string }) => m.name)).toEqual(['B0aty', 'Lynx Titan']);
    const all = await members();
    const zezima = all.items.find((m: { womId: number }) => m.womId === 1);
    expect(zezima).toMatchObject({
      name: 'Zezima',
      role: 'leader',
      joinedAt: '2024-02-03T04:05:06.000Z',
      active: true,
    });
    // 7 days: from the snapshot 6 days ago. Zulrah -1 → 73 counts 73; Vorkath 250 → 240 is 0, not -10.
    expect(zezima.gains['7d']).toMatchObject({
      xp: 100_000,
      bossKills: 73,
      bosses: { zulrah: 73 },
      ehp: 1.5,
      ehb: 3,
    });
    expect(zezima.gains['30d'].xp).toBe(100_000);
    // 90 days: from 40 days ago.
    expect(zezima.gains['90d']).toMatchObject({
      xp: 500_000,
      bossKills: 113,
      bosses: { zulrah: 73, vorkath: 40 },
    });
    const lynx = all.items.find((m: { womId: number }) => m.womId === 2);
    // Overall from unranked is 0 (a whole account is not a gain); a skill from unranked counts from 0.
    expect(lynx.gains['365d']).toMatchObject({ xp: 0, skills: { attack: 90_000 } });
    // One snapshot in the window: nothing to compare.
    expect(lynx.gains['7d']).toMatchObject({ xp: 0, from: lynx.gains['7d'].to });
    const boaty = all.items.find((m: { womId: number }) => m.womId === 3);
    expect(boaty.gains['30d']).toMatchObject({ xp: 0, from: boaty.gains['30d'].to });
  });

  it('serves the members to a member session too, and to nobody signed out', async () => {
    const { cookie } = await userWithRole(t.app, t.ctx, communityId, 'member');
    const url = `/api/v1/communities/${communityId}/osrs/members`;
    const res = await t.app.inject({ url, headers: { cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.json().total).toBe(3);
    expect((await t.app.inject({ url })).statusCode).toBeGreaterThanOrEqual(401);
  });

  it('keeps a renamed member and its history, marks leavers inactive, keeps metrics it does not know', async () => {
    const zezima = wom.groups.get(GROUP)!.members.find((p) => p.id === 1)!;
    zezima.displayName = 'Zezima Btw';
    zezima.snapshots.push({
      at: ago(0.5),
      values: { ...zezima.snapshots.at(-1)!.values, mad_angel: 6, necromancy: 1_000 },
    });
    wom.metrics.bosses.push('mad_angel');
    wom.metrics.skills.push('necromancy');
    const group = wom.groups.get(GROUP)!;
    group.members = group.members.filter((p) => p.id !== 3);
    const { lines, calls } = await harvest();
    expect(calls).toHaveLength(6);
    expect(lines.at(-2)).toMatch(/2 members \(0 joined, 1 left, 1 renamed\).*new metrics kept: necromancy/);
    const active = await members();
    expect(active.total).toBe(2);
    const renamed = active.items.find((m: { womId: number }) => m.womId === 1);
    expect(renamed).toMatchObject({ name: 'Zezima Btw', aliases: ['Zezima'] });
    // The history from before the rename still counts, and the new metrics are kept.
    expect(renamed.gains['90d']).toMatchObject({
      xp: 500_000,
      bosses: { mad_angel: 6 },
      skills: { necromancy: 1_000 },
    });
    const left = await members('?status=inactive');
    expect(left.items).toMatchObject([{ womId: 3, name: 'B0aty', active: false }]);
    expect(left.items[0].leftAt).not.toBeNull();
  });

  it('computes gains from the snapshots it stored, when Wise Old Man no longer sends them', async () => {
    const lynx = wom.groups.get(GROUP)!.members.find((p) => p.id === 2)!;
    const dropped = lynx.snapshots.shift()!;
    await harvest();
    const item = (await members()).items.find((m: { womId: number }) => m.womId === 2);
    expect(item.gains['365d']).toMatchObject({ from: dropped.at, skills: { attack: 90_000 } });
  });

  it('skips a group Wise Old Man does not know (404 GROUP_NOT_FOUND) after one call', async () => {
    const lost = await makeCommunity(t.ctx, { game: 'osrs', settings: { womGroupId: 31337 } });
    const before = wom.requests.length;
    const [summary, result] = await runOperation(t.ctx, 'jobs.run', {
      name: 'osrs-harvest',
      community: lost.id,
      timeoutSeconds: 60,
    });
    expect(summary).toMatch(/skipped/);
    expect(JSON.parse(result!).skipped.code).toBe('WOM_GROUP_NOT_FOUND');
    expect(wom.requests.length - before).toBe(1);
    await expect(runOperation(t.ctx, 'osrs.harvest', { community: lost.id })).rejects.toThrow(
      /no group 31337/,
    );
    await updateCommunity(t.ctx, lost.id, { settings: { womGroupId: null } }, cliActor);
  });
});

describe('Wise Old Man client', () => {
  const client = (time: ReturnType<typeof fakeTime>, apiKey?: string) =>
    createWomClient({
      limiter: time.limiter,
      clock: time.clock,
      timeoutMs: 30_000,
      retryBaseMs: 10,
      baseUrl: wom.url,
      apiKey,
    });

  it('waits out a 429 for its Retry-After, then carries on', async () => {
    const time = fakeTime();
    wom.inject((r) => r.path === `/groups/${GROUP}/bulk-hiscores`, {
      status: 429,
      headers: { 'retry-after': '7' },
      body: {
        message: 'Too Many Requests. Please check https://docs.wiseoldman.net/#rate-limits--api-keys.',
      },
    });
    const c = client(time, 'good-key');
    const before = wom.requests.length;
    const start = time.clock.now();
    const report = await harvestCommunity(t.ctx, communityId, { client: c });
    expect(report).toMatchObject({ calls: 6, members: 2 });
    expect(wom.requests.length - before).toBe(7);
    expect(time.clock.now() - start).toBeGreaterThanOrEqual(7_000);
  });

  it('keeps within 20 calls a minute without a key', async () => {
    const time = fakeTime();
    const c = client(time);
    const start = time.clock.now();
    for (let i = 0; i < 21; i++) await c.group(GROUP);
    // The 21st waits for the bucket: never more than 20 in a window.
    expect(time.clock.now() - start).toBeGreaterThanOrEqual(60_000);
  });

  it('waits for the window to end when RateLimit-Remaining says it is spent', async () => {
    const time = fakeTime();
    const c = client(time, 'good-key');
    wom.inject((r) => r.path === `/groups/${GROUP}`, {
      status: 200,
      headers: { 'RateLimit-Limit': '100', 'RateLimit-Remaining': '0', 'RateLimit-Reset': '42' },
      body: { id: GROUP, name: 'Iron Wolves', memberships: [] },
    });
    await c.group(GROUP);
    const start = time.clock.now();
    await c.group(GROUP);
    expect(time.clock.now() - start).toBeGreaterThanOrEqual(42_000);
  });

  it('turns the documented error bodies into clear errors', async () => {
    const time = fakeTime();
    const c = client(time);
    wom.inject((r) => r.path.endsWith('/bulk-gained'), {
      status: 400,
      body: { code: 'VALIDATION_ERROR', message: "Parameter 'startDate' is not a valid date." },
    });
    const range = { startDate: new Date(now - DAY), endDate: new Date(now) };
    await expect(c.bulkGained(GROUP, range)).rejects.toMatchObject({
      code: 'VALIDATION_ERROR',
      message: expect.stringMatching(/startDate/),
    });
    wom.inject(
      (r) => r.path.endsWith('/bulk-hiscores'),
      { status: 503, body: { code: 'HISCORES_SERVICE_UNAVAILABLE', message: 'Failed to load hiscores.' } },
      3,
    );
    const down = await c.bulkHiscores(GROUP).catch((e) => e);
    expect(down).toBeInstanceOf(WomError);
    expect(down).toMatchObject({ code: 'UNAVAILABLE', status: 503 });
    await expect(client(time, 'nope').group(GROUP)).rejects.toMatchObject({
      code: 'INVALID_API_KEY',
      message: expect.stringMatching(/Invalid API Key/),
    });
    await expect(c.group(999)).rejects.toMatchObject({ code: 'GROUP_NOT_FOUND' });
  });
});

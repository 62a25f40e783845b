import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildDashboardModel } from '../src/modules/osrs/dashboard';
import { createTestApp, makeCommunity, ownerCookie, type TestApp, userWithRole } from './helpers';
import { seedLiveClan } from './osrs-web-fixtures';

describe('OSRS live page reads', () => {
  let t: TestApp;
  let cid: string;
  let cookie: string;
  beforeEach(async () => {
    t = await createTestApp();
    cid = (await seedLiveClan(t.ctx)).id;
    cookie = await ownerCookie(t.app, t.ctx);
  });
  afterEach(() => t.close());
  const get = (path: string, c = cookie) =>
    t.app.inject({ method: 'GET', url: `/api/v1/communities/${cid}/osrs/${path}`, headers: { cookie: c } });

  it('answers the static dashboard model, the same numbers the export inlines', async () => {
    const res = await get('dashboard');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const model = await buildDashboardModel(t.ctx, cid);
    expect({ ...body, generatedAt: '' }).toEqual({ ...model, generatedAt: '' });
    expect(body.topXp7.map((r: { name: string }) => r.name)).toEqual([
      'Zezima',
      'Lynx Titan',
      'Bob the Builder',
    ]);
    expect(body.heatmap.flat().reduce((a: number, b: number) => a + b, 0)).toBeGreaterThan(25);
  });

  it('answers the roster with gains, EHP/EHB, level gains and messages per window', async () => {
    const res = await get('roster');
    expect(res.statusCode).toBe(200);
    const { items, harvestedAt } = res.json();
    expect(harvestedAt).not.toBeNull();
    expect(items.map((m: { name: string }) => m.name)).toEqual([
      'Bob the Builder',
      'Iron Tess',
      'Lynx Titan',
      'Zezima',
    ]);
    const zezima = items.find((m: { womId: number }) => m.womId === 11);
    expect(zezima.xp).toEqual({
      '7': 1_250_000,
      '30': Math.round(1_250_000 * (30 / 7)),
      '90': Math.round(1_250_000 * (90 / 7)),
      '365': Math.round(1_250_000 * (365 / 7)),
    });
    expect(zezima.ehp['7']).toBe(4.5);
    expect(zezima.ehb['7']).toBe(2.25);
    expect(zezima.bossKills['7']).toBe(40);
    expect(zezima.levels).toEqual({ '7': 7, '30': 7, '90': 7, '365': 7 });
    expect(zezima.messages).toEqual({ '7': 40, '30': 40, '90': 100 });
    const bob = items.find((m: { womId: number }) => m.womId === 14);
    expect(bob.levels['30']).toBe(52);
    expect(bob.discordUserId).toBeNull();
    // Iron Tess has no window snapshots: no level data is 0, not an error.
    expect(items.find((m: { womId: number }) => m.womId === 13).levels['7']).toBe(0);
    const again = await t.app.inject({
      method: 'GET',
      url: `/api/v1/communities/${cid}/osrs/roster`,
      headers: { cookie, 'if-none-match': res.headers.etag as string },
    });
    expect(again.statusCode).toBe(304);
  });

  it('lists purge candidates for officers only, and members may still read the roster', async () => {
    const res = await get('purge');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ days: 30, gainWindow: 30, messageWindow: 30 });
    expect(res.json().items.map((m: { name: string }) => m.name)).toEqual(['Iron Tess']);
    const member = await userWithRole(t.app, t.ctx, cid, 'member');
    expect((await get('roster', member.cookie)).statusCode).toBe(200);
    expect((await get('dashboard', member.cookie)).statusCode).toBe(200);
    expect((await get('purge', member.cookie)).statusCode).toBe(403);
    expect((await get('report.xlsx', member.cookie)).statusCode).toBe(403);
    expect((await get('roster', '')).statusCode).toBe(401);
  });

  it('downloads the newest Excel report, building one when none was written', async () => {
    const first = await get('report.xlsx');
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toContain('spreadsheetml');
    expect(first.headers['content-disposition']).toMatch(/^attachment; filename="osrs-report-.+\.xlsx"$/);
    expect(first.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const second = await get('report.xlsx');
    expect(second.headers['content-disposition']).toBe(first.headers['content-disposition']);
    const other = await makeCommunity(t.ctx, { game: 'osrs' });
    const foreign = await t.app.inject({
      method: 'GET',
      url: `/api/v1/communities/${other.id}/osrs/report.xlsx`,
      headers: { cookie: (await userWithRole(t.app, t.ctx, cid, 'officer')).cookie },
    });
    expect(foreign.statusCode).toBe(403);
  });
});

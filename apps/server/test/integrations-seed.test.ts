import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedWowDemo } from '../src/modules/wow';
import { seedIntegrationsDemo } from '../src/modules/wow/integrations.seed';
import { offline } from './fakes/server';
import { createTestApp, makeCommunity, type TestApp } from './helpers';
import { apiKeys, getJson } from './wow-fixtures';

let t: TestApp;
let communityId: string;
let readKey: string;

beforeAll(async () => {
  t = await createTestApp({ env: offline });
  communityId = (await makeCommunity(t.ctx, { language: 'es' })).id;
  readKey = (await apiKeys(t.ctx, communityId)).read;
  await seedWowDemo(t.ctx, communityId, { members: 40, days: 20, snapshots: 200, weeks: 1 });
  await seedIntegrationsDemo(t.ctx, communityId);
});
afterAll(() => t.close());

describe('the demo data', () => {
  it('gives the raid progress, WCL attendance, profiles and roster something to show', async () => {
    const progress = (
      await getJson(t.app, readKey, `/api/v1/communities/${communityId}/raid-progress`)
    ).json();
    expect(progress.zone.name).toBe('Manaforge Omega');
    expect(progress.summary).toEqual([
      { difficulty: 'normal', killed: 8, total: 8 },
      { difficulty: 'heroic', killed: 6, total: 8 },
      { difficulty: 'mythic', killed: 1, total: 8 },
    ]);
    const attendance = (
      await getJson(t.app, readKey, `/api/v1/communities/${communityId}/wcl-attendance`)
    ).json();
    expect(attendance.reports.length).toBeGreaterThan(10);
    expect(attendance.items.length).toBeGreaterThan(10);

    const roster = (
      await getJson(t.app, readKey, `/api/v1/communities/${communityId}/roster?sort=score&dir=desc`)
    ).json();
    // The syncs enrich the current roster; a member who has just left keeps a score but no gear.
    type Row = { level: number | null; inRoster: boolean };
    const current = roster.items.filter((i: Row) => i.inRoster);
    const maxLevel = Math.max(...current.map((i: Row) => i.level ?? 0));
    const top = current.find((i: Row) => i.level === maxLevel);
    expect(top.score).toBeGreaterThan(1000);
    expect(top.itemLevel).toBeGreaterThan(690);
    const mplus = (
      await getJson(t.app, readKey, `/api/v1/communities/${communityId}/members/${top.id}/mythic-plus`)
    ).json();
    expect(mplus.characters[0].weekly.length).toBeGreaterThanOrEqual(8);
    expect(mplus.characters[0].bestRuns).toHaveLength(8);
  });

  it('is seeded only once: a second run changes no counts', async () => {
    const before = (await getJson(t.app, readKey, `/api/v1/communities/${communityId}/wcl-attendance`)).json()
      .total;
    await seedIntegrationsDemo(t.ctx, communityId);
    expect(
      (await getJson(t.app, readKey, `/api/v1/communities/${communityId}/wcl-attendance`)).json().total,
    ).toBe(before);
  });
});

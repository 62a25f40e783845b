import { ONLINE_WINDOW_MS } from '@guildhall/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, makeCommunity, type TestApp } from './helpers';
import { apiKeys, day, getJson, trackerFile, uploadFile } from './wow-fixtures';

/**
 * The one "online" rule, on a fake clock: a character is online only while the last roster
 * that saw it online is at most ONLINE_WINDOW_MS old; the roster, the profile, the KPIs and
 * the team builder all say the same thing at the window's edges.
 */
let t: TestApp;
let communityId: string;
let readKey: string;
const rosterAt = day(3);
const seenAt = rosterAt * 1000;
const realNow = () => new Date();

beforeAll(async () => {
  t = await createTestApp();
  communityId = (await makeCommunity(t.ctx, { realm: 'Stormvale' })).id;
  const keys = await apiKeys(t.ctx, communityId);
  readKey = keys.read;
  const res = await uploadFile(
    t.app,
    keys.upload,
    trackerFile({
      rosterAt,
      roster: {
        Aldrena: { class: 'DRUID', online: true },
        Borvik: { class: 'WARRIOR', online: false },
      },
      stats: { [rosterAt]: 1 },
    }),
  );
  expect(res.statusCode, res.body).toBe(200);
});
afterAll(async () => {
  t.ctx.now = realNow;
  await t.close();
});

const at = (ms: number) => {
  t.ctx.now = () => new Date(ms);
};

async function views() {
  const base = `/api/v1/communities/${communityId}`;
  const roster = (await getJson(t.app, readKey, `${base}/roster?sort=name`)).json();
  const onlineOnly = (await getJson(t.app, readKey, `${base}/roster?online=true`)).json();
  const offlineOnly = (await getJson(t.app, readKey, `${base}/roster?online=false`)).json();
  const kpis = (await getJson(t.app, readKey, `${base}/kpis`)).json();
  const aldrena = roster.items.find((i: { name: string }) => i.name === 'Aldrena-Stormvale');
  const profile = (await getJson(t.app, readKey, `${base}/members/${aldrena.id}`)).json();
  const team = (await getJson(t.app, readKey, `${base}/dashboard/team-candidates`)).json();
  return {
    aldrena,
    onlineNames: onlineOnly.items.map((i: { name: string }) => i.name),
    offlineNames: offlineOnly.items.map((i: { name: string }) => i.name).sort(),
    kpis,
    profileOnline: profile.characters[0].online,
    teamOnline: team.items.find((i: { name: string }) => i.name === 'Aldrena-Stormvale').online,
  };
}

describe('online now', () => {
  it('is true at the end of the window, on every page', async () => {
    at(seenAt + ONLINE_WINDOW_MS);
    const v = await views();
    // The roster item keeps its fields; `online` follows the rule.
    expect(v.aldrena).toMatchObject({ class: 'DRUID', level: 80, online: true, score: null, spec: null });
    expect(v.aldrena.lastSeen).toBe(new Date(seenAt).toISOString());
    expect(v.onlineNames).toEqual(['Aldrena-Stormvale']);
    expect(v.offlineNames).toEqual(['Borvik-Stormvale']);
    expect(v.kpis).toMatchObject({
      onlineNow: 1,
      onlineCurrent: true,
      onlineAt: new Date(seenAt).toISOString(),
    });
    expect(v.profileOnline).toBe(true);
    expect(v.teamOnline).toBe(true);
  });

  it('is false one millisecond later: last seen instead, and the KPI counts nobody', async () => {
    at(seenAt + ONLINE_WINDOW_MS + 1);
    const v = await views();
    expect(v.aldrena).toMatchObject({ online: false, lastSeen: new Date(seenAt).toISOString() });
    expect(v.onlineNames).toEqual([]);
    expect(v.offlineNames).toEqual(['Aldrena-Stormvale', 'Borvik-Stormvale']);
    expect(v.kpis).toMatchObject({
      onlineNow: 0,
      onlineCurrent: false,
      onlineAt: new Date(seenAt).toISOString(),
    });
    expect(v.profileOnline).toBe(false);
    expect(v.teamOnline).toBe(false);
  });

  it('never counts a character the roster says is offline, however recent', async () => {
    at(seenAt);
    const v = await views();
    expect(v.offlineNames).toEqual(['Borvik-Stormvale']);
  });
});

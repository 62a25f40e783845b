import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOperation } from '../src/cli/operations';
import { isSkippedRun, waitForRun } from '../src/core/queue';
import { activityEvents } from '../src/modules/activity/activity.tables';
import { characters } from '../src/modules/members/members.tables';
import { outbox } from '../src/modules/notify/notify.tables';
import { parses, raidProgress, wclAttendance, wclReports } from '../src/modules/wow/integrations.tables';
import { runWclSync } from '../src/modules/wow/wcl-sync';
import { FakeDiscord, webhookUrl } from './fakes/discord';
import { offline } from './fakes/server';
import { FakeWarcraftLogs, graphqlError } from './fakes/warcraftlogs';
import { createTestApp, makeCommunity, ownerCookie, type TestApp } from './helpers';
import { apiKeys, day, getJson, trackerFile, uploadFile } from './wow-fixtures';

const wcl = new FakeWarcraftLogs('wcl-client', 'wcl-secret-0123456789');
const discord = new FakeDiscord();
let t: TestApp;
let communityId: string;
let readKey: string;
let owner: string;

const ZONE = {
  id: 44,
  name: 'Manaforge Omega',
  encounters: [
    { id: 3129, name: 'Plexus Sentinel' },
    { id: 3131, name: "Loom'ithar" },
    { id: 3130, name: 'Soulbinder Naazindhri' },
  ],
};
// Raid nights around the upload (the addon's data ends at day 1, 20:00 UTC).
const nightA = day(-6) * 1000;
const nightB = day(0) * 1000;
const now = day(1, 23) * 1000;

/** A run's report; a skipped run (configuration problem) fails the test with its reason. */
const wclReport = async (id: string) => {
  const report = await runWclSync(t.ctx, id);
  if (isSkippedRun(report)) throw new Error(`skipped: ${report.skipped.reason}`);
  return report;
};

const count = async (table: typeof parses | typeof raidProgress | typeof wclAttendance | typeof wclReports) =>
  (await t.ctx.db.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n;
const snapshot = async () => [
  await count(wclReports),
  await count(wclAttendance),
  await count(raidProgress),
  await count(parses),
];

beforeAll(async () => {
  await wcl.start();
  await discord.start();
  t = await createTestApp({
    redis: true,
    env: {
      ...offline,
      WCL_BASE_URL: wcl.url,
      DISCORD_API_BASE_URL: `${discord.url}/api`,
      OUTBOUND_TIMEOUT_MS: '2000',
    },
  });
  await t.ctx.queue.start({ worker: true, scheduler: false });
  communityId = (await makeCommunity(t.ctx, { name: 'Los Centinelas' })).id;
  owner = await ownerCookie(t.app, t.ctx);
  const keys = await apiKeys(t.ctx, communityId);
  readKey = keys.read;
  const upload = await uploadFile(
    t.app,
    keys.upload,
    trackerFile({
      rosterAt: day(1),
      roster: { Aldrena: { class: 'DRUID' }, Brannoc: { class: 'WARRIOR' }, Lowbie: { level: 20 } },
      stats: { [day(1)]: 2 },
    }),
  );
  expect(upload.statusCode, upload.body).toBe(200);

  wcl.zones.set(ZONE.id, ZONE);
  wcl.guilds.push({
    id: 777,
    name: 'Los Centinelas',
    server: 'stormvale',
    region: 'eu',
    attendance: [
      {
        code: 'aBcD1234EfGh5678',
        startTime: nightA,
        zone: { id: 44, name: ZONE.name },
        players: [
          { name: 'Aldrena', type: 'Druid', presence: 1 },
          { name: 'Brannoc', type: 'Warrior', presence: 2 },
          { name: 'Stranger', type: 'Mage', presence: 1 },
        ],
      },
      {
        code: 'QrSt9876UvWx5432',
        startTime: nightB,
        zone: { id: 44, name: ZONE.name },
        players: [
          { name: 'Aldrena', type: 'Druid', presence: 1 },
          { name: 'Brannoc', type: 'Warrior', presence: 1 },
        ],
      },
    ],
    reports: [
      {
        code: 'aBcD1234EfGh5678',
        title: 'Manaforge Heroic',
        startTime: nightA,
        endTime: nightA + 3 * 3_600_000,
        zone: { id: 44, name: ZONE.name },
        kills: [
          { encounterID: 3129, name: 'Plexus Sentinel', difficulty: 3, startTime: 60_000, endTime: 300_000 },
          { encounterID: 3131, name: "Loom'ithar", difficulty: 3, startTime: 600_000, endTime: 900_000 },
          {
            encounterID: 3130,
            name: 'Soulbinder Naazindhri',
            difficulty: 3,
            startTime: 1_000_000,
            endTime: 1_300_000,
          },
          {
            encounterID: 3129,
            name: 'Plexus Sentinel',
            difficulty: 4,
            startTime: 2_000_000,
            endTime: 2_300_000,
          },
          { encounterID: 3131, name: "Loom'ithar", difficulty: 4, startTime: 3_000_000, endTime: 3_400_000 },
        ],
      },
      {
        code: 'QrSt9876UvWx5432',
        title: 'Manaforge Heroic again',
        startTime: nightB,
        endTime: nightB + 3 * 3_600_000,
        zone: { id: 44, name: ZONE.name },
        kills: [
          { encounterID: 3129, name: 'Plexus Sentinel', difficulty: 4, startTime: 60_000, endTime: 200_000 },
        ],
      },
    ],
  });
  wcl.rankings.set('aldrena|stormvale|eu', {
    4: [
      { encounterId: 3129, name: 'Plexus Sentinel', best: 96.4, median: 80.2, kills: 3 },
      { encounterId: 3131, name: "Loom'ithar", best: 99.1, median: 74.9, kills: 2 },
    ],
    3: [{ encounterId: 3129, name: 'Plexus Sentinel', best: 100, median: 100, kills: 1 }],
  });
  wcl.rankings.set('brannoc|stormvale|eu', {
    4: [{ encounterId: 3129, name: 'Plexus Sentinel', best: 42, median: 24.9, kills: 4 }],
  });

  const cred = await t.app.inject({
    method: 'PUT',
    url: `/api/v1/communities/${communityId}/credentials/warcraftlogs`,
    headers: { cookie: owner },
    payload: { fields: { clientId: 'wcl-client', clientSecret: 'wcl-secret-0123456789' } },
  });
  expect(cred.statusCode).toBe(200);
  const hook = await t.app.inject({
    method: 'POST',
    url: `/api/v1/communities/${communityId}/webhooks`,
    headers: { cookie: owner },
    payload: { name: 'raid', url: webhookUrl('334455667788990011'), kinds: ['boss_kill'] },
  });
  expect(hook.statusCode).toBe(201);
});

afterAll(async () => {
  await t.close();
  await wcl.close();
  await discord.close();
});

describe('wcl-sync', () => {
  it('shows the credentials only masked', async () => {
    const res = await t.app.inject({
      url: `/api/v1/communities/${communityId}/credentials`,
      headers: { cookie: owner },
    });
    expect(res.body).not.toContain('wcl-secret-0123456789');
    expect(res.json().items[0]).toMatchObject({
      provider: 'warcraftlogs',
      fields: { clientSecret: 'wcl-…6789' },
    });
    const integrations = await t.app.inject({
      url: `/api/v1/communities/${communityId}/integrations`,
      headers: { cookie: owner },
    });
    expect(integrations.json()).toMatchObject({
      credentials: { warcraftlogs: true, blizzard: false, raiderio: false },
      currentZone: null,
    });
  });

  it('stores nothing when a GraphQL query fails halfway through the guild data', async () => {
    wcl.inject(FakeWarcraftLogs.op('Reports'), graphqlError('Internal server error while resolving reports'));
    await expect(runWclSync(t.ctx, communityId)).rejects.toMatchObject({ kind: 'graphql' });
    expect(await snapshot()).toEqual([0, 0, 0, 0]);
  });

  it('stores reports, attendance, raid progress and parses, without alerting old kills on the first sync', async () => {
    const [summary, result] = await runOperation(t.ctx, 'jobs.run', {
      name: 'wcl-sync',
      community: communityId,
    });
    expect(summary).toMatch(/wcl-sync: succeeded/);
    const report = JSON.parse(result!);
    expect(report).toMatchObject({
      reports: 2,
      attendance: 5,
      zone: { id: 44, name: 'Manaforge Omega' },
      newKills: 0,
      characters: 2, // the level-20 alt is not a raider
      synced: 2,
    });
    expect(await snapshot()).toEqual([2, 5, 9, 4]);
    const aldrena = (
      await t.ctx.db.select().from(characters).where(eq(characters.name, 'Aldrena-Stormvale'))
    )[0]!;
    expect(aldrena.bestParse).toBeCloseTo(99.1, 3);
    expect(await t.ctx.db.select().from(outbox)).toHaveLength(0);
    // The token was fetched once for the whole run.
    expect(wcl.tokensIssued).toBe(1);
  });

  it('turns a later first kill into an activity event and an alert, once', async () => {
    wcl.guilds[0]!.reports.push({
      code: 'NeWk1LLr3p0rt000',
      title: 'Mythic start',
      startTime: now - 3_600_000,
      endTime: now,
      zone: { id: 44, name: ZONE.name },
      kills: [
        { encounterID: 3129, name: 'Plexus Sentinel', difficulty: 5, startTime: 60_000, endTime: 500_000 },
      ],
    });
    const report = await wclReport(communityId);
    expect(report.newKills).toBe(1);
    const events = await t.ctx.db.select().from(activityEvents).where(eq(activityEvents.kind, 'boss_kill'));
    expect(events.map((e) => e.data)).toEqual([
      {
        boss: 'Plexus Sentinel',
        difficulty: 'mythic',
        zone: 'Manaforge Omega',
        zoneId: 44,
        encounterId: 3129,
      },
    ]);
    expect((await wclReport(communityId)).newKills).toBe(0);
    const queued = await t.ctx.db.select().from(outbox);
    expect(queued.map((q) => [q.kind, q.dedupeKey])).toEqual([['boss_kill', 'boss_kill:44:3129:mythic']]);
    await runOperation(t.ctx, 'jobs.run', { name: 'notify-deliver', community: communityId });
    const [message] = discord.messagesTo('334455667788990011');
    expect(message?.body.embeds?.[0]).toMatchObject({
      title: 'Boss first kill',
      description: '**Plexus Sentinel** (Mythic) is down for the first time in Manaforge Omega!',
    });
  });
});

describe('the read routes', () => {
  it('show raid progress per difficulty and boss', async () => {
    const res = await getJson(t.app, readKey, `/api/v1/communities/${communityId}/raid-progress`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.zone).toEqual({ id: 44, name: 'Manaforge Omega' });
    expect(body.summary).toEqual([
      { difficulty: 'normal', killed: 3, total: 3 },
      { difficulty: 'heroic', killed: 2, total: 3 },
      { difficulty: 'mythic', killed: 1, total: 3 },
    ]);
    expect(body.bosses.map((b: { name: string }) => b.name)).toEqual([
      'Plexus Sentinel',
      "Loom'ithar",
      'Soulbinder Naazindhri',
    ]);
    const plexus = body.bosses[0].kills.find((k: { difficulty: string }) => k.difficulty === 'heroic');
    // The first heroic kill was on the first night, not the later one.
    expect(new Date(plexus.firstKillAt).getTime()).toBe(nightA + 2_300_000);
  });

  it("show a member's parses with the WCL colours", async () => {
    const aldrena = (
      await t.ctx.db.select().from(characters).where(eq(characters.name, 'Aldrena-Stormvale'))
    )[0]!;
    const res = await getJson(
      t.app,
      readKey,
      `/api/v1/communities/${communityId}/members/${aldrena.memberId}/parses`,
    );
    expect(res.statusCode).toBe(200);
    const items = res
      .json()
      .items.map((p: Record<string, unknown>) => [
        p.difficulty,
        p.encounterName,
        p.bestPercent,
        p.bestBracket,
        p.medianBracket,
      ]);
    expect(items).toEqual([
      ['heroic', 'Plexus Sentinel', 96.4, 'orange', 'purple'],
      ['heroic', "Loom'ithar", 99.1, 'pink', 'blue'],
      ['normal', 'Plexus Sentinel', 100, 'gold', 'gold'],
    ]);
  });

  it('show WCL attendance, present versus bench, matched to members', async () => {
    const res = await getJson(t.app, readKey, `/api/v1/communities/${communityId}/wcl-attendance?weeks=4`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.reports).toHaveLength(3);
    const row = (name: string) => body.items.find((i: { name: string }) => i.name === name);
    expect(row('Aldrena-Stormvale')).toMatchObject({ present: 2, bench: 0, memberId: expect.any(String) });
    expect(row('Brannoc-Stormvale')).toMatchObject({ present: 1, bench: 1 });
    expect(row('Stranger')).toMatchObject({ present: 1, memberId: null });
  });

  it('join the addon attendance and the member profile', async () => {
    const res = await getJson(t.app, readKey, `/api/v1/communities/${communityId}/attendance`);
    expect(res.statusCode).toBe(200);
    const wclOf = (name: string) => res.json().items.find((i: { name: string }) => i.name === name)?.wcl;
    // Two logged nights fall in the addon's window (the mythic one came after its last upload).
    expect(wclOf('Aldrena-Stormvale')).toEqual({ present: 2, bench: 0, nights: 2 });
    expect(wclOf('Brannoc-Stormvale')).toEqual({ present: 1, bench: 1, nights: 2 });
    expect(wclOf('Lowbie-Stormvale')).toEqual({ present: 0, bench: 0, nights: 2 });

    const aldrena = (
      await t.ctx.db.select().from(characters).where(eq(characters.name, 'Aldrena-Stormvale'))
    )[0]!;
    const profile = await getJson(
      t.app,
      readKey,
      `/api/v1/communities/${communityId}/members/${aldrena.memberId}`,
    );
    expect(profile.statusCode).toBe(200);
    expect(
      profile.json().parses.map((p: { encounterName: string; bestBracket: string }) => p.bestBracket),
    ).toEqual(['orange', 'pink', 'gold']);
  });

  it('open to visitors only the pages the community made public', async () => {
    const url = `/api/v1/communities/${communityId}`;
    expect((await t.app.inject(`${url}/raid-progress`)).statusCode).toBe(401);
    await t.app.inject({
      method: 'PATCH',
      url,
      headers: { cookie: owner },
      payload: { settings: { publicPages: ['raid-progress'] } },
    });
    expect((await t.app.inject(`${url}/raid-progress`)).statusCode).toBe(200);
    expect((await t.app.inject(`${url}/wcl-attendance`)).statusCode).toBe(401);
  });

  it('give the roster its best parse', async () => {
    const res = await getJson(t.app, readKey, `/api/v1/communities/${communityId}/roster`);
    const brannoc = res.json().items.find((i: { name: string }) => i.name === 'Brannoc-Stormvale');
    expect(brannoc.bestParse).toBe(42);
  });
});

describe('settings and schedules', () => {
  it('let officers name the guild and the raid the services look up', async () => {
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/communities/${communityId}/integrations`,
      headers: { cookie: owner },
      payload: { guildName: 'Centinelas de Plata', wclZoneId: 44 },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().settings).toEqual({
      guildName: 'Centinelas de Plata',
      guildRealm: null,
      wclZoneId: 44,
    });
    // Not on Warcraft Logs under that name, on a realm in no table: a configuration problem.
    expect(await runWclSync(t.ctx, communityId)).toMatchObject({
      skipped: { code: 'UNKNOWN_REALM' },
      realmGuessed: ['Stormvale'],
    });
    await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/communities/${communityId}/integrations`,
      headers: { cookie: owner },
      payload: { guildName: null },
    });
    expect((await wclReport(communityId)).zone).toEqual({ id: 44, name: 'Manaforge Omega' });
  });

  it('fan a scheduled run out to the communities that can sync', async () => {
    await makeCommunity(t.ctx, { name: 'No credentials' });
    await makeCommunity(t.ctx, { name: 'Dota team', game: 'dota', region: undefined, realm: undefined });
    const runId = await t.ctx.queue.enqueue('wcl-sync', {}, { trigger: 'schedule' });
    const run = await waitForRun(t.ctx.jobRuns, runId, 30_000);
    expect(run.result).toEqual({ queued: 1 });
    const raiderio = await waitForRun(t.ctx.jobRuns, await t.ctx.queue.enqueue('raiderio-sync', {}), 30_000);
    // Every WoW community with a region: this one and the one without WCL credentials.
    expect(raiderio.result).toEqual({ queued: 2 });
    const queued = await t.ctx.jobRuns.list({ jobName: 'wcl-sync', limit: 10, offset: 0 });
    expect(queued.filter((r) => r.communityId === communityId && r.trigger === 'schedule')).toHaveLength(1);
  });
});

import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOperation } from '../src/cli/operations';
import { waitForRun } from '../src/core/queue';
import { characters } from '../src/modules/members/members.tables';
import { outbox } from '../src/modules/notify/notify.tables';
import { bestRuns } from '../src/modules/wow/integrations.tables';
import { characterScores } from '../src/modules/wow/wow.tables';
import { FakeDiscord, webhookUrl } from './fakes/discord';
import { type FakeCharacter, FakeRaiderIo, run } from './fakes/raiderio';
import { offline } from './fakes/server';
import { createTestApp, makeCommunity, ownerCookie, type TestApp } from './helpers';
import { apiKeys, day, getJson, trackerFile, uploadFile } from './wow-fixtures';

const raiderio = new FakeRaiderIo();
const discord = new FakeDiscord();
let t: TestApp;
let communityId: string;
let readKey: string;
let owner: string;

const character = (
  name: string,
  realmSlug: string,
  realm: string,
  score: number,
  extra: Partial<FakeCharacter> = {},
) =>
  raiderio.add({
    region: 'eu',
    realmSlug,
    realm,
    name,
    className: 'Druid',
    spec: 'Balance',
    role: 'DPS',
    score,
    itemLevel: 705.5,
    runs: [
      run('ARAK', 'Ara-Kara, City of Echoes', 12, 2, 305.1),
      run('DAWN', 'The Dawnbreaker', 11, 1, 290.4),
    ],
    ...extra,
  });

const rowsOf = async (name: string) => {
  const [c] = await t.ctx.db.select().from(characters).where(eq(characters.name, name));
  if (!c) throw new Error(`no character ${name}`);
  const scores = await t.ctx.db
    .select()
    .from(characterScores)
    .where(and(eq(characterScores.characterId, c.id), eq(characterScores.source, 'raiderio')));
  const runs = await t.ctx.db.select().from(bestRuns).where(eq(bestRuns.characterId, c.id));
  return { c, scores, runs };
};

const sync = async () => {
  const [summary, result] = await runOperation(t.ctx, 'jobs.run', {
    name: 'raiderio-sync',
    community: communityId,
    timeoutSeconds: 60,
  });
  expect(summary).toMatch(/raiderio-sync: succeeded/);
  return JSON.parse(result!);
};

beforeAll(async () => {
  await raiderio.start();
  await discord.start();
  t = await createTestApp({
    redis: true,
    env: {
      ...offline,
      RAIDERIO_BASE_URL: raiderio.url,
      DISCORD_API_BASE_URL: `${discord.url}/api`,
      // No test here waits on a timeout: a generous one keeps a loaded machine from inventing failures.
      OUTBOUND_TIMEOUT_MS: '30000',
    },
  });
  await t.ctx.queue.start({ worker: true, scheduler: false });
  const community = await makeCommunity(t.ctx, { language: 'es' });
  communityId = community.id;
  owner = await ownerCookie(t.app, t.ctx);
  const keys = await apiKeys(t.ctx, communityId);
  readKey = keys.read;
  const upload = await uploadFile(
    t.app,
    keys.upload,
    trackerFile({
      rosterAt: day(1),
      roster: {
        Aldrena: { class: 'DRUID' },
        Brannoc: { class: 'WARRIOR' },
        Mirené: { class: 'PRIEST' },
        'Thrallz-Area52': { class: 'SHAMAN' },
        "Voljin-Zul'jin": { class: 'HUNTER' },
        Nobody: { class: 'MAGE' },
        Flaky: { class: 'ROGUE' },
      },
      mythic: { Aldrena: { score: 2480, class: 'DRUID', spec: 'Balance' } },
    }),
  );
  expect(upload.statusCode, upload.body).toBe(200);
  character('Aldrena', 'stormvale', 'Stormvale', 2512.3);
  character('Brannoc', 'stormvale', 'Stormvale', 1890);
  character('Mirené', 'stormvale', 'Stormvale', 2105.5, { role: 'HEALING', spec: 'Holy' });
  character('Thrallz', 'area-52', 'Area 52', 1500);
  character('Voljin', 'zuljin', "Zul'jin", 1600, { role: 'TANK', spec: 'Guardian' });
  character('Flaky', 'stormvale', 'Stormvale', 1700);
  const hook = await t.app.inject({
    method: 'POST',
    url: `/api/v1/communities/${communityId}/webhooks`,
    headers: { cookie: owner },
    payload: { name: 'alertas', url: webhookUrl('223344556677889900') },
  });
  expect(hook.statusCode).toBe(201);
});

afterAll(async () => {
  await t.close();
  await raiderio.close();
  await discord.close();
});

describe('raiderio-sync', () => {
  it('stores scores, best runs, item level, spec and avatar; 404 marks not found; one failure never fails the batch', async () => {
    raiderio.inject(FakeRaiderIo.forName('Flaky'), { status: 500, body: { statusCode: 500 } }, 20);
    const report = await sync();
    expect(report).toMatchObject({ characters: 7, synced: 5, notFound: 1, failed: 1, milestones: 1 });
    expect(report.errors[0]).toMatch(
      /^Flaky-Stormvale: raiderio: GET \/api\/v1\/characters\/profile answered 500/,
    );
    raiderio.clearInjections();

    const aldrena = await rowsOf('Aldrena-Stormvale');
    expect(aldrena.c).toMatchObject({ itemLevel: 705.5, spec: 'Balance', role: 'dps', externalStatus: null });
    expect(aldrena.c.avatarUrl).toMatch(
      /^https:\/\/render\.worldofwarcraft\.com\/eu\/character\/stormvale\//,
    );
    expect(aldrena.scores.map((s) => s.score)).toEqual([2512.3]);
    expect(aldrena.runs.map((r) => [r.dungeon, r.level, r.upgrades, r.season]).sort()).toEqual([
      ['ARAK', 12, 2, 'season-tww-3'],
      ['DAWN', 11, 1, 'season-tww-3'],
    ]);
    expect((await rowsOf('Mirené-Stormvale')).c.role).toBe('healer');
    expect((await rowsOf("Voljin-Zul'jin")).c.role).toBe('tank');
    expect((await rowsOf('Thrallz-Area52')).scores).toHaveLength(1);
    expect((await rowsOf('Nobody-Stormvale')).c.externalStatus).toBe('not_found');
    const flaky = await rowsOf('Flaky-Stormvale');
    expect([flaky.c.itemLevel, flaky.scores.length, flaky.runs.length]).toEqual([null, 0, 0]);

    // The realms went out as the services spell them.
    const realms = raiderio.requests.map((r) => `${r.query.get('name')}@${r.query.get('realm')}`);
    expect(realms).toEqual(expect.arrayContaining(['Thrallz@area-52', 'Voljin@zuljin', 'Mirené@stormvale']));
  });

  it('queues the milestone alert with the score, in the community language, and delivers it', async () => {
    const queued = await t.ctx.db.select().from(outbox).where(eq(outbox.communityId, communityId));
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ kind: 'score_milestone', dedupeKey: expect.stringMatching(/:2500$/) });
    const [summary] = await runOperation(t.ctx, 'jobs.run', {
      name: 'notify-deliver',
      community: communityId,
    });
    expect(summary).toMatch(/succeeded/);
    // The sync queued a delivery of its own as it finished: whichever run claimed the message, let it end.
    const deliveries = await t.ctx.jobRuns.list({ jobName: 'notify-deliver', limit: 20, offset: 0 });
    expect(deliveries.map((r) => r.trigger)).toContain('event');
    for (const r of deliveries) await waitForRun(t.ctx.jobRuns, r.id, 20_000);
    const sent = discord.messagesTo('223344556677889900');
    expect(sent.length).toBeGreaterThanOrEqual(1);
    const milestone = sent.find((m) => m.body.embeds?.[0]?.title === 'Hito de Míticas+');
    expect(milestone?.body.embeds?.[0]?.description).toContain('**Aldrena-Stormvale** ha alcanzado');
    expect(milestone?.body.embeds?.[0]?.description).toContain('2500');
  });

  it('reruns without duplicate history rows; a changed score adds exactly one', async () => {
    expect((await sync()).scores).toBe(1); // Flaky answers now: its first score
    const before = await t.ctx.db.select({ n: sql<number>`count(*)::int` }).from(characterScores);
    const runsBefore = await t.ctx.db.select({ n: sql<number>`count(*)::int` }).from(bestRuns);
    await sync();
    expect(await t.ctx.db.select({ n: sql<number>`count(*)::int` }).from(characterScores)).toEqual(before);
    expect(await t.ctx.db.select({ n: sql<number>`count(*)::int` }).from(bestRuns)).toEqual(runsBefore);
    raiderio.characters.get(FakeRaiderIo.key('eu', 'stormvale', 'Brannoc'))!.score = 1950;
    const report = await sync();
    expect(report.scores).toBe(1);
    expect((await rowsOf('Brannoc-Stormvale')).scores.map((s) => s.score)).toEqual([1890, 1950]);
  });

  it('stores nothing half-done when an answer is malformed', async () => {
    raiderio.characters.get(FakeRaiderIo.key('eu', 'stormvale', 'Brannoc'))!.score = 2222;
    raiderio.inject(FakeRaiderIo.forName('Brannoc'), {
      status: 200,
      raw: '{"name":"Brannoc","realm":"Stormvale","region":"eu","gear":{"item_level_equipped":999},"mythic_plus_best_runs":[{"dungeon":"X"',
    });
    const before = await rowsOf('Brannoc-Stormvale');
    const report = await sync();
    expect(report.failed).toBe(1);
    const after = await rowsOf('Brannoc-Stormvale');
    expect(after.c.itemLevel).toBe(before.c.itemLevel);
    expect(after.scores).toEqual(before.scores);
    expect(after.runs.map((r) => r.updatedAt)).toEqual(before.runs.map((r) => r.updatedAt));
  });

  it('survives the provider dropping connections mid-batch: the cut-off characters are taken up at the end, a rerun duplicates nothing', async () => {
    for (const name of ['Aldrena', 'Brannoc', 'Mirené', 'Thrallz', 'Voljin', 'Flaky'])
      raiderio.characters.get(
        [...raiderio.characters.keys()].find((k) => k.endsWith(`|${name.toLowerCase()}`))!,
      )!.score += 7;
    // An outage counted in requests, not seconds: every attempt a request makes for Brannoc and
    // Mirené (three) has its connection dropped, so both meet it past their own retries; two
    // more dropped requests, whoever they hit, are absorbed by a request's own retries.
    raiderio.refuse(FakeRaiderIo.forName('Brannoc'), 3);
    raiderio.refuse(FakeRaiderIo.forName('Mirené'), 3);
    raiderio.refuse(() => true, 2);
    const report = await sync();
    expect(report).toMatchObject({ synced: 6, notFound: 1, failed: 0, retried: 2 });
    const scores = await t.ctx.db
      .select({ characterId: characterScores.characterId, n: sql<number>`count(*)::int` })
      .from(characterScores)
      .where(eq(characterScores.source, 'raiderio'))
      .groupBy(characterScores.characterId);
    const again = await sync();
    expect(again.scores).toBe(0);
    expect(
      await t.ctx.db
        .select({ characterId: characterScores.characterId, n: sql<number>`count(*)::int` })
        .from(characterScores)
        .where(eq(characterScores.source, 'raiderio'))
        .groupBy(characterScores.characterId),
    ).toEqual(scores);
  });
});

describe('the read routes', () => {
  it('show score history week by week, best runs, item level and avatar on the profile', async () => {
    const { c } = await rowsOf('Aldrena-Stormvale');
    const res = await getJson(
      t.app,
      readKey,
      `/api/v1/communities/${communityId}/members/${c.memberId}/mythic-plus`,
    );
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const main = body.characters[0];
    expect(main).toMatchObject({
      name: 'Aldrena-Stormvale',
      isMain: true,
      itemLevel: 705.5,
      season: 'season-tww-3',
    });
    expect(main.avatarUrl).toContain('render.worldofwarcraft.com');
    expect(main.history.map((h: { source: string }) => h.source)).toEqual(['addon', 'raiderio', 'raiderio']);
    expect(main.weekly.length).toBeGreaterThanOrEqual(2);
    expect(main.weekly.at(-1).score).toBe(main.score);
    expect(main.bestRuns.map((r: { dungeon: string }) => r.dungeon)).toEqual(['ARAK', 'DAWN']);

    const missing = await getJson(
      t.app,
      readKey,
      `/api/v1/communities/${communityId}/members/${crypto.randomUUID()}/mythic-plus`,
    );
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('MEMBER_NOT_FOUND');
  });

  it('give the roster its score and item level', async () => {
    const res = await getJson(
      t.app,
      readKey,
      `/api/v1/communities/${communityId}/roster?sort=score&dir=desc`,
    );
    expect(res.statusCode).toBe(200);
    const aldrena = res.json().items.find((i: { name: string }) => i.name === 'Aldrena-Stormvale');
    expect(aldrena).toMatchObject({ score: 2519.3, itemLevel: 705.5, spec: 'Balance', role: 'dps' });
  });

  it('records a run where every character failed as failed, with the cause and its progress, and no retry', async () => {
    const profile = (req: { path: string }) => req.path === '/api/v1/characters/profile';
    raiderio.inject(
      profile,
      { status: 503, body: { statusCode: 503, error: 'Service Unavailable' } },
      10_000,
    );
    const seen: { label: string; done: number; total: number }[] = [];
    try {
      await expect(
        runOperation(
          t.ctx,
          'jobs.run',
          { name: 'raiderio-sync', community: communityId, timeoutSeconds: 120 },
          { progress: (p) => seen.push(p) },
        ),
      ).rejects.toThrow(
        /raiderio-sync: failed after 1 attempt\(s\).*0 of 7 characters synced: Raider\.IO failed for all 7 tried, e\.g\. .*answered 503/,
      );
    } finally {
      raiderio.clearInjections();
    }
    const [run] = await t.ctx.jobRuns.list({ limit: 1, offset: 0 });
    expect(run).toMatchObject({ jobName: 'raiderio-sync', status: 'failed', attempts: 1 });
    expect(run!.lastError).toMatch(/^0 of 7 characters synced: Raider\.IO failed for all 7 tried/);
    expect(run!.result).toMatchObject({ characters: 7, synced: 0, failed: 7 });
    // The last progress the CLI drew is the run's end: every character of the pass done.
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.at(-1)).toMatchObject({ done: 7, total: 7 });
    expect(run!.progress).toMatchObject({ done: 7, total: 7 });
  });
});

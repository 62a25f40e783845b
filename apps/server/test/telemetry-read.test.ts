import crypto from 'node:crypto';
import {
  validateTelemetryBatch,
  zTelemetryMemberHistory,
  zTelemetryPullDetail,
  zTelemetryRaidDetail,
  zTelemetryRaids,
} from '@guildhall/contracts';
import { generateRaid, type RosterEntry } from '@guildhall/telemetry-gen';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Community } from '../src/modules/communities';
import { addCharactersWithMembers } from '../src/modules/members';
import { TELEMETRY_PIPELINE_JOB, telemetryPipelineJob, writeBronzeBatch } from '../src/modules/telemetry';
import { lakeDeps, runPipeline } from '../src/modules/telemetry/lake';
import { createTestApp, makeCommunity, type TestApp, userWithRole } from './helpers';
import { apiKeys } from './wow-fixtures';

/**
 * The raid pages' reads over gold: two generated raids of the community's own members go
 * through the pipeline, then every route answers schema-valid figures that match the raw events.
 */

const START = Date.parse('2026-03-02T20:00:00Z');
const NAMES = ['Aldrena', 'Borin', 'Kael', 'Mira', 'Tovar', 'Ysolde', 'Quill', 'Nessa'];

let t: TestApp;
let community: Community;
let keys: { read: string; upload: string };
let memberOf: Map<string, string>;
let raids: ReturnType<typeof generateRaid>[];

beforeAll(async () => {
  t = await createTestApp();
  community = await makeCommunity(t.ctx);
  keys = await apiKeys(t.ctx, community.id);
  memberOf = new Map(NAMES.map((n) => [n, crypto.randomUUID()]));
  await addCharactersWithMembers(
    t.ctx.db,
    NAMES.map((name) => ({
      id: crypto.randomUUID(),
      memberId: memberOf.get(name)!,
      communityId: community.id,
      name: `${name}-Stormvale`,
      nameKey: `${name.toLowerCase()}-stormvale`,
      realm: 'Stormvale',
      className: null,
      level: 80,
      rank: null,
      rankIndex: null,
      spec: null,
      role: null,
      inRoster: true,
      online: false,
      messageTotal: 0,
      lastMessage: null,
      chatDigest: null,
      lastSeenAt: null,
      firstSeenAt: new Date(START),
    })),
  );
  const roster: RosterEntry[] = NAMES.map((name) => ({ name }));
  raids = [0, 1].map((i) =>
    generateRaid({ seed: 'read', raids: 2, eventsPerRaid: 500, start: START, roster }, i),
  );
  for (const raid of raids) {
    const v = validateTelemetryBatch(JSON.stringify(raid.events), { now: () => START + 86_400_000 * 30 });
    if (!v.ok) throw new Error(v.message);
    await writeBronzeBatch(t.ctx.store, {
      communityId: community.id,
      batchId: `batch-${raid.raidId}`,
      ingestedAt: new Date(START),
      rows: v.accepted,
    });
  }
  await runPipeline(lakeDeps(t.ctx), community.id, 'run');
});
afterAll(() => t.close());

const base = () => `/api/v1/communities/${community.id}`;
const get = (path: string, headers: Record<string, string> = { 'x-api-key': keys.read }) =>
  t.app.inject({ method: 'GET', url: `${base()}${path}`, headers });

describe('telemetry read routes', () => {
  it('lists raids newest first with their totals, and pages', async () => {
    const res = await get('/telemetry/raids');
    expect(res.statusCode).toBe(200);
    const body = zTelemetryRaids.parse(res.json());
    expect(body.total).toBe(2);
    expect(body.builtAt).not.toBeNull();
    expect(body.items.map((r) => r.raidId)).toEqual(['raid002', 'raid001']);
    const raid1 = body.items[1]!;
    const events = raids[0]!.events;
    expect(raid1).toMatchObject({
      players: NAMES.length,
      pulls: 1,
      kills: raids[0]!.outcome === 'kill' ? 1 : 0,
      wipes: raids[0]!.outcome === 'wipe' ? 1 : 0,
      deaths: events.filter((e) => e.event_type === 'player_death').length,
      events: events.length,
      source: 'generator',
      damage: Math.round(
        events
          .filter((e) => e.event_type === 'combat_damage' && e.source_player_id.startsWith('player_'))
          .reduce((n, e) => n + e.damage_amount!, 0),
      ),
    });
    const page = zTelemetryRaids.parse((await get('/telemetry/raids?limit=1&offset=1')).json());
    expect(page).toMatchObject({ total: 2, items: [{ raidId: 'raid001' }] });
  });

  it('answers a raid with its pulls and players, each tied to the member', async () => {
    const res = await get('/telemetry/raids/raid001');
    expect(res.statusCode).toBe(200);
    const body = zTelemetryRaidDetail.parse(res.json());
    expect(body.pulls).toHaveLength(1);
    expect(body.pulls[0]).toMatchObject({ number: 1, outcome: raids[0]!.outcome });
    expect(body.players.map((p) => p.name).sort()).toEqual([...NAMES].sort());
    for (const p of body.players) expect(p.memberId).toBe(memberOf.get(p.name));
    const events = raids[0]!.events;
    for (const p of body.players) {
      const id = `player_${p.name.toLowerCase()}`;
      const damage = events
        .filter((e) => e.event_type === 'combat_damage' && e.source_player_id === id)
        .reduce((n, e) => n + e.damage_amount!, 0);
      const deaths = events.filter(
        (e) => e.event_type === 'player_death' && e.target_entity_id === id,
      ).length;
      expect(p.damage).toBe(Math.round(damage));
      expect(p.deaths).toBe(deaths);
    }
    const shares = body.players.reduce((n, p) => n + p.damageShare, 0);
    expect(shares).toBeCloseTo(100, 0);
  });

  it('answers a pull with players and deaths in order, and 404s with a code for unknown raids and pulls', async () => {
    const detail = zTelemetryRaidDetail.parse((await get('/telemetry/raids/raid001')).json());
    const pullId = detail.pulls[0]!.pullId;
    const res = await get(`/telemetry/raids/raid001/pulls/${pullId}`);
    expect(res.statusCode).toBe(200);
    const pull = zTelemetryPullDetail.parse(res.json());
    const deaths = raids[0]!.events.filter((e) => e.event_type === 'player_death');
    expect(deaths.length).toBeGreaterThan(0);
    expect(pull.deaths.map((d) => d.name)).toEqual(deaths.map((d) => d.target_entity_name));
    // The generator's deaths have the boss as their source; the last hit on the victim is the killing blow.
    for (const d of pull.deaths) expect(d.killingBlow?.sourceName).toBe('Ragnaros');
    expect(pull.deaths.map((d) => d.offsetMs)).toEqual(
      [...pull.deaths.map((d) => d.offsetMs)].sort((a, b) => a - b),
    );
    expect(pull.players.map((p) => p.damage)).toEqual(detail.players.map((p) => p.damage));

    const unknown = await get('/telemetry/raids/raid999');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('TELEMETRY_RAID_NOT_FOUND');
    const noPull = await get('/telemetry/raids/raid001/pulls/raid001_p9');
    expect(noPull.statusCode).toBe(404);
    expect(noPull.json().error.code).toBe('TELEMETRY_PULL_NOT_FOUND');
    expect((await get('/telemetry/raids/raid..%2F')).statusCode).toBe(400);
  });

  it("answers a member's raid history, oldest first", async () => {
    const member = memberOf.get('Kael')!;
    const res = await get(`/members/${member}/telemetry`);
    expect(res.statusCode).toBe(200);
    const body = zTelemetryMemberHistory.parse(res.json());
    expect(body.items.map((i) => [i.raidId, i.name])).toEqual([
      ['raid001', 'Kael'],
      ['raid002', 'Kael'],
    ]);
    expect((await get(`/members/${crypto.randomUUID()}/telemetry`)).json().error.code).toBe(
      'MEMBER_NOT_FOUND',
    );
  });

  it('is readable by a signed-in member and a read key, not anonymously or with an upload key', async () => {
    const { cookie } = await userWithRole(t.app, t.ctx, community.id, 'member');
    expect((await get('/telemetry/raids', { cookie })).statusCode).toBe(200);
    expect((await get('/telemetry/raids', {})).statusCode).toBe(401);
    expect((await get('/telemetry/raids', { 'x-api-key': keys.upload })).statusCode).toBe(403);
  });

  it('answers an empty list before the first pipeline run', async () => {
    const other = await makeCommunity(t.ctx);
    const otherKeys = await apiKeys(t.ctx, other.id);
    const res = await t.app.inject({
      url: `/api/v1/communities/${other.id}/telemetry/raids`,
      headers: { 'x-api-key': otherKeys.read },
    });
    expect(zTelemetryRaids.parse(res.json())).toEqual({ total: 0, items: [], builtAt: null });
  });
});

describe('the telemetry.pipeline job', () => {
  it('builds pending work for a community, then finds none', async () => {
    const other = await makeCommunity(t.ctx);
    const otherKeys = await apiKeys(t.ctx, other.id);
    const raid = generateRaid({ seed: 'job', raids: 1, eventsPerRaid: 100, start: START, firstRaid: 7 }, 0);
    const v = validateTelemetryBatch(JSON.stringify(raid.events), { now: () => START + 86_400_000 });
    if (!v.ok) throw new Error(v.message);
    await writeBronzeBatch(t.ctx.store, {
      communityId: other.id,
      batchId: 'j1',
      ingestedAt: new Date(START),
      rows: v.accepted,
    });
    const job = telemetryPipelineJob(t.ctx);
    expect(job.name).toBe(TELEMETRY_PIPELINE_JOB);
    const log = t.ctx.log;
    const first = await job.handler(
      { communityId: other.id },
      { runId: 1, attempt: 1, trigger: 'manual', log },
    );
    expect(first).toMatchObject({
      communities: [{ communityId: other.id, silver: ['raid007'], gold: ['raid007'] }],
    });
    const second = await job.handler(
      { communityId: other.id },
      { runId: 2, attempt: 1, trigger: 'manual', log },
    );
    expect(second).toMatchObject({ communities: [] });
    const res = await t.app.inject({
      url: `/api/v1/communities/${other.id}/telemetry/raids`,
      headers: { 'x-api-key': otherKeys.read },
    });
    expect(zTelemetryRaids.parse(res.json()).items.map((r) => r.raidId)).toEqual(['raid007']);
  });
});

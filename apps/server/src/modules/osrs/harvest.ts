import { OSRS_GAIN_PERIODS } from '@guildhall/contracts';
import type { AppContext } from '../../core/context';
import { type SkippedRun, skipRun } from '../../core/queue';
import { readCredential, requireCommunity } from '../communities';
import { createWomClient, type WomBulkGained, type WomClient, WomError } from './clients/wise-old-man';
import { windowGain } from './gains';
import { isKnownMetric, kindOf, snapshotValues } from './metrics';
import * as repo from './osrs.repo';
import type { MetricKind, SnapshotValues } from './osrs.tables';

/** Where an officer stores the Wise Old Man API key: `PUT …/credentials/wiseoldman {fields: {apiKey}}`. */
export const WOM_CREDENTIAL = 'wiseoldman';

const DAY_MS = 86_400_000;

const dedupe = <T>(items: T[], key: (t: T) => string) => [...new Map(items.map((i) => [key(i), i])).values()];

export interface HarvestReport {
  communityId: string;
  groupId: number;
  /** Requests sent to Wise Old Man: the same handful whatever the clan's size. */
  calls: number;
  members: number;
  joined: number;
  left: number;
  renamed: number;
  snapshots: number;
  unknownMetrics: string[];
}

export interface HarvestOptions {
  now?: Date;
  progress?: (p: { step: string; done: number; total: number }) => void;
  /** Replaces the client built from the configuration (benchmarks count its calls). */
  client?: WomClient;
}

/** Each step of a harvest, for the progress bar: three fetches, then the write. */
const STEPS = ['group', 'hiscores', ...OSRS_GAIN_PERIODS.map((d) => `gains ${d}d`), 'store'];

/**
 * One harvest of a clan: the group with its memberships, every member's latest snapshot and
 * each window's start and end values, all from group-level bulk endpoints (never a call per
 * member); then, in one transaction, members (by Wise Old Man id: a rename keeps the member
 * and its history), snapshots, and gains recomputed from the stored snapshots.
 */
export async function harvestCommunity(
  ctx: AppContext,
  communityId: string,
  opts: HarvestOptions = {},
): Promise<HarvestReport | SkippedRun> {
  const community = await requireCommunity(ctx.db, communityId);
  if (community.game !== 'osrs')
    return skipRun('NOT_OSRS', 'the Wise Old Man harvest is for OSRS communities');
  const groupId = community.settings.womGroupId;
  if (!groupId)
    return skipRun('WOM_GROUP_NOT_SET', 'set settings.womGroupId to the clan’s Wise Old Man group');
  const credential = await readCredential(ctx, communityId, WOM_CREDENTIAL);
  const client =
    opts.client ??
    createWomClient({
      limiter: ctx.limiter,
      timeoutMs: ctx.config.OUTBOUND_TIMEOUT_MS,
      retryBaseMs: 250,
      baseUrl: ctx.config.WOM_BASE_URL,
      apiKey: credential?.apiKey,
    });
  const now = opts.now ?? new Date();
  let step = 0;
  const advance = () => opts.progress?.({ step: STEPS[step] ?? 'done', done: ++step, total: STEPS.length });
  const callsBefore = client.calls;

  let group: Awaited<ReturnType<WomClient['group']>>;
  try {
    group = await client.group(groupId);
  } catch (err) {
    if (err instanceof WomError && err.code === 'GROUP_NOT_FOUND')
      return skipRun('WOM_GROUP_NOT_FOUND', `Wise Old Man has no group ${groupId}`, { groupId });
    throw err;
  }
  advance();
  const hiscores = await client.bulkHiscores(groupId);
  advance();
  const gained: WomBulkGained[] = [];
  for (const days of OSRS_GAIN_PERIODS) {
    gained.push(
      await client.bulkGained(groupId, { startDate: new Date(now.getTime() - days * DAY_MS), endDate: now }),
    );
    advance();
  }
  const calls = client.calls - callsBefore;

  const report = await ctx.db.transaction(async (tx) => {
    const before = new Map((await repo.findMembers(tx, communityId)).map((m) => [m.womId, m]));
    let joined = 0;
    let renamed = 0;
    const upserts: repo.MemberUpsert[] = group.memberships.map((ms) => {
      const old = before.get(ms.playerId);
      const name = ms.player.displayName;
      const aliases = [...(old?.aliases ?? [])];
      if (old && old.name !== name) {
        renamed += 1;
        if (!aliases.includes(old.name)) aliases.push(old.name);
      }
      if (!old?.active) joined += 1;
      const joinedAt = ms.clientSyncJoinedAt ?? ms.createdAt;
      return {
        communityId,
        womId: ms.playerId,
        name,
        aliases: aliases.filter((a) => a !== name),
        role: ms.role,
        joinedAt: new Date(joinedAt),
        active: true,
        leftAt: null,
      };
    });
    const rows = await repo.upsertMembers(tx, upserts);
    const idOf = new Map(rows.map((r) => [r.womId, r.id]));
    const leavers = [...before.values()].filter((m) => m.active && !idOf.has(m.womId));
    await repo.markLeft(
      tx,
      leavers.map((m) => m.id),
      now,
    );

    // Snapshots keyed by member and instant: the same Wise Old Man snapshot met twice merges.
    const snapshots = new Map<string, { memberId: string; takenAt: Date; values: SnapshotValues }>();
    const add = (memberId: string, takenAt: Date, values: SnapshotValues) => {
      const key = `${memberId}|${takenAt.getTime()}`;
      const had = snapshots.get(key);
      snapshots.set(key, { memberId, takenAt, values: { ...values, ...had?.values } });
    };
    const kinds = new Map<string, MetricKind>();
    const unknown = new Set<string>();
    for (const entry of hiscores) {
      const memberId = idOf.get(entry.player.id);
      if (!memberId) continue;
      const values = snapshotValues(entry.data.data);
      for (const [metric, v] of Object.entries(values)) {
        kinds.set(metric, v.kind);
        if (!isKnownMetric(metric, v.kind)) unknown.add(metric);
      }
      add(memberId, new Date(entry.data.createdAt), values);
    }
    for (const window of gained) {
      for (const entry of window) {
        const memberId = idOf.get(entry.player.id);
        if (!memberId || !entry.startDate || !entry.endDate) continue;
        const start: SnapshotValues = {};
        const end: SnapshotValues = {};
        for (const d of entry.data) {
          const kind = kindOf(d.metric, kinds);
          if (!isKnownMetric(d.metric, kind)) unknown.add(d.metric);
          start[d.metric] = { kind, value: d.start };
          end[d.metric] = { kind, value: d.end };
        }
        add(memberId, new Date(entry.startDate), start);
        add(memberId, new Date(entry.endDate), end);
      }
    }
    await repo.upsertSnapshots(tx, [...snapshots.values()]);

    // Gains from what is stored: the database picks each window's snapshots (earlier harvests'
    // count as much as this one's); values are read back only for those this run did not hold.
    const keyOf = (k: repo.SnapshotKey) => `${k.memberId}|${k.takenAt.getTime()}`;
    const latestKeys = await repo.latestSnapshotKeys(tx, communityId);
    const windowKeys = new Map<number, repo.SnapshotKey[]>();
    for (const days of OSRS_GAIN_PERIODS)
      windowKeys.set(
        days,
        await repo.firstSnapshotKeysSince(tx, communityId, new Date(now.getTime() - days * DAY_MS)),
      );
    const missing = [...latestKeys, ...[...windowKeys.values()].flat()].filter(
      (k) => !snapshots.has(keyOf(k)),
    );
    const known = new Map(
      [...snapshots.values(), ...(await repo.snapshotsAt(tx, dedupe(missing, keyOf)))].map((s) => [
        keyOf(s),
        s,
      ]),
    );
    const latest = new Map(latestKeys.map((k) => [k.memberId, known.get(keyOf(k))]));
    const gainRows: repo.GainRow[] = [];
    for (const days of OSRS_GAIN_PERIODS) {
      const firsts = new Map((windowKeys.get(days) ?? []).map((k) => [k.memberId, known.get(keyOf(k))]));
      for (const memberId of idOf.values()) {
        const g = windowGain(firsts.get(memberId), latest.get(memberId));
        gainRows.push({
          memberId,
          days,
          fromAt: g.from ? new Date(g.from) : null,
          toAt: g.to ? new Date(g.to) : null,
          xp: g.xp,
          ehp: g.ehp,
          ehb: g.ehb,
          bossKills: g.bossKills,
          metrics: { skills: g.skills, bosses: g.bosses, activities: g.activities, other: g.other },
          computedAt: now,
        });
      }
    }
    await repo.upsertGains(tx, gainRows);
    const result: HarvestReport = {
      communityId,
      groupId,
      calls,
      members: rows.length,
      joined,
      left: leavers.length,
      renamed,
      snapshots: snapshots.size,
      unknownMetrics: [...unknown].sort(),
    };
    await repo.insertHarvest(tx, { ...result, finishedAt: now });
    return result;
  });
  advance();
  return report;
}

import type {
  TIntegrationSettingsUpdate,
  TIntegrations,
  TMythicPlus,
  TParses,
  TRaidProgress,
  TSyncProblemCode,
  TSyncStatus,
  TWclAttendance,
} from '@guildhall/contracts';
import { zSyncProblemCode } from '@guildhall/contracts';
import type { AppContext } from '../../core/context';
import type { Executor } from '../../core/db';
import { AppError } from '../../core/errors';
import type { HttpDeps } from '../../core/outbound/http-client';
import { isSkippedRun, type SkippedRun, skipRun } from '../../core/queue';
import { type Actor, recordAudit } from '../audit';
import { type Community, readCredential, requireCommunity } from '../communities';
import { getMember, listMemberCharacters } from '../members';
import { parseBracket } from './clients/warcraftlogs';
import * as repo from './integrations.repo';
import type { raidDifficulties } from './integrations.tables';
import { RealmResolver } from './realms';
import { findRefreshedRealms } from './realms.repo';

const DAY_MS = 86_400_000;
type Difficulty = (typeof raidDifficulties)[number];
const difficultyOrder: Difficulty[] = ['lfr', 'normal', 'heroic', 'mythic'];

/** The credential names of the admin API's `PUT /credentials/{provider}`. */
export const PROVIDERS = {
  raiderio: 'raiderio',
  warcraftlogs: 'warcraftlogs',
  blizzard: 'blizzard',
} as const;

/** The sync job of each provider. */
export const SYNC_JOBS = {
  raiderio: 'raiderio-sync',
  warcraftlogs: 'wcl-sync',
  blizzard: 'blizzard-sync',
} as const;

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

/** The last run of a sync, with its configuration problem or error and the realms it had to guess. */
async function lastSync(ctx: AppContext, communityId: string, job: string): Promise<TSyncStatus | null> {
  const [run] = await ctx.jobRuns.list({ jobName: job, communityId, limit: 1, offset: 0 });
  if (!run) return null;
  const result = run.result && typeof run.result === 'object' ? (run.result as Record<string, unknown>) : {};
  const skipped = isSkippedRun(run.result) ? run.result.skipped : null;
  const code = zSyncProblemCode.safeParse(skipped?.code);
  return {
    job,
    status: run.status,
    at: (run.finishedAt ?? run.startedAt ?? run.createdAt).toISOString(),
    problem:
      skipped && code.success
        ? { code: code.data, reason: skipped.reason }
        : run.status === 'failed'
          ? { code: 'FAILED', reason: run.lastError ?? '' }
          : null,
    realmGuessed: strings(result.realmGuessed),
    unknownRealms: strings(result.unknownRealms),
  };
}

export function httpDeps(ctx: AppContext): HttpDeps {
  return { limiter: ctx.limiter, timeoutMs: ctx.config.OUTBOUND_TIMEOUT_MS, retryBaseMs: 250 };
}

export interface SyncTarget {
  community: Community;
  region: string;
  guildName: string;
  guildRealm: string;
  settings: repo.SettingsRow | undefined;
}

/**
 * A permanent configuration problem: the sync cannot run until an officer fixes it, so the
 * job records it as `skipped` (shown on the integrations page) instead of failing and retrying.
 */
export type ConfigurationProblem = SkippedRun & { skipped: { code: TSyncProblemCode } };

export const configurationProblem = (
  code: TSyncProblemCode,
  reason: string,
  details?: Record<string, unknown>,
): ConfigurationProblem => skipRun(code, reason, details) as ConfigurationProblem;

export const isConfigurationProblem = (x: unknown): x is ConfigurationProblem => isSkippedRun(x);

/** Where the guild is, or the configuration problem that keeps the syncs from knowing. */
export async function syncTarget(
  db: Executor,
  communityId: string,
): Promise<SyncTarget | ConfigurationProblem> {
  const community = await requireCommunity(db, communityId);
  if (community.game !== 'wow')
    return configurationProblem('NOT_WOW', 'only WoW communities sync with WoW services');
  if (!community.region) return configurationProblem('NO_REGION', "set the community's region first");
  const settings = await repo.findSettings(db, communityId);
  const guildRealm = settings?.guildRealm ?? community.realm;
  if (!guildRealm)
    return configurationProblem('NO_REALM', "set the community's realm (or the guild's realm) first");
  return {
    community,
    region: community.region,
    guildName: settings?.guildName ?? community.name,
    guildRealm,
    settings,
  };
}

/** Client id and secret of a provider, or the configuration problem of their absence. */
export async function clientCredentialsOf(
  ctx: AppContext,
  communityId: string,
  provider: 'warcraftlogs' | 'blizzard',
): Promise<{ clientId: string; clientSecret: string } | ConfigurationProblem> {
  const cred = await readCredential(ctx, communityId, provider);
  if (!cred?.clientId || !cred.clientSecret)
    return configurationProblem(
      'NO_CREDENTIALS',
      `store the ${provider} credentials first: PUT /api/v1/communities/${communityId}/credentials/${provider} {"fields":{"clientId":…,"clientSecret":…}}`,
      { provider },
    );
  return { clientId: cred.clientId, clientSecret: cred.clientSecret };
}

/** The realm resolver of a region: the shipped table with the realms refreshed from Blizzard. */
export async function realmResolver(db: Executor, region: string): Promise<RealmResolver> {
  return new RealmResolver(region, await findRefreshedRealms(db, region));
}

// ---------------------------------------------------------------- settings

export async function getIntegrations(ctx: AppContext, communityId: string): Promise<TIntegrations> {
  const [settings, raiderio, warcraftlogs, blizzard, ...syncs] = await Promise.all([
    repo.findSettings(ctx.db, communityId),
    readCredential(ctx, communityId, PROVIDERS.raiderio),
    readCredential(ctx, communityId, PROVIDERS.warcraftlogs),
    readCredential(ctx, communityId, PROVIDERS.blizzard),
    lastSync(ctx, communityId, SYNC_JOBS.raiderio),
    lastSync(ctx, communityId, SYNC_JOBS.warcraftlogs),
    lastSync(ctx, communityId, SYNC_JOBS.blizzard),
  ]);
  return {
    settings: {
      guildName: settings?.guildName ?? null,
      guildRealm: settings?.guildRealm ?? null,
      wclZoneId: settings?.wclZoneId ?? null,
    },
    credentials: { raiderio: !!raiderio, warcraftlogs: !!warcraftlogs, blizzard: !!blizzard },
    currentZone:
      settings?.currentZoneId != null
        ? { id: settings.currentZoneId, name: settings.currentZoneName ?? `#${settings.currentZoneId}` }
        : null,
    battlenetLoginUrl: blizzard
      ? `${ctx.config.PUBLIC_URL?.replace(/\/+$/, '') ?? ''}/auth/battlenet/${communityId}/login`
      : null,
    syncs: { raiderio: syncs[0] ?? null, warcraftlogs: syncs[1] ?? null, blizzard: syncs[2] ?? null },
  };
}

export async function updateIntegrationSettings(
  ctx: AppContext,
  communityId: string,
  patch: TIntegrationSettingsUpdate,
  actor: Actor,
): Promise<TIntegrations> {
  await ctx.db.transaction(async (tx) => {
    await repo.upsertSettings(tx, communityId, patch);
    await recordAudit(tx, {
      communityId,
      actor,
      action: 'integrations.update',
      target: { type: 'community', id: communityId },
      details: patch,
    });
  });
  return getIntegrations(ctx, communityId);
}

export const findSettings = repo.findSettings;
export const saveSettings = repo.upsertSettings;

// ---------------------------------------------------------------- read models

async function requireMember(db: Executor, communityId: string, memberId: string) {
  const member = await getMember(db, communityId, memberId);
  if (!member) throw new AppError('MEMBER_NOT_FOUND', 'member not found');
  return member;
}

/** Monday (UTC) of the week of an instant, `YYYY-MM-DD`. */
export function weekOf(at: Date): string {
  const day = (at.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() - day))
    .toISOString()
    .slice(0, 10);
}

/** Score history, best runs, item level and avatar of a member's characters. */
export async function mythicPlus(db: Executor, communityId: string, memberId: string): Promise<TMythicPlus> {
  const member = await requireMember(db, communityId, memberId);
  const chars = await listMemberCharacters(db, memberId);
  const ids = chars.map((c) => c.id);
  const [scores, runs] = await Promise.all([repo.findScores(db, ids), repo.findBestRuns(db, ids)]);
  const characters = chars.map((c) => {
    const history = scores.filter((s) => s.characterId === c.id);
    const own = runs.filter((r) => r.characterId === c.id);
    const season = own[0]?.season ?? null;
    const weekly = new Map<string, number>();
    for (const s of history) weekly.set(weekOf(s.recordedAt), s.score);
    return {
      characterId: c.id,
      name: c.name,
      isMain: member.mainCharacterId === c.id,
      score: history.at(-1)?.score ?? null,
      itemLevel: c.itemLevel,
      avatarUrl: c.avatarUrl,
      renderUrl: c.renderUrl,
      spec: c.spec,
      role: c.role,
      externalStatus: c.externalStatus,
      season,
      bestRuns: own
        .filter((r) => r.season === season)
        .map((r) => ({
          dungeon: r.dungeon,
          dungeonName: r.dungeonName,
          level: r.level,
          clearTimeMs: r.clearTimeMs,
          parTimeMs: r.parTimeMs,
          upgrades: r.upgrades,
          score: r.score,
          completedAt: r.completedAt.toISOString(),
          url: r.url,
        })),
      history: history.map((s) => ({ score: s.score, source: s.source, at: s.recordedAt.toISOString() })),
      weekly: [...weekly].map(([week, score]) => ({ week, score })),
    };
  });
  characters.sort((a, b) => Number(b.isMain) - Number(a.isMain) || a.name.localeCompare(b.name));
  return { memberId, characters };
}

const zoneOf = (settings: repo.SettingsRow | undefined, zoneId: number | undefined) => {
  const id = zoneId ?? settings?.currentZoneId ?? undefined;
  if (id === undefined) return null;
  return {
    id,
    name: id === settings?.currentZoneId ? (settings.currentZoneName ?? `#${id}`) : `#${id}`,
  };
};

/** Best and median percent per boss and difficulty of a member's characters, with WCL colours. */
export async function memberParses(
  db: Executor,
  communityId: string,
  memberId: string,
  zoneId?: number,
): Promise<TParses> {
  await requireMember(db, communityId, memberId);
  const [chars, settings] = await Promise.all([
    listMemberCharacters(db, memberId),
    repo.findSettings(db, communityId),
  ]);
  const zone = zoneOf(settings, zoneId);
  const names = new Map(chars.map((c) => [c.id, c.name]));
  const rows = await repo.findParses(db, [...names.keys()], zone?.id);
  return {
    memberId,
    zone,
    items: rows
      .map((p) => ({
        characterId: p.characterId,
        characterName: names.get(p.characterId) ?? '?',
        zoneId: p.zoneId,
        encounterId: p.encounterId,
        encounterName: p.encounterName,
        difficulty: p.difficulty,
        bestPercent: p.bestPercent,
        medianPercent: p.medianPercent,
        bestBracket: p.bestPercent === null ? null : parseBracket(p.bestPercent),
        medianBracket: p.medianPercent === null ? null : parseBracket(p.medianPercent),
        kills: p.kills,
        spec: p.spec,
        updatedAt: p.updatedAt.toISOString(),
      }))
      .sort(
        (a, b) =>
          difficultyOrder.indexOf(b.difficulty) - difficultyOrder.indexOf(a.difficulty) ||
          a.encounterId - b.encounterId ||
          a.characterName.localeCompare(b.characterName),
      ),
  };
}

/** Bosses killed per difficulty in the current raid (or another zone). */
export async function raidProgress(
  db: Executor,
  communityId: string,
  zoneId?: number,
): Promise<TRaidProgress> {
  const settings = await repo.findSettings(db, communityId);
  const zone = zoneOf(settings, zoneId);
  if (!zone) return { zone: null, summary: [], bosses: [], updatedAt: null };
  const rows = await repo.findRaidProgress(db, communityId, zone.id);
  if (rows[0]) zone.name = rows[0].zoneName;
  const difficulties = difficultyOrder.filter((d) => rows.some((r) => r.difficulty === d));
  const bosses = new Map<number, TRaidProgress['bosses'][number] & { position: number }>();
  for (const r of rows) {
    const boss = bosses.get(r.encounterId) ?? {
      encounterId: r.encounterId,
      name: r.encounterName,
      position: r.position,
      kills: [],
    };
    boss.kills.push({
      difficulty: r.difficulty,
      killed: r.killed,
      firstKillAt: r.firstKillAt?.toISOString() ?? null,
    });
    bosses.set(r.encounterId, boss);
  }
  const list = [...bosses.values()].sort((a, b) => a.position - b.position);
  for (const b of list)
    b.kills.sort((x, y) => difficultyOrder.indexOf(x.difficulty) - difficultyOrder.indexOf(y.difficulty));
  const updated = rows.reduce<Date | null>((max, r) => (!max || r.updatedAt > max ? r.updatedAt : max), null);
  return {
    zone,
    summary: difficulties.map((difficulty) => ({
      difficulty,
      killed: rows.filter((r) => r.difficulty === difficulty && r.killed).length,
      total: rows.filter((r) => r.difficulty === difficulty).length,
    })),
    bosses: list.map(({ position: _position, ...b }) => b),
    updatedAt: updated?.toISOString() ?? null,
  };
}

export interface WclPresence {
  present: number;
  bench: number;
  /** Logged raid nights in the window. */
  nights: number;
}

/**
 * Adds each member's Warcraft Logs presence (present, benched, out of how many logged nights)
 * to the addon-based attendance, over the same window; null when the guild logged nothing there.
 */
export async function withWclAttendance<
  T extends { from: string; to: string; items: { memberId: string }[] },
>(
  db: Executor,
  communityId: string,
  attendance: T,
): Promise<T & { items: (T['items'][number] & { wcl: WclPresence | null })[] }> {
  const from = new Date(attendance.from);
  const to = new Date(attendance.to);
  const [reports, rows] = await Promise.all([
    repo.findReports(db, communityId, from, to),
    repo.findAttendance(db, communityId, from, to),
  ]);
  const nights = reports.length;
  const byMember = new Map<string, WclPresence>();
  for (const r of rows) {
    if (!r.memberId) continue;
    const p = byMember.get(r.memberId) ?? { present: 0, bench: 0, nights };
    if (r.presence === 2) p.bench += 1;
    else p.present += 1;
    byMember.set(r.memberId, p);
  }
  return {
    ...attendance,
    items: attendance.items.map((i) => ({
      ...i,
      wcl: nights ? (byMember.get(i.memberId) ?? { present: 0, bench: 0, nights }) : null,
    })),
  };
}

/** Who was present or benched in the guild's logged raid nights. */
export async function wclAttendance(
  db: Executor,
  communityId: string,
  query: { weeks: number; limit: number; offset: number },
): Promise<TWclAttendance> {
  // The window ends at the latest logged night: a guild that paused logging still shows its last weeks.
  const now = new Date((await repo.findLatestReportStart(db, communityId))?.getTime() ?? Date.now());
  const from = new Date(now.getTime() - query.weeks * 7 * DAY_MS);
  const [reports, rows] = await Promise.all([
    repo.findReports(db, communityId, from, now),
    repo.findAttendance(db, communityId, from, now),
  ]);
  const byPlayer = new Map<
    string,
    {
      memberId: string | null;
      characterId: string | null;
      name: string;
      class: string | null;
      present: number;
      bench: number;
    }
  >();
  for (const r of rows) {
    const key = r.memberId ?? `name:${r.nameKey}`;
    const p = byPlayer.get(key) ?? {
      memberId: r.memberId,
      characterId: r.characterId,
      name: r.name,
      class: r.className,
      present: 0,
      bench: 0,
    };
    if (r.presence === 2) p.bench += 1;
    else p.present += 1;
    byPlayer.set(key, p);
  }
  const nights = reports.length;
  const items = [...byPlayer.values()]
    .map((p) => ({ ...p, share: nights ? Math.min(1, (p.present + p.bench) / nights) : null }))
    .sort((a, b) => (b.share ?? 0) - (a.share ?? 0) || b.present - a.present || a.name.localeCompare(b.name));
  return {
    items: items.slice(query.offset, query.offset + query.limit),
    total: items.length,
    from: from.toISOString(),
    to: now.toISOString(),
    reports: reports.map((r) => ({
      code: r.code,
      title: r.title,
      startTime: r.startTime.toISOString(),
      zone: r.zoneName,
    })),
  };
}

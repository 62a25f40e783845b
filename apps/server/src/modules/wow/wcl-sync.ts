import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../../core/context';
import type { JobProgress } from '../../core/queue';
import { recordActivityEvents } from '../activity';
import { foldName, type KnownCharacter, loadCommunityCharacters, saveCharacterEnrichment } from '../members';
import { queueAlertsForEvents } from '../notify';
import { splitCharacterName } from './clients/slug';
import { createWclClient, type Difficulty, type WclClient, type WclParse } from './clients/warcraftlogs';
import * as repo from './integrations.repo';
import {
  type ConfigurationProblem,
  clientCredentialsOf,
  configurationProblem,
  httpDeps,
  isConfigurationProblem,
  realmResolver,
  syncTarget,
} from './integrations.service';
import type { RealmResolver } from './realms';
import { activeCharacters, emptyReport, type SyncReport, syncEach } from './sync-batch';

const difficultyRank: Record<Difficulty, number> = { lfr: 0, normal: 1, heroic: 2, mythic: 3 };
const CONCURRENCY = 3;

export interface WclSyncReport extends SyncReport {
  reports: number;
  attendance: number;
  zone: { id: number; name: string } | null;
  newKills: number;
}

/** The character of the community a bare logged name (WCL gives no realm) belongs to. */
function matcher(characters: KnownCharacter[], guildRealm: string, realms: RealmResolver) {
  const byName = new Map<string, KnownCharacter[]>();
  for (const c of characters) {
    const key = foldName(splitCharacterName(c.name, c.realm).name);
    byName.set(key, [...(byName.get(key) ?? []), c]);
  }
  const home = realms.slug(guildRealm);
  return (name: string): KnownCharacter | undefined => {
    const found = byName.get(foldName(name)) ?? [];
    if (found.length === 1) return found[0];
    const onHome = found.filter((c) => realms.slug(c.realm) === home);
    return onHome.length === 1 ? onHome[0] : undefined;
  };
}

/**
 * Warcraft Logs sync of one community: the guild's recent reports and attendance (present
 * or bench), its progress in the current raid (first kills become alerts), then each
 * active character's best and median percent per boss and difficulty. Guild data is
 * fetched whole before anything is written, and written in one transaction; characters
 * are written one transaction each.
 */
export async function runWclSync(
  ctx: AppContext,
  communityId: string,
  log?: FastifyBaseLogger,
  progress?: (p: JobProgress) => void,
): Promise<WclSyncReport | ConfigurationProblem> {
  const target = await syncTarget(ctx.db, communityId);
  if (isConfigurationProblem(target)) return target;
  const cred = await clientCredentialsOf(ctx, communityId, 'warcraftlogs');
  if (isConfigurationProblem(cred)) return cred;
  const client = createWclClient({ ...httpDeps(ctx), baseUrl: ctx.config.WCL_BASE_URL, ...cred });
  const realms = await realmResolver(ctx.db, target.region);

  // Network first: a failure here leaves the stored data exactly as it was.
  const home = realms.resolve(target.guildRealm);
  const guild = await client.guild(target.region, home.slug, target.guildName);
  if (!guild)
    return home.kind === 'guessed'
      ? configurationProblem(
          'UNKNOWN_REALM',
          `the realm "${target.guildRealm}" is in no realm table of ${target.region.toUpperCase()} and Warcraft Logs found no guild on "${home.slug}": check the guild's realm`,
          { realmGuessed: [target.guildRealm] },
        )
      : configurationProblem(
          'GUILD_NOT_FOUND',
          `Warcraft Logs has no guild "${target.guildName}" on ${target.region.toUpperCase()}-${home.slug}: check the guild's name`,
        );
  const reports = await client.reports(guild.id);
  const zoneId =
    target.settings?.wclZoneId ??
    [...reports]
      .sort((a, b) => b.startTime.getTime() - a.startTime.getTime())
      .find((r) => r.zone && r.kills.length)?.zone?.id ??
    guild.attendance.find((a) => a.zone)?.zone?.id ??
    null;
  const zone = zoneId === null ? null : await client.zone(zoneId);

  const all = await loadCommunityCharacters(ctx.db, communityId);
  const match = matcher(all, target.guildRealm, realms);
  const attendanceRows = guild.attendance.flatMap((night) =>
    night.players.map((p) => {
      const c = match(p.name);
      return {
        communityId,
        reportCode: night.code,
        nameKey: foldName(p.name),
        name: c?.name ?? p.name,
        className: p.className,
        presence: p.presence,
        characterId: c?.id ?? null,
        memberId: c?.memberId ?? null,
        startTime: night.startTime,
      };
    }),
  );
  // The same player twice in one night (two characters folding alike) keeps the best presence.
  const unique = new Map<string, (typeof attendanceRows)[number]>();
  for (const row of attendanceRows) {
    const key = `${row.reportCode}:${row.nameKey}`;
    const seen = unique.get(key);
    if (!seen || row.presence === 1) unique.set(key, row);
  }

  let newKills = 0;
  await ctx.db.transaction(async (tx) => {
    await repo.upsertSettings(tx, communityId, {
      wclGuildId: guild.id,
      ...(zone ? { currentZoneId: zone.id, currentZoneName: zone.name } : {}),
    });
    const reportRows = new Map<string, Parameters<typeof repo.upsertReports>[1][number]>();
    for (const night of guild.attendance)
      reportRows.set(night.code, {
        communityId,
        code: night.code,
        title: null,
        startTime: night.startTime,
        endTime: null,
        zoneId: night.zone?.id ?? null,
        zoneName: night.zone?.name ?? null,
      });
    for (const r of reports)
      reportRows.set(r.code, {
        communityId,
        code: r.code,
        title: r.title,
        startTime: r.startTime,
        endTime: r.endTime,
        zoneId: r.zone?.id ?? null,
        zoneName: r.zone?.name ?? null,
      });
    await repo.upsertReports(tx, [...reportRows.values()]);
    await repo.upsertAttendance(tx, [...unique.values()]);
    if (!zone) return;

    const encounters = new Set(zone.encounters.map((e) => e.id));
    const firstKill = new Map<string, Date>();
    for (const k of reports.flatMap((r) => r.kills)) {
      if (!encounters.has(k.encounterId)) continue;
      const key = `${k.encounterId}:${k.difficulty}`;
      const seen = firstKill.get(key);
      if (!seen || k.at < seen) firstKill.set(key, k.at);
    }
    const before = await repo.findRaidProgress(tx, communityId, zone.id);
    const killedBefore = new Set(
      before.filter((r) => r.killed).map((r) => `${r.encounterId}:${r.difficulty}`),
    );
    const now = new Date();
    const rows = zone.encounters.flatMap((e, position) =>
      zone.difficulties.map((difficulty) => {
        const at = firstKill.get(`${e.id}:${difficulty}`) ?? null;
        return {
          communityId,
          zoneId: zone.id,
          encounterId: e.id,
          difficulty,
          zoneName: zone.name,
          encounterName: e.name,
          position,
          killed: at !== null,
          firstKillAt: at,
          updatedAt: now,
        };
      }),
    );
    await repo.upsertRaidProgress(tx, rows);
    // On the first sync of a raid every old kill is "new": only later kills are news.
    if (before.length === 0) return;
    const fresh = rows.filter((r) => r.killed && !killedBefore.has(`${r.encounterId}:${r.difficulty}`));
    newKills = fresh.length;
    if (fresh.length === 0) return;
    const recorded = await recordActivityEvents(
      tx,
      fresh.map((r) => ({
        communityId,
        memberId: null,
        characterId: null,
        kind: 'boss_kill' as const,
        data: {
          boss: r.encounterName,
          difficulty: r.difficulty,
          zone: r.zoneName,
          zoneId: r.zoneId,
          encounterId: r.encounterId,
        },
        at: r.firstKillAt ?? now,
      })),
    );
    await queueAlertsForEvents(tx, target.community, recorded);
  });

  const report: WclSyncReport = {
    ...emptyReport(0),
    reports: new Set([...reports.map((r) => r.code), ...guild.attendance.map((a) => a.code)]).size,
    attendance: unique.size,
    zone: zone ? { id: zone.id, name: zone.name } : null,
    newKills,
  };
  await syncParses(
    ctx,
    communityId,
    client,
    { region: target.region, realms },
    activeCharacters(all),
    zone?.id ?? null,
    report,
    log,
    progress,
  );
  report.realmGuessed = [...realms.guessed].sort();
  return report;
}

/** Characters worth a rankings query: those at the community's highest level (or unknown level). */
function raiders(characters: KnownCharacter[]): KnownCharacter[] {
  const top = Math.max(0, ...characters.map((c) => c.level ?? 0));
  return characters.filter((c) => c.level === null || c.level >= top);
}

async function syncParses(
  ctx: AppContext,
  communityId: string,
  client: WclClient,
  where: { region: string; realms: RealmResolver },
  characters: KnownCharacter[],
  zoneId: number | null,
  report: WclSyncReport,
  log?: FastifyBaseLogger,
  progress?: (p: JobProgress) => void,
): Promise<void> {
  const list = raiders(characters);
  report.characters = list.length;
  await syncEach(
    list,
    report,
    { what: 'warcraft logs sync', concurrency: CONCURRENCY, log, ...(progress ? { progress } : {}) },
    async (c) => {
      const { name, realm } = splitCharacterName(c.name, c.realm);
      const resolved = where.realms.resolve(realm);
      const parses = await client.characterParses(where.region, resolved.slug, name, zoneId);
      // On a guessed realm a miss may be the slug's fault, not the character's.
      if (!parses) return resolved.kind === 'guessed' ? 'skipped' : 'not_found';
      await storeParses(ctx, communityId, c, parses);
      return 'synced';
    },
  );
}

async function storeParses(
  ctx: AppContext,
  communityId: string,
  c: KnownCharacter,
  parses: WclParse[],
): Promise<void> {
  const now = new Date();
  const top = parses.reduce<Difficulty | null>(
    (best, p) =>
      p.bestPercent !== null && (!best || difficultyRank[p.difficulty] > difficultyRank[best])
        ? p.difficulty
        : best,
    null,
  );
  const best = parses
    .filter((p) => p.difficulty === top && p.bestPercent !== null)
    .reduce<number | null>((max, p) => (max === null || p.bestPercent! > max ? p.bestPercent : max), null);
  await ctx.db.transaction(async (tx) => {
    await repo.upsertParses(
      tx,
      parses.map((p) => ({
        characterId: c.id,
        communityId,
        zoneId: p.zoneId,
        encounterId: p.encounterId,
        difficulty: p.difficulty,
        encounterName: p.encounterName,
        bestPercent: p.bestPercent,
        medianPercent: p.medianPercent,
        kills: p.kills,
        spec: p.spec,
        updatedAt: now,
      })),
    );
    await saveCharacterEnrichment(tx, [{ id: c.id, bestParse: best }]);
  });
}

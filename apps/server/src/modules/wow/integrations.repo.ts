import { and, asc, desc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { Executor } from '../../core/db';
import { takeIncoming } from '../../core/db/excluded';
import {
  bestRuns,
  integrationSettings,
  parses,
  raidProgress,
  wclAttendance,
  wclReports,
} from './integrations.tables';
import { characterScores } from './wow.tables';

export type SettingsRow = typeof integrationSettings.$inferSelect;
export type BestRunRow = typeof bestRuns.$inferSelect;
export type ParseRow = typeof parses.$inferSelect;
export type RaidProgressRow = typeof raidProgress.$inferSelect;
export type ScoreRow = typeof characterScores.$inferSelect;

export async function findSettings(db: Executor, communityId: string): Promise<SettingsRow | undefined> {
  const [row] = await db
    .select()
    .from(integrationSettings)
    .where(eq(integrationSettings.communityId, communityId));
  return row;
}

export async function upsertSettings(
  db: Executor,
  communityId: string,
  values: Partial<Omit<typeof integrationSettings.$inferInsert, 'communityId'>>,
): Promise<SettingsRow> {
  const [row] = await db
    .insert(integrationSettings)
    .values({ communityId, ...values, updatedAt: new Date() })
    .onConflictDoUpdate({
      target: integrationSettings.communityId,
      set: { ...values, updatedAt: new Date() },
    })
    .returning();
  return row!;
}

/** Each character's latest score (any source): history rows are written only when it changes. */
export async function findLatestScores(db: Executor, characterIds: string[]): Promise<Map<string, number>> {
  if (characterIds.length === 0) return new Map();
  const rows = await db
    .selectDistinctOn([characterScores.characterId], {
      characterId: characterScores.characterId,
      score: characterScores.score,
    })
    .from(characterScores)
    .where(inArray(characterScores.characterId, characterIds))
    .orderBy(characterScores.characterId, desc(characterScores.recordedAt), desc(characterScores.id));
  return new Map(rows.map((r) => [r.characterId, r.score]));
}

export async function findScores(db: Executor, characterIds: string[]): Promise<ScoreRow[]> {
  if (characterIds.length === 0) return [];
  return db
    .select()
    .from(characterScores)
    .where(inArray(characterScores.characterId, characterIds))
    .orderBy(asc(characterScores.recordedAt), asc(characterScores.id));
}

export async function upsertBestRuns(db: Executor, rows: (typeof bestRuns.$inferInsert)[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insert(bestRuns)
    .values(rows)
    .onConflictDoUpdate({
      target: [bestRuns.characterId, bestRuns.season, bestRuns.dungeon],
      set: takeIncoming(bestRuns, [
        'dungeonName',
        'level',
        'clearTimeMs',
        'parTimeMs',
        'upgrades',
        'score',
        'completedAt',
        'url',
        'updatedAt',
      ]),
    });
}

/** A character's best runs of its latest synced season. */
export async function findBestRuns(db: Executor, characterIds: string[]): Promise<BestRunRow[]> {
  if (characterIds.length === 0) return [];
  return db
    .select()
    .from(bestRuns)
    .where(inArray(bestRuns.characterId, characterIds))
    .orderBy(asc(bestRuns.characterId), desc(bestRuns.season), asc(bestRuns.dungeon));
}

export async function upsertParses(db: Executor, rows: (typeof parses.$inferInsert)[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insert(parses)
    .values(rows)
    .onConflictDoUpdate({
      target: [parses.characterId, parses.zoneId, parses.encounterId, parses.difficulty],
      set: takeIncoming(parses, [
        'encounterName',
        'bestPercent',
        'medianPercent',
        'kills',
        'spec',
        'updatedAt',
      ]),
    });
}

export async function findParses(db: Executor, characterIds: string[], zoneId?: number): Promise<ParseRow[]> {
  if (characterIds.length === 0) return [];
  return db
    .select()
    .from(parses)
    .where(
      and(
        inArray(parses.characterId, characterIds),
        zoneId === undefined ? undefined : eq(parses.zoneId, zoneId),
      ),
    )
    .orderBy(asc(parses.zoneId), asc(parses.encounterId), asc(parses.difficulty));
}

export async function upsertReports(db: Executor, rows: (typeof wclReports.$inferInsert)[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insert(wclReports)
    .values(rows)
    .onConflictDoUpdate({
      target: [wclReports.communityId, wclReports.code],
      set: {
        title: sql`coalesce(excluded.title, ${wclReports.title})`,
        startTime: sql`excluded.start_time`,
        endTime: sql`coalesce(excluded.end_time, ${wclReports.endTime})`,
        zoneId: sql`coalesce(excluded.zone_id, ${wclReports.zoneId})`,
        zoneName: sql`coalesce(excluded.zone_name, ${wclReports.zoneName})`,
      },
    });
}

export async function upsertAttendance(
  db: Executor,
  rows: (typeof wclAttendance.$inferInsert)[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    await db
      .insert(wclAttendance)
      .values(rows.slice(i, i + 1000))
      .onConflictDoUpdate({
        target: [wclAttendance.communityId, wclAttendance.reportCode, wclAttendance.nameKey],
        set: takeIncoming(wclAttendance, [
          'name',
          'className',
          'presence',
          'characterId',
          'memberId',
          'startTime',
        ]),
      });
  }
}

export async function findReports(db: Executor, communityId: string, from: Date, to: Date) {
  return db
    .select()
    .from(wclReports)
    .where(
      and(
        eq(wclReports.communityId, communityId),
        gte(wclReports.startTime, from),
        lte(wclReports.startTime, to),
      ),
    )
    .orderBy(desc(wclReports.startTime));
}

export async function findLatestReportStart(db: Executor, communityId: string): Promise<Date | null> {
  const [row] = await db
    .select({ at: wclReports.startTime })
    .from(wclReports)
    .where(eq(wclReports.communityId, communityId))
    .orderBy(desc(wclReports.startTime))
    .limit(1);
  return row?.at ?? null;
}

export async function findAttendance(db: Executor, communityId: string, from: Date, to: Date) {
  return db
    .select()
    .from(wclAttendance)
    .where(
      and(
        eq(wclAttendance.communityId, communityId),
        gte(wclAttendance.startTime, from),
        lte(wclAttendance.startTime, to),
      ),
    );
}

export async function findRaidProgress(db: Executor, communityId: string, zoneId: number) {
  return db
    .select()
    .from(raidProgress)
    .where(and(eq(raidProgress.communityId, communityId), eq(raidProgress.zoneId, zoneId)))
    .orderBy(asc(raidProgress.position), asc(raidProgress.difficulty));
}

export async function upsertRaidProgress(
  db: Executor,
  rows: (typeof raidProgress.$inferInsert)[],
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insert(raidProgress)
    .values(rows)
    .onConflictDoUpdate({
      target: [
        raidProgress.communityId,
        raidProgress.zoneId,
        raidProgress.encounterId,
        raidProgress.difficulty,
      ],
      set: {
        ...takeIncoming(raidProgress, ['zoneName', 'encounterName', 'position', 'updatedAt']),
        // A kill is never undone, and the first kill keeps its date.
        killed: sql`${raidProgress.killed} or excluded.killed`,
        firstKillAt: sql`least(${raidProgress.firstKillAt}, excluded.first_kill_at)`,
      },
    });
}

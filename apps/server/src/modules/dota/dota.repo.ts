import { and, desc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Executor } from '../../core/db';
import { memberships } from '../access/access.tables';
import { linkedAccounts } from '../identity/identity.tables';
import type { DailyUsage } from './clients/opendota';
import {
  dotaApiUsage,
  dotaHeroes,
  dotaIngestState,
  dotaPlayerCursors,
  dotaPlayerMatches,
} from './dota.tables';
import type { DotaHero, DotaPlayerMatch } from './types';

/** The persisted OpenDota day count: one row per budget and UTC day, changed atomically. */
export function dailyUsageStore(db: Executor): DailyUsage {
  return {
    async reserve(key, limit) {
      const rows = await db
        .insert(dotaApiUsage)
        .values({ key, calls: 1 })
        .onConflictDoUpdate({
          target: dotaApiUsage.key,
          set: { calls: sql`${dotaApiUsage.calls} + 1`, updatedAt: new Date() },
          setWhere: and(lt(dotaApiUsage.calls, limit), eq(dotaApiUsage.exhausted, false)),
        })
        .returning({ calls: dotaApiUsage.calls });
      return rows.length > 0 && (rows[0]?.calls ?? 0) <= limit;
    },
    async sync(key, used) {
      await db
        .insert(dotaApiUsage)
        .values({ key, calls: used })
        .onConflictDoUpdate({
          target: dotaApiUsage.key,
          set: { calls: sql`greatest(${dotaApiUsage.calls}, ${used})`, updatedAt: new Date() },
        });
    },
    async exhaust(key) {
      await db
        .insert(dotaApiUsage)
        .values({ key, exhausted: true })
        .onConflictDoUpdate({ target: dotaApiUsage.key, set: { exhausted: true, updatedAt: new Date() } });
    },
    async release(key) {
      await db
        .update(dotaApiUsage)
        .set({ calls: sql`greatest(${dotaApiUsage.calls} - 1, 0)` })
        .where(eq(dotaApiUsage.key, key));
    },
    async used(key) {
      const [row] = await db.select().from(dotaApiUsage).where(eq(dotaApiUsage.key, key));
      return { calls: row?.calls ?? 0, exhausted: row?.exhausted ?? false };
    },
  };
}

// ---- Heroes ----

export async function selectHeroes(db: Executor): Promise<DotaHero[]> {
  const rows = await db.select().from(dotaHeroes).orderBy(dotaHeroes.id);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    localizedName: r.localizedName,
    primaryAttr: r.primaryAttr,
    attackType: r.attackType,
    roles: r.roles,
  }));
}

/** Inserts or replaces heroes by id; `onlyMissing` keeps rows already there (the first seed). */
export async function upsertHeroes(db: Executor, heroes: readonly DotaHero[], onlyMissing = false) {
  if (heroes.length === 0) return;
  const values = heroes.map((h) => ({ ...h, roles: [...h.roles], updatedAt: new Date() }));
  const insert = db.insert(dotaHeroes).values(values);
  if (onlyMissing) await insert.onConflictDoNothing();
  else
    await insert.onConflictDoUpdate({
      target: dotaHeroes.id,
      set: {
        name: sql`excluded.name`,
        localizedName: sql`excluded.localized_name`,
        primaryAttr: sql`excluded.primary_attr`,
        attackType: sql`excluded.attack_type`,
        roles: sql`excluded.roles`,
        updatedAt: sql`excluded.updated_at`,
      },
    });
}

// ---- Ingestion cursors ----

export type IngestState = typeof dotaIngestState.$inferSelect;

export async function readIngestState(db: Executor, communityId: string): Promise<IngestState | undefined> {
  const [row] = await db.select().from(dotaIngestState).where(eq(dotaIngestState.communityId, communityId));
  return row;
}

export async function writeIngestState(db: Executor, state: Omit<IngestState, 'updatedAt'>): Promise<void> {
  const values = { ...state, updatedAt: new Date() };
  await db
    .insert(dotaIngestState)
    .values(values)
    .onConflictDoUpdate({ target: dotaIngestState.communityId, set: values });
}

// ---- Linked players ----

/** The 64-bit SteamIDs linked by the community's members. */
export async function memberSteamIds(db: Executor, communityId: string): Promise<string[]> {
  const rows = await db
    .select({ steamId: linkedAccounts.providerAccountId })
    .from(linkedAccounts)
    .innerJoin(memberships, eq(memberships.userId, linkedAccounts.userId))
    .where(and(eq(memberships.communityId, communityId), eq(linkedAccounts.provider, 'steam')))
    .orderBy(linkedAccounts.providerAccountId);
  return rows.map((r) => r.steamId);
}

export async function readPlayerCursor(db: Executor, communityId: string, accountId: number) {
  const [row] = await db
    .select()
    .from(dotaPlayerCursors)
    .where(and(eq(dotaPlayerCursors.communityId, communityId), eq(dotaPlayerCursors.accountId, accountId)));
  return row;
}

export async function writePlayerCursor(
  db: Executor,
  row: { communityId: string; accountId: number; fetchedAt: Date; newestMatchId: number | null },
) {
  await db
    .insert(dotaPlayerCursors)
    .values(row)
    .onConflictDoUpdate({
      target: [dotaPlayerCursors.communityId, dotaPlayerCursors.accountId],
      set: { fetchedAt: row.fetchedAt, newestMatchId: row.newestMatchId },
    });
}

/** Stores player matches; ones already stored keep their row (and any draft). Answers how many were new. */
export async function insertPlayerMatches(
  db: Executor,
  communityId: string,
  rows: readonly (Omit<DotaPlayerMatch, 'radiant' | 'dire'> & { duration: number })[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await db
    .insert(dotaPlayerMatches)
    .values(rows.map((r) => ({ ...r, communityId })))
    .onConflictDoNothing()
    .returning({ matchId: dotaPlayerMatches.matchId });
  return inserted.length;
}

/** Match ids of the community's player matches still without a draft, newest first. */
export async function matchesWithoutDraft(
  db: Executor,
  communityId: string,
  limit: number,
): Promise<number[]> {
  const rows = await db
    .selectDistinct({ matchId: dotaPlayerMatches.matchId })
    .from(dotaPlayerMatches)
    .where(
      and(
        eq(dotaPlayerMatches.communityId, communityId),
        isNull(dotaPlayerMatches.radiant),
        eq(dotaPlayerMatches.draftMissing, false),
      ),
    )
    .orderBy(desc(dotaPlayerMatches.matchId))
    .limit(limit);
  return rows.map((r) => r.matchId);
}

export async function setDraft(
  db: Executor,
  communityId: string,
  matchId: number,
  draft: { radiant: number[]; dire: number[] } | null,
) {
  await db
    .update(dotaPlayerMatches)
    .set(draft ? { radiant: draft.radiant, dire: draft.dire } : { draftMissing: true })
    .where(and(eq(dotaPlayerMatches.communityId, communityId), eq(dotaPlayerMatches.matchId, matchId)));
}

export async function selectPlayerMatches(
  db: Executor,
  communityId: string,
  q: { accountId?: number; accountIds?: number[]; limit: number },
): Promise<DotaPlayerMatch[]> {
  const where = [eq(dotaPlayerMatches.communityId, communityId)];
  if (q.accountId !== undefined) where.push(eq(dotaPlayerMatches.accountId, q.accountId));
  if (q.accountIds) where.push(inArray(dotaPlayerMatches.accountId, q.accountIds));
  const rows = await db
    .select()
    .from(dotaPlayerMatches)
    .where(and(...where))
    .orderBy(desc(dotaPlayerMatches.matchId))
    .limit(q.limit);
  return rows.map((r) => ({
    accountId: r.accountId,
    matchId: r.matchId,
    heroId: r.heroId,
    isRadiant: r.isRadiant,
    radiantWin: r.radiantWin,
    radiant: r.radiant,
    dire: r.dire,
    startTime: r.startTime,
    patch: r.patch,
  }));
}

export type PlayerMatchRow = typeof dotaPlayerMatches.$inferSelect;

/** One account's stored matches, newest first (for `listMatches`). */
export async function selectAccountMatches(
  db: Executor,
  communityId: string,
  q: { accountId: number; heroId?: number; beforeMatchId?: number; limit: number },
): Promise<PlayerMatchRow[]> {
  const where = [
    eq(dotaPlayerMatches.communityId, communityId),
    eq(dotaPlayerMatches.accountId, q.accountId),
  ];
  if (q.beforeMatchId !== undefined) where.push(lt(dotaPlayerMatches.matchId, q.beforeMatchId));
  if (q.heroId !== undefined) {
    const h = q.heroId;
    const inDraft = or(
      eq(dotaPlayerMatches.heroId, h),
      sql`${h} = any(${dotaPlayerMatches.radiant})`,
      sql`${h} = any(${dotaPlayerMatches.dire})`,
    );
    if (inDraft) where.push(inDraft);
  }
  return db
    .select()
    .from(dotaPlayerMatches)
    .where(and(...where))
    .orderBy(desc(dotaPlayerMatches.matchId))
    .limit(q.limit);
}

/** Arbitrary constants: the advisory lock namespaces of a community's match writes and ingestion runs. */
const MATCH_WRITE_LOCK = 7_301_155;
const INGEST_LOCK = 7_301_156;

/** Runs `fn` holding the community's match-write lock (PostgreSQL: across processes). */
export function withMatchWriteLock<T>(db: Executor, communityId: string, fn: () => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${MATCH_WRITE_LOCK}, hashtext(${communityId}))`);
    return fn();
  });
}

/** Runs `fn` holding the match-write lock if no one else holds it; `held: false` (fn not run) otherwise. */
export function tryMatchWriteLock<T>(
  db: Executor,
  communityId: string,
  fn: () => Promise<T>,
): Promise<{ held: true; value: T } | { held: false }> {
  return db.transaction(async (tx) => {
    const rows = (await tx.execute(
      sql`select pg_try_advisory_xact_lock(${MATCH_WRITE_LOCK}, hashtext(${communityId})) as ok`,
    )) as unknown as { rows?: { ok: boolean }[] } | { ok: boolean }[];
    const list = Array.isArray(rows) ? rows : (rows.rows ?? []);
    return list[0]?.ok ? { held: true as const, value: await fn() } : { held: false as const };
  });
}

/** Runs `fn` unless another process ingests the community right now; null then. */
export function tryIngestLock<T>(db: Executor, communityId: string, fn: () => Promise<T>): Promise<T | null> {
  return db.transaction(async (tx) => {
    const rows = (await tx.execute(
      sql`select pg_try_advisory_xact_lock(${INGEST_LOCK}, hashtext(${communityId})) as ok`,
    )) as unknown as { rows?: { ok: boolean }[] } | { ok: boolean }[];
    const list = Array.isArray(rows) ? rows : (rows.rows ?? []);
    return list[0]?.ok ? fn() : null;
  });
}

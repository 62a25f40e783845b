import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../core/db';
import { events } from './events.tables';
import { championshipEvents, championshipStandings, championships, eventResults } from './results.tables';

export type ChampionshipRow = typeof championships.$inferSelect;
export type ResultRow = typeof eventResults.$inferSelect;
export type StandingRowDb = typeof championshipStandings.$inferSelect;

export async function findChampionship(db: Executor, communityId: string, id: string, forUpdate = false) {
  const q = db
    .select()
    .from(championships)
    .where(and(eq(championships.communityId, communityId), eq(championships.id, id)));
  const [row] = forUpdate ? await q.for('update') : await q;
  return row;
}

export async function listChampionships(db: Executor, communityId: string) {
  return db
    .select()
    .from(championships)
    .where(eq(championships.communityId, communityId))
    .orderBy(asc(championships.season), asc(championships.name));
}

export async function insertChampionship(db: Executor, values: typeof championships.$inferInsert) {
  const [row] = await db.insert(championships).values(values).returning();
  return row!;
}

export async function updateChampionship(
  db: Executor,
  id: string,
  values: Pick<ChampionshipRow, 'name' | 'season' | 'pointsSystem'>,
) {
  const [row] = await db
    .update(championships)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(championships.id, id))
    .returning();
  return row!;
}

/** Event ids of each championship, in start order. */
export async function eventIdsOf(db: Executor, championshipIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(championshipIds.map((id) => [id, []]));
  if (championshipIds.length === 0) return out;
  const rows = await db
    .select({ championshipId: championshipEvents.championshipId, eventId: championshipEvents.eventId })
    .from(championshipEvents)
    .innerJoin(events, eq(events.id, championshipEvents.eventId))
    .where(inArray(championshipEvents.championshipId, championshipIds))
    .orderBy(asc(events.startsAt), asc(events.id));
  for (const r of rows) out.get(r.championshipId)!.push(r.eventId);
  return out;
}

export async function findEvent(db: Executor, communityId: string, eventId: string) {
  const [row] = await db
    .select({ id: events.id, communityId: events.communityId })
    .from(events)
    .where(and(eq(events.communityId, communityId), eq(events.id, eventId)));
  return row;
}

export async function championshipOfEvent(db: Executor, eventId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ championshipId: championshipEvents.championshipId })
    .from(championshipEvents)
    .where(eq(championshipEvents.eventId, eventId));
  return row?.championshipId;
}

export async function setEventChampionship(db: Executor, eventId: string, championshipId: string) {
  await db
    .insert(championshipEvents)
    .values({ eventId, championshipId })
    .onConflictDoUpdate({ target: championshipEvents.eventId, set: { championshipId } });
}

export async function resultsOf(db: Executor, eventId: string): Promise<ResultRow[]> {
  return db
    .select()
    .from(eventResults)
    .where(eq(eventResults.eventId, eventId))
    .orderBy(asc(eventResults.classifiedPosition), asc(eventResults.position), asc(eventResults.displayName));
}

export async function replaceResults(
  db: Executor,
  eventId: string,
  rows: (typeof eventResults.$inferInsert)[],
) {
  await db.delete(eventResults).where(eq(eventResults.eventId, eventId));
  if (rows.length > 0) await db.insert(eventResults).values(rows);
}

export async function standingsOf(db: Executor, championshipId: string): Promise<StandingRowDb[]> {
  return db
    .select()
    .from(championshipStandings)
    .where(eq(championshipStandings.championshipId, championshipId))
    .orderBy(asc(championshipStandings.position), asc(championshipStandings.displayName));
}

export async function replaceStandings(
  db: Executor,
  championshipId: string,
  rows: (typeof championshipStandings.$inferInsert)[],
) {
  await db.delete(championshipStandings).where(eq(championshipStandings.championshipId, championshipId));
  if (rows.length > 0) await db.insert(championshipStandings).values(rows);
}

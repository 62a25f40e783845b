import { and, asc, count, eq, gte, ilike, lte, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../core/db';
import { type EventStatus, events } from './events.tables';

export type EventRow = typeof events.$inferSelect;
export type EventInsert = typeof events.$inferInsert;

export async function insertEvent(db: Executor, values: EventInsert): Promise<EventRow> {
  const [row] = await db.insert(events).values(values).returning();
  return row!;
}

export async function findEvent(
  db: Executor,
  communityId: string,
  id: string,
): Promise<EventRow | undefined> {
  const [row] = await db
    .select()
    .from(events)
    .where(and(eq(events.communityId, communityId), eq(events.id, id)));
  return row;
}

/**
 * Takes the event's row lock until the transaction ends: every sign-up, withdrawal and edit
 * of one event queues here, which is what keeps seats from being handed out twice.
 */
export async function lockEvent(
  tx: Executor,
  communityId: string,
  id: string,
): Promise<EventRow | undefined> {
  const [row] = await tx
    .select()
    .from(events)
    .where(and(eq(events.communityId, communityId), eq(events.id, id)))
    .for('update');
  return row;
}

export async function findEventById(db: Executor, id: string): Promise<EventRow | undefined> {
  const [row] = await db.select().from(events).where(eq(events.id, id));
  return row;
}

export async function titleTaken(db: Executor, communityId: string, title: string, exceptId?: string) {
  const [row] = await db
    .select({ id: events.id })
    .from(events)
    .where(and(eq(events.communityId, communityId), sql`lower(${events.title}) = lower(${title})`));
  return !!row && row.id !== exceptId;
}

export interface EventFilter {
  q?: string;
  from?: Date;
  to?: Date;
  status?: EventStatus;
  limit: number;
  offset: number;
}

export async function findEvents(
  db: Executor,
  communityId: string,
  f: EventFilter,
): Promise<{ rows: EventRow[]; total: number }> {
  const where: SQL[] = [eq(events.communityId, communityId)];
  if (f.q) where.push(ilike(events.title, `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
  if (f.from) where.push(gte(events.startsAt, f.from));
  if (f.to) where.push(lte(events.startsAt, f.to));
  if (f.status) where.push(eq(events.status, f.status));
  const cond = and(...where);
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(events)
      .where(cond)
      .orderBy(asc(events.startsAt), asc(events.id))
      .limit(f.limit)
      .offset(f.offset),
    db.select({ n: count() }).from(events).where(cond),
  ]);
  return { rows, total: total?.n ?? 0 };
}

/** Writes a change only if the row is still at `expectedVersion`; bumps the version. */
export async function updateEventAtVersion(
  db: Executor,
  id: string,
  expectedVersion: number | undefined,
  values: Partial<EventInsert>,
): Promise<EventRow | undefined> {
  const [row] = await db
    .update(events)
    .set({ ...values, version: sql`${events.version} + 1`, updatedAt: new Date() })
    .where(
      expectedVersion === undefined
        ? eq(events.id, id)
        : and(eq(events.id, id), eq(events.version, expectedVersion)),
    )
    .returning();
  return row;
}

/** Published events of a community from `from` on, soonest first (the bot's `/events`). */
export async function findUpcoming(db: Executor, communityId: string, from: Date, limit: number) {
  return db
    .select()
    .from(events)
    .where(
      and(
        eq(events.communityId, communityId),
        sql`${events.status} in ('scheduled', 'active')`,
        gte(events.startsAt, from),
      ),
    )
    .orderBy(asc(events.startsAt))
    .limit(limit);
}

/** Every event of a community, for its calendar feed (archived ones are past and stay). */
export async function findCalendarEvents(db: Executor, communityId: string): Promise<EventRow[]> {
  return db
    .select()
    .from(events)
    .where(and(eq(events.communityId, communityId), sql`${events.status} <> 'draft'`))
    .orderBy(asc(events.startsAt));
}

export async function findEventByTitle(db: Executor, communityId: string, title: string) {
  const [row] = await db
    .select()
    .from(events)
    .where(and(eq(events.communityId, communityId), sql`lower(${events.title}) = lower(${title})`));
  return row;
}

/**
 * Where the bot posted the event's announcement. Not an edit of the event: the version (what
 * a web form read, and the calendar's SEQUENCE) stays.
 */
export async function setAnnouncement(db: Executor, id: string, channelId: string, messageId: string) {
  await db.update(events).set({ channelId, messageId }).where(eq(events.id, id));
}

import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../core/db';
import { eventSignups, events, type SignupStatus } from './events.tables';

export type SignupRow = typeof eventSignups.$inferSelect;
export type SignupInsert = typeof eventSignups.$inferInsert;

export async function findSignup(db: Executor, eventId: string, discordUserId: string) {
  const [row] = await db
    .select()
    .from(eventSignups)
    .where(and(eq(eventSignups.eventId, eventId), eq(eventSignups.discordUserId, discordUserId)));
  return row;
}

/** Those holding a seat or waiting for one, in arrival order. */
export async function findActiveSignups(db: Executor, eventId: string): Promise<SignupRow[]> {
  return db
    .select()
    .from(eventSignups)
    .where(and(eq(eventSignups.eventId, eventId), inArray(eventSignups.status, ['confirmed', 'waitlisted'])))
    .orderBy(asc(eventSignups.orderKey));
}

export async function insertSignup(db: Executor, values: SignupInsert): Promise<SignupRow> {
  const [row] = await db.insert(eventSignups).values(values).returning();
  return row!;
}

export async function updateSignup(
  db: Executor,
  id: string,
  values: Partial<SignupInsert>,
): Promise<SignupRow> {
  const [row] = await db
    .update(eventSignups)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(eventSignups.id, id))
    .returning();
  return row!;
}

export async function setStatuses(db: Executor, ids: string[], status: SignupStatus): Promise<void> {
  if (ids.length === 0) return;
  await db.update(eventSignups).set({ status, updatedAt: new Date() }).where(inArray(eventSignups.id, ids));
}

/** Confirmed and waitlisted counts of several events at once (lists, the bot's embed). */
export async function countByEvent(
  db: Executor,
  eventIds: string[],
): Promise<Map<string, { confirmed: number; waitlisted: number }>> {
  const out = new Map<string, { confirmed: number; waitlisted: number }>();
  if (eventIds.length === 0) return out;
  const rows = await db
    .select({ eventId: eventSignups.eventId, status: eventSignups.status, n: sql<number>`count(*)::int` })
    .from(eventSignups)
    .where(
      and(inArray(eventSignups.eventId, eventIds), inArray(eventSignups.status, ['confirmed', 'waitlisted'])),
    )
    .groupBy(eventSignups.eventId, eventSignups.status);
  for (const id of eventIds) out.set(id, { confirmed: 0, waitlisted: 0 });
  for (const r of rows) {
    const c = out.get(r.eventId)!;
    if (r.status === 'confirmed') c.confirmed = Number(r.n);
    else c.waitlisted = Number(r.n);
  }
  return out;
}

/** Events of a community where this Discord user holds a seat or waits, not yet over. */
export async function findOpenEventsOfMember(db: Executor, communityId: string, discordUserId: string) {
  return db
    .select({ eventId: events.id })
    .from(eventSignups)
    .innerJoin(events, eq(events.id, eventSignups.eventId))
    .where(
      and(
        eq(events.communityId, communityId),
        eq(eventSignups.discordUserId, discordUserId),
        inArray(eventSignups.status, ['confirmed', 'waitlisted']),
        inArray(events.status, ['draft', 'scheduled', 'active']),
      ),
    );
}

/** Event ids this Discord user is signed up to (confirmed or waiting), for their calendar feed. */
export async function findEventIdsOfMember(db: Executor, communityId: string, discordUserId: string) {
  const rows = await db
    .select({ eventId: eventSignups.eventId })
    .from(eventSignups)
    .innerJoin(events, eq(events.id, eventSignups.eventId))
    .where(
      and(
        eq(events.communityId, communityId),
        eq(eventSignups.discordUserId, discordUserId),
        inArray(eventSignups.status, ['confirmed', 'waitlisted']),
      ),
    );
  return new Set(rows.map((r) => r.eventId));
}

/**
 * In one read, what a new sign-up needs: confirmed seats in total and of its role and class,
 * how many wait, and the next arrival number (only asked under the event's lock, so two
 * callers never get the same one).
 */
export async function seatsAndNextKey(
  db: Executor,
  eventId: string,
  role: string | null,
  klass: string | null,
): Promise<{ total: number; role: number; class: number; waiting: number; nextKey: number }> {
  const confirmed = sql`${eventSignups.status} = 'confirmed'`;
  const [row] = await db
    .select({
      total: sql<number>`count(*) filter (where ${confirmed})::int`,
      role: sql<number>`count(*) filter (where ${confirmed} and ${eventSignups.role} = ${role ?? ''})::int`,
      class: sql<number>`count(*) filter (where ${confirmed} and ${eventSignups.class} = ${klass ?? ''})::int`,
      waiting: sql<number>`count(*) filter (where ${eventSignups.status} = 'waitlisted')::int`,
      nextKey: sql<string>`coalesce(max(${eventSignups.orderKey}), 0) + 1`,
    })
    .from(eventSignups)
    .where(eq(eventSignups.eventId, eventId));
  return {
    total: Number(row?.total ?? 0),
    role: Number(row?.role ?? 0),
    class: Number(row?.class ?? 0),
    waiting: Number(row?.waiting ?? 0),
    nextKey: Number(row?.nextKey ?? 1),
  };
}

/** A sign-up's place among those of its status: its seat number, or its place in line (from 1). */
export async function positionOf(db: Executor, row: SignupRow): Promise<number> {
  const [out] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(eventSignups)
    .where(
      and(
        eq(eventSignups.eventId, row.eventId),
        eq(eventSignups.status, row.status),
        sql`${eventSignups.orderKey} <= ${row.orderKey}`,
      ),
    );
  return Number(out?.n ?? 0);
}

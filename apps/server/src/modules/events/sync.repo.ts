import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { type Executor, returnedIds } from '../../core/db';
import { events } from './events.tables';
import { eventSyncOutbox, type SyncSnapshot, type SyncTarget } from './sync.tables';

export type SyncRow = typeof eventSyncOutbox.$inferSelect;
export type EventRow = typeof events.$inferSelect;

/**
 * Queues a change, or folds it into the one already waiting for the same event and target:
 * the drain sends the event as it then is, so only the latest state goes out. The attempts
 * start again, and it is due at once.
 */
export async function upsertPendingSync(
  db: Executor,
  values: {
    eventId: string;
    communityId: string;
    target: SyncTarget;
    eventVersion: number;
    snapshot: SyncSnapshot;
    now: Date;
  },
): Promise<void> {
  await db
    .insert(eventSyncOutbox)
    .values({ ...values, nextAttemptAt: values.now, createdAt: values.now })
    .onConflictDoUpdate({
      target: [eventSyncOutbox.eventId, eventSyncOutbox.target],
      targetWhere: sql`${eventSyncOutbox.state} = 'pending'`,
      set: {
        eventVersion: sql`greatest(${eventSyncOutbox.eventVersion}, excluded.event_version)`,
        snapshot: sql`excluded.snapshot`,
        revision: sql`${eventSyncOutbox.revision} + 1`,
        attempts: 0,
        nextAttemptAt: values.now,
        lastError: null,
      },
    });
}

/** Claims due rows for one drain run; `skip locked` keeps two drains off the same row. */
export async function claimDueSync(
  db: Executor,
  opts: { now: Date; holdUntil: Date; limit: number },
): Promise<SyncRow[]> {
  const now = sql`${opts.now.toISOString()}::timestamptz`;
  const claimed = await db.execute(sql`
    update event_sync_outbox set locked_until = ${opts.holdUntil.toISOString()}::timestamptz
    where id in (
      select id from event_sync_outbox
      where state = 'pending' and next_attempt_at <= ${now}
        and (locked_until is null or locked_until < ${now})
      order by id
      limit ${opts.limit}
      for update skip locked
    )
    returning id`);
  const ids = returnedIds(claimed);
  if (ids.length === 0) return [];
  return db
    .select()
    .from(eventSyncOutbox)
    .where(inArray(eventSyncOutbox.id, ids))
    .orderBy(asc(eventSyncOutbox.id));
}

/**
 * Marks a row sent, unless a change folded into it while it was being sent (its revision
 * moved on): then it stays pending, released, and goes out again with the newer state.
 */
export async function markSyncSent(db: Executor, row: SyncRow, at: Date): Promise<boolean> {
  const done = await db
    .update(eventSyncOutbox)
    .set({ state: 'sent', sentAt: at, attempts: row.attempts + 1, lockedUntil: null, lastError: null })
    .where(and(eq(eventSyncOutbox.id, row.id), eq(eventSyncOutbox.revision, row.revision)))
    .returning({ id: eventSyncOutbox.id });
  if (done.length > 0) return true;
  await db.update(eventSyncOutbox).set({ lockedUntil: null }).where(eq(eventSyncOutbox.id, row.id));
  return false;
}

export async function rescheduleSync(
  db: Executor,
  id: number,
  values: { attempts: number; nextAttemptAt: Date; lastError: string },
): Promise<void> {
  await db
    .update(eventSyncOutbox)
    .set({ ...values, lastError: values.lastError.slice(0, 500), lockedUntil: null })
    .where(eq(eventSyncOutbox.id, id));
}

/** Gives claimed rows back untried (the run stopped before them). */
export async function releaseSync(db: Executor, ids: number[]): Promise<void> {
  if (ids.length > 0)
    await db.update(eventSyncOutbox).set({ lockedUntil: null }).where(inArray(eventSyncOutbox.id, ids));
}

export async function markSyncFailed(
  db: Executor,
  id: number,
  attempts: number,
  error: string,
): Promise<void> {
  await db
    .update(eventSyncOutbox)
    .set({ state: 'failed', attempts, lastError: error.slice(0, 500), lockedUntil: null })
    .where(eq(eventSyncOutbox.id, id));
}

export async function findSyncRows(db: Executor, eventId: string): Promise<SyncRow[]> {
  return db
    .select()
    .from(eventSyncOutbox)
    .where(eq(eventSyncOutbox.eventId, eventId))
    .orderBy(asc(eventSyncOutbox.id));
}

/** Records the Discord ids the drain created; bookkeeping, not an edit, so the version stays. */
export async function setDiscordIds(
  db: Executor,
  eventId: string,
  ids: Partial<Pick<EventRow, 'messageId' | 'discordScheduledEventId'>>,
): Promise<void> {
  await db.update(events).set(ids).where(eq(events.id, eventId));
}

export async function findEventByScheduledEvent(
  db: Executor,
  scheduledEventId: string,
): Promise<EventRow | undefined> {
  const [row] = await db.select().from(events).where(eq(events.discordScheduledEventId, scheduledEventId));
  return row;
}

/**
 * Writes an edit only if the event is still at the version the editor saw, bumping it; an
 * older version writes nothing (undefined): the caller's conflict.
 */
export async function updateEventAtVersion(
  db: Executor,
  eventId: string,
  expectedVersion: number,
  patch: Partial<Pick<EventRow, 'title' | 'description' | 'startsAt' | 'durationMinutes'>> & {
    updatedBy: string;
    updatedAt: Date;
  },
): Promise<EventRow | undefined> {
  const [row] = await db
    .update(events)
    .set({ ...patch, version: sql`${events.version} + 1` })
    .where(and(eq(events.id, eventId), eq(events.version, expectedVersion)))
    .returning();
  return row;
}

export async function findEvent(db: Executor, id: string): Promise<EventRow | undefined> {
  const [row] = await db.select().from(events).where(eq(events.id, id));
  return row;
}

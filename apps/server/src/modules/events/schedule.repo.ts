import { and, asc, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import { type Executor, returnedIds } from '../../core/db';
import { guildLinks } from '../bot/bot.tables';
import { communities } from '../communities/communities.tables';
import { type EventStatus, events } from './events.tables';
import { eventFirings, type FiringKind, type FiringState } from './schedule.tables';

export type FiringRow = typeof eventFirings.$inferSelect;
export type EventRow = typeof events.$inferSelect;

/** The event's firings, locked so two re-plans of one event take turns. */
export async function lockEventFirings(db: Executor, eventId: string): Promise<FiringRow[]> {
  return db.select().from(eventFirings).where(eq(eventFirings.eventId, eventId)).for('update');
}

export async function insertFiring(
  db: Executor,
  values: { eventId: string; communityId: string; kind: FiringKind; offsetMinutes: number; dueAt: Date },
): Promise<void> {
  // A concurrent re-plan that inserted the same firing first wins; its time is the same.
  await db.insert(eventFirings).values(values).onConflictDoNothing();
}

export async function moveFiring(db: Executor, id: number, dueAt: Date): Promise<void> {
  await db
    .update(eventFirings)
    .set({ dueAt, attempts: 0 })
    .where(and(eq(eventFirings.id, id), eq(eventFirings.state, 'pending')));
}

export async function cancelFirings(db: Executor, ids: number[], note: string): Promise<void> {
  await db
    .update(eventFirings)
    .set({ state: 'cancelled', note, claimedBy: null, claimedUntil: null })
    .where(and(inArray(eventFirings.id, ids), eq(eventFirings.state, 'pending')));
}

/**
 * Claims due firings for one worker: pending, due, and not held by a live lease. `for update
 * skip locked` lets several workers claim at once without taking the same row; a worker that
 * dies lets its firings go when the lease ends, and the next one counts another attempt.
 */
export async function claimDueFirings(
  db: Executor,
  opts: { now: Date; workerId: string; leaseUntil: Date; limit: number },
): Promise<FiringRow[]> {
  const now = sql`${opts.now.toISOString()}::timestamptz`;
  const claimed = await db.execute(sql`
    update event_firings
    set claimed_by = ${opts.workerId}, claimed_until = ${opts.leaseUntil.toISOString()}::timestamptz,
        attempts = attempts + 1
    where id in (
      select id from event_firings
      where state = 'pending' and due_at <= ${now}
        and (claimed_until is null or claimed_until <= ${now})
      order by due_at, id
      limit ${opts.limit}
      for update skip locked
    )
    returning id`);
  const ids = returnedIds(claimed);
  if (ids.length === 0) return [];
  return db
    .select()
    .from(eventFirings)
    .where(inArray(eventFirings.id, ids))
    .orderBy(asc(eventFirings.dueAt), asc(eventFirings.id));
}

/**
 * Ends a firing this worker holds. Nothing changes (false) when its lease was lost to another
 * worker or a re-plan cancelled it meanwhile: the caller's transaction then rolls back.
 */
export async function finishFiring(
  db: Executor,
  id: number,
  workerId: string,
  end: { state: Exclude<FiringState, 'pending'>; at: Date; note?: string | null },
): Promise<boolean> {
  const rows = await db
    .update(eventFirings)
    .set({ state: end.state, firedAt: end.at, note: end.note ?? null, claimedUntil: null })
    .where(
      and(eq(eventFirings.id, id), eq(eventFirings.state, 'pending'), eq(eventFirings.claimedBy, workerId)),
    )
    .returning({ id: eventFirings.id });
  return rows.length > 0;
}

/** Gives a firing back for a tick at `retryAt` or later (Discord was unreachable), with what went wrong. */
export async function releaseFiring(
  db: Executor,
  id: number,
  workerId: string,
  retryAt: Date,
  note: string,
): Promise<void> {
  await db
    .update(eventFirings)
    .set({ claimedBy: null, claimedUntil: retryAt, note })
    .where(and(eq(eventFirings.id, id), eq(eventFirings.claimedBy, workerId)));
}

/** Puts a firing back untried until `retryAt` (the bot is away): the claim does not count as an attempt. */
export async function deferFiring(db: Executor, id: number, workerId: string, retryAt: Date, note: string) {
  await db
    .update(eventFirings)
    .set({ claimedBy: null, claimedUntil: retryAt, note, attempts: sql`${eventFirings.attempts} - 1` })
    .where(and(eq(eventFirings.id, id), eq(eventFirings.claimedBy, workerId)));
}

/** A later reminder of the same event that is also due: the earlier one is then moot. */
export async function findLaterDueReminder(
  db: Executor,
  firing: FiringRow,
  now: Date,
): Promise<FiringRow | undefined> {
  const [row] = await db
    .select()
    .from(eventFirings)
    .where(
      and(
        eq(eventFirings.eventId, firing.eventId),
        eq(eventFirings.kind, 'reminder'),
        inArray(eventFirings.state, ['pending', 'sent']),
        gt(eventFirings.dueAt, firing.dueAt),
        lte(eventFirings.dueAt, now),
      ),
    )
    .orderBy(asc(eventFirings.dueAt))
    .limit(1);
  return row;
}

export async function findEvent(db: Executor, id: string): Promise<EventRow | undefined> {
  const [row] = await db.select().from(events).where(eq(events.id, id));
  return row;
}

/**
 * Moves an event from one status to the next, bumping its version; false when it is no longer
 * in `from` (someone changed it first).
 */
export async function transitionEvent(
  db: Executor,
  id: string,
  from: EventStatus,
  to: EventStatus,
  at: Date,
  extra: Partial<Pick<EventRow, 'publishedAt'>> = {},
): Promise<EventRow | undefined> {
  const [row] = await db
    .update(events)
    .set({
      status: to,
      version: sql`${events.version} + 1`,
      updatedAt: at,
      updatedBy: 'scheduler',
      ...extra,
    })
    .where(and(eq(events.id, id), eq(events.status, from)))
    .returning();
  return row;
}

export async function findFirings(db: Executor, eventId: string): Promise<FiringRow[]> {
  return db
    .select()
    .from(eventFirings)
    .where(eq(eventFirings.eventId, eventId))
    .orderBy(asc(eventFirings.dueAt), asc(eventFirings.id));
}

/** The language the bot speaks for a community: its server's (`/language`), else the community's. */
export async function findCommunityVoice(
  db: Executor,
  communityId: string,
): Promise<{ language: 'en' | 'es'; guildId: string | null; name: string }> {
  const [community] = await db
    .select({ language: communities.language, name: communities.name })
    .from(communities)
    .where(eq(communities.id, communityId));
  const [guild] = await db
    .select({ guildId: guildLinks.guildId, language: guildLinks.language })
    .from(guildLinks)
    .where(eq(guildLinks.communityId, communityId))
    .orderBy(asc(guildLinks.linkedAt))
    .limit(1);
  return {
    language: guild?.language ?? community?.language ?? 'en',
    guildId: guild?.guildId ?? null,
    name: community?.name ?? '',
  };
}

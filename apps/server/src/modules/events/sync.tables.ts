import { sql } from 'drizzle-orm';
import {
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/** What a change asks of Discord: the event's message, and the server's native Scheduled Event. */
export const syncTargets = ['message', 'scheduled_event'] as const;
export type SyncTarget = (typeof syncTargets)[number];

export const syncStates = ['pending', 'sent', 'failed'] as const;
export type SyncState = (typeof syncStates)[number];

/** The Discord ids known when the change was queued: a deleted event still has its message and Scheduled Event to clean up. */
export interface SyncSnapshot {
  channelId: string | null;
  messageId: string | null;
  scheduledEventId: string | null;
}

/**
 * Changes waiting to reach Discord, written in the transaction of the change. One pending row
 * per event and target: a later change folds into it (`revision` + 1), and the drain sends
 * the event as it is then, so ten quick edits make one request.
 */
export const eventSyncOutbox = pgTable(
  'event_sync_outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    // No foreign key: a deleted event's Discord side must still be cleaned up.
    eventId: uuid('event_id').notNull(),
    communityId: uuid('community_id').notNull(),
    target: text('target', { enum: syncTargets }).notNull(),
    /** The event version that asked for it (the latest folded in). */
    eventVersion: integer('event_version').notNull(),
    snapshot: jsonb('snapshot').$type<SyncSnapshot>().notNull(),
    /** Bumped by each change folded in: a drain finishing an older revision leaves the row pending. */
    revision: integer('revision').notNull().default(1),
    state: text('state', { enum: syncStates }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('event_sync_outbox_one_pending').on(t.eventId, t.target).where(sql`${t.state} = 'pending'`),
    index('event_sync_outbox_due').on(t.state, t.nextAttemptAt),
  ],
);

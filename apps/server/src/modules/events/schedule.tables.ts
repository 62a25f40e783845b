import { sql } from 'drizzle-orm';
import { bigserial, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { events } from './events.tables';

/**
 * What the scheduler does for an event: publish it, open and close its sign-ups, remind
 * (once per offset), and move it to active and completed when it starts and ends.
 */
export const firingKinds = [
  'publish',
  'registration_open',
  'registration_close',
  'reminder',
  'start',
  'complete',
] as const;
export type FiringKind = (typeof firingKinds)[number];

/**
 * `pending` until a worker fired it (`sent`), found it too late to be useful (`missed`), or a
 * change made it pointless (`cancelled`); `failed` once its attempts ran out. Every end is a
 * row that stays, so nothing due is ever lost without a trace.
 */
export const firingStates = ['pending', 'sent', 'missed', 'cancelled', 'failed'] as const;
export type FiringState = (typeof firingStates)[number];

/** One planned firing of an event's schedule. */
export const eventFirings = pgTable(
  'event_firings',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    communityId: uuid('community_id').notNull(),
    kind: text('kind', { enum: firingKinds }).notNull(),
    /** Minutes before the start, for reminders; 0 for the other kinds. */
    offsetMinutes: integer('offset_minutes').notNull().default(0),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    state: text('state', { enum: firingStates }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    /** The worker holding it and until when: a worker that died lets it go when the lease ends. */
    claimedBy: text('claimed_by'),
    claimedUntil: timestamp('claimed_until', { withTimezone: true }),
    firedAt: timestamp('fired_at', { withTimezone: true }),
    /** Why it ended as it did (missed: how late; cancelled: the change; failed: the last error). */
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // One pending firing per kind and offset: a re-plan moves it instead of adding a second.
    uniqueIndex('event_firings_one_pending')
      .on(t.eventId, t.kind, t.offsetMinutes)
      .where(sql`${t.state} = 'pending'`),
    index('event_firings_due').on(t.state, t.dueAt),
    index('event_firings_event').on(t.eventId),
  ],
);

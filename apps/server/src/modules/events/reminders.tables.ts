import { bigint, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { eventFirings } from './schedule.tables';

export const reminderOutcomes = ['sent', 'cannot_dm', 'failed'] as const;
export type ReminderOutcome = (typeof reminderOutcomes)[number];

/**
 * Who a reminder reached: the channel (`recipient` = `channel`) and each signed-up member by
 * DM. A retried firing skips those already recorded, and "cannot DM this user" stays visible
 * per person.
 */
export const reminderDeliveries = pgTable(
  'event_reminder_deliveries',
  {
    firingId: bigint('firing_id', { mode: 'number' })
      .notNull()
      .references(() => eventFirings.id, { onDelete: 'cascade' }),
    recipient: text('recipient').notNull(),
    outcome: text('outcome', { enum: reminderOutcomes }).notNull(),
    messageId: text('message_id'),
    error: text('error'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.firingId, t.recipient] })],
);

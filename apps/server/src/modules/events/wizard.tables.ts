import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { communities } from '../communities/communities.tables';

/**
 * An open wizard (event, track list, vehicle list): its answers and current step live here,
 * not in memory, so a restarted bot resumes it. One per user per community: the unique
 * index refuses a second, whichever process tries.
 */
export const wizardSessions = pgTable(
  'wizard_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Short and random: it travels in Discord custom_ids (`events:wiz:<key>:<action>`). */
    key: text('key').notNull(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    /** `discord:<user id>`, or `user:<Guildhall user id>` for a web user without Discord. */
    ownerId: text('owner_id').notNull(),
    kind: text('kind').notNull(),
    step: text('step').notNull(),
    /** The raw answers by field id, as the form or the modals gave them. */
    data: jsonb('data').$type<Record<string, string | string[]>>().notNull().default({}),
    /** The record a saved draft wrote (the event), so later saves and publishing update it. */
    recordId: text('record_id'),
    /** Bumped by every change: a click on a stale message or a concurrent web save loses, visibly. */
    version: integer('version').notNull().default(1),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('wizard_sessions_key').on(t.key),
    uniqueIndex('wizard_sessions_owner').on(t.communityId, t.ownerId),
    index('wizard_sessions_expires').on(t.expiresAt),
  ],
);

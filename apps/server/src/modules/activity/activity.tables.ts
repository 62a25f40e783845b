import { activityEventKinds as kinds, type TActivityEventKind } from '@guildhall/contracts';
import {
  bigserial,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { communities } from '../communities/communities.tables';
import { characters, members } from '../members/members.tables';

/** The kinds come from the contracts' event union (one schema per kind). */
export const activityEventKinds = kinds;
export type ActivityEventKind = TActivityEventKind;

export const presenceSources = ['roster', 'chat', 'legacy'] as const;
export type PresenceSource = (typeof presenceSources)[number];

/**
 * How many members were online at an instant (one `stats` key of the addon).
 *
 * `community_id` has no foreign key, on purpose: a big file's first upload writes 50,000 rows,
 * and the key's check (a trigger per row) was 400 ms of it on PostgreSQL. The write takes the
 * same lock on the community row once instead (`insertSnapshots`), and a trigger on
 * `communities` deletes a community's snapshots with it, as the cascade did (migration 0023).
 */
export const activitySnapshots = pgTable(
  'activity_snapshots',
  {
    communityId: uuid('community_id').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    onlineCount: integer('online_count').notNull(),
    /** Who was online, when the source says (the roster's `is_online` at its refresh). */
    onlineMemberIds: uuid('online_member_ids').array(),
  },
  (t) => [primaryKey({ columns: [t.communityId, t.at] })],
);

/**
 * A digest of each UTC day's snapshot instants (days since the epoch → md5 of the instants'
 * epoch seconds, in order), kept by the bulk snapshot write: a re-upload carrying months of
 * snapshots skips the days whose instants are all stored, without reading those rows. A digest
 * may describe fewer instants than are stored (rows written since by a small write), never more.
 */
export const snapshotDays = pgTable(
  'activity_snapshot_days',
  {
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    day: integer('day').notNull(),
    digest: text('digest').notNull(),
  },
  (t) => [primaryKey({ columns: [t.communityId, t.day] })],
);

/**
 * Guild-chat messages of a character per local day, one row per month: `days` maps the day
 * of the month (`"01"`…`"31"`) to its count. A year of a 1,000-member guild is 12,000 rows
 * instead of 365,000 — on PGlite that took a first 20 MB upload from 31 s to under 2 s.
 * Merging keeps each day's higher count (the addon's counts only grow), so re-uploads are
 * idempotent and an older file (another PC's, a helper's copy) never lowers a day.
 */
export const chatMonths = pgTable(
  'activity_chat_months',
  {
    characterId: uuid('character_id')
      .notNull()
      .references(() => characters.id, { onDelete: 'cascade' }),
    /** The first day of the month. */
    month: date('month', { mode: 'string' }).notNull(),
    days: jsonb('days').$type<Record<string, number>>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.characterId, t.month] })],
);

/** A member seen online at an instant: the base of online history and attendance. */
export const presence = pgTable(
  'activity_presence',
  {
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    source: text('source', { enum: presenceSources }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.at] }), index('activity_presence_at').on(t.communityId, t.at)],
);

/**
 * Joins, leaves, rank changes, score milestones, boss kills, online records: the feed. `data`
 * follows the kind's schema in `@guildhall/contracts` (checked on write, read through
 * `readActivityEvent`).
 */
export const activityEvents = pgTable(
  'activity_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    memberId: uuid('member_id').references(() => members.id, { onDelete: 'cascade' }),
    characterId: uuid('character_id').references(() => characters.id, { onDelete: 'set null' }),
    kind: text('kind', { enum: activityEventKinds }).notNull(),
    // Stored as written; old rows may use other spellings, so reads go through readActivityEvent.
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('activity_events_community_at').on(t.communityId, t.at),
    index('activity_events_member').on(t.memberId, t.at),
  ],
);

import { sql } from 'drizzle-orm';
import {
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { communities } from '../communities/communities.tables';

/** What a metric measures; `other` is one Guildhall does not know the kind of yet. */
export type MetricKind = 'skill' | 'boss' | 'activity' | 'computed' | 'other';

/**
 * One metric in a stored snapshot: `value` is experience, kills, score or the computed value;
 * `-1` means below the hiscores' floor, as Wise Old Man sends it. `eff` is the skill's EHP or
 * the boss's EHB.
 */
export interface MetricValue {
  kind: MetricKind;
  value: number;
  rank?: number;
  level?: number;
  eff?: number;
}

/** Every metric of a snapshot by its Wise Old Man name, unknown ones included. */
export type SnapshotValues = Record<string, MetricValue>;

/**
 * A metric as stored: `[kind, value, rank, level, eff]` with one-letter kinds (`s`kill,
 * `b`oss, `a`ctivity, `c`omputed, `o`ther) and trailing unknowns dropped. A third of the JSON
 * of the object form: a 500-member clan stores a few thousand snapshots of ~110 metrics a run.
 */
export type StoredMetric = [string, number, ...(number | null)[]];
export type StoredValues = Record<string, StoredMetric>;

/** A clan member, keyed by Wise Old Man's player id so a rename keeps the history. */
export const osrsMembers = pgTable(
  'osrs_members',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    womId: integer('wom_id').notNull(),
    name: text('name').notNull(),
    /** Earlier display names, oldest first. */
    aliases: text('aliases').array().notNull().default(sql`'{}'::text[]`),
    role: text('role').notNull(),
    joinedAt: timestamp('joined_at', { withTimezone: true }),
    active: boolean('active').notNull().default(true),
    leftAt: timestamp('left_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('osrs_members_wom_id').on(t.communityId, t.womId)],
);

/** Wise Old Man snapshots of a member: the latest of each harvest and each window's start. */
export const osrsSnapshots = pgTable(
  'osrs_snapshots',
  {
    memberId: uuid('member_id')
      .notNull()
      .references(() => osrsMembers.id, { onDelete: 'cascade' }),
    takenAt: timestamp('taken_at', { withTimezone: true }).notNull(),
    values: jsonb('values').$type<StoredValues>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.takenAt] })],
);

/** Each member's gains per window as of the last harvest: the members list reads these. */
export const osrsGains = pgTable(
  'osrs_gains',
  {
    memberId: uuid('member_id')
      .notNull()
      .references(() => osrsMembers.id, { onDelete: 'cascade' }),
    days: integer('days').notNull(),
    fromAt: timestamp('from_at', { withTimezone: true }),
    toAt: timestamp('to_at', { withTimezone: true }),
    xp: doublePrecision('xp').notNull(),
    ehp: doublePrecision('ehp').notNull(),
    ehb: doublePrecision('ehb').notNull(),
    bossKills: doublePrecision('boss_kills').notNull(),
    /** Per-metric gains that moved: `{skills, bosses, activities, other}`. */
    metrics: jsonb('metrics')
      .$type<Record<'skills' | 'bosses' | 'activities' | 'other', Record<string, number>>>()
      .notNull(),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.days] })],
);

/** One harvest of a community: what it cost and what it changed. */
export const osrsHarvests = pgTable(
  'osrs_harvests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    groupId: integer('group_id').notNull(),
    calls: integer('calls').notNull(),
    members: integer('members').notNull(),
    joined: integer('joined').notNull(),
    left: integer('left').notNull(),
    renamed: integer('renamed').notNull(),
    snapshots: integer('snapshots').notNull(),
    /** Metric names the harvest met that Guildhall does not know: kept, and listed here. */
    unknownMetrics: text('unknown_metrics').array().notNull().default(sql`'{}'::text[]`),
    finishedAt: timestamp('finished_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('osrs_harvests_community').on(t.communityId, t.finishedAt)],
);

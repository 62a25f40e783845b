import type { TPointsSystem } from '@guildhall/contracts';
import { sql } from 'drizzle-orm';
import {
  boolean,
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
import { events } from './events.tables';

export const resultStatuses = ['finished', 'dnf', 'dsq', 'dns'] as const;
export type ResultStatus = (typeof resultStatuses)[number];

/** A league season: its events are its rounds, scored by its points system. */
export const championships = pgTable(
  'championships',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    season: text('season').notNull(),
    pointsSystem: jsonb('points_system').$type<TPointsSystem>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('championships_community_name').on(t.communityId, sql`lower(${t.name})`, t.season)],
);

/** Which championship an event is a round of (at most one). */
export const championshipEvents = pgTable(
  'championship_events',
  {
    eventId: uuid('event_id')
      .primaryKey()
      .references(() => events.id, { onDelete: 'cascade' }),
    championshipId: uuid('championship_id')
      .notNull()
      .references(() => championships.id, { onDelete: 'cascade' }),
  },
  (t) => [index('championship_events_championship').on(t.championshipId)],
);

/** One driver's result in one event, as entered, with its classification and points. */
export const eventResults = pgTable(
  'event_results',
  {
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    discordUserId: text('discord_user_id').notNull(),
    displayName: text('display_name').notNull(),
    status: text('status', { enum: resultStatuses }).notNull(),
    position: integer('position'),
    laps: integer('laps'),
    totalTimeMs: integer('total_time_ms'),
    bestLapMs: integer('best_lap_ms'),
    fastestLap: boolean('fastest_lap').notNull().default(false),
    /** Milliseconds, so a 2.5 s penalty stays exact. */
    penaltyMs: integer('penalty_ms').notNull().default(0),
    penaltyPoints: integer('penalty_points').notNull().default(0),
    classifiedPosition: integer('classified_position'),
    points: integer('points').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.discordUserId] })],
);

/** A championship's table, rewritten whenever one of its results or its points system changes. */
export const championshipStandings = pgTable(
  'championship_standings',
  {
    championshipId: uuid('championship_id')
      .notNull()
      .references(() => championships.id, { onDelete: 'cascade' }),
    discordUserId: text('discord_user_id').notNull(),
    displayName: text('display_name').notNull(),
    position: integer('position').notNull(),
    points: integer('points').notNull(),
    droppedPoints: integer('dropped_points').notNull().default(0),
    wins: integer('wins').notNull().default(0),
    finishes: jsonb('finishes').$type<number[]>().notNull().default([]),
    rounds: integer('rounds').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.championshipId, t.discordUserId] })],
);

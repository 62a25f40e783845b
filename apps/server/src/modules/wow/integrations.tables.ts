import {
  boolean,
  index,
  integer,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { communities } from '../communities/communities.tables';
import { characters, members } from '../members/members.tables';

export const raidDifficulties = ['lfr', 'normal', 'heroic', 'mythic'] as const;

/** Where the guild is for the outside services (credentials live in community_credentials). */
export const integrationSettings = pgTable('wow_integration_settings', {
  communityId: uuid('community_id')
    .primaryKey()
    .references(() => communities.id, { onDelete: 'cascade' }),
  guildName: text('guild_name'),
  guildRealm: text('guild_realm'),
  /** Configured Warcraft Logs zone of the current raid. */
  wclZoneId: integer('wcl_zone_id'),
  /** The zone the last WCL sync treated as current, and its name. */
  currentZoneId: integer('current_zone_id'),
  currentZoneName: text('current_zone_name'),
  wclGuildId: integer('wcl_guild_id'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** The best Mythic+ run per dungeon and season, from Raider.IO. */
export const bestRuns = pgTable(
  'wow_best_runs',
  {
    characterId: uuid('character_id')
      .notNull()
      .references(() => characters.id, { onDelete: 'cascade' }),
    season: text('season').notNull(),
    dungeon: text('dungeon').notNull(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    dungeonName: text('dungeon_name').notNull(),
    level: integer('level').notNull(),
    clearTimeMs: integer('clear_time_ms').notNull(),
    parTimeMs: integer('par_time_ms'),
    upgrades: integer('upgrades').notNull(),
    score: real('score'),
    completedAt: timestamp('completed_at', { withTimezone: true }).notNull(),
    url: text('url'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.characterId, t.season, t.dungeon] })],
);

/** Warcraft Logs best and median percent per character, boss and difficulty. */
export const parses = pgTable(
  'wow_parses',
  {
    characterId: uuid('character_id')
      .notNull()
      .references(() => characters.id, { onDelete: 'cascade' }),
    zoneId: integer('zone_id').notNull(),
    encounterId: integer('encounter_id').notNull(),
    difficulty: text('difficulty', { enum: raidDifficulties }).notNull(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    encounterName: text('encounter_name').notNull(),
    bestPercent: real('best_percent'),
    medianPercent: real('median_percent'),
    kills: integer('kills').notNull(),
    spec: text('spec'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.characterId, t.zoneId, t.encounterId, t.difficulty] }),
    index('wow_parses_community').on(t.communityId, t.zoneId),
  ],
);

/** The guild's logged raid nights (Warcraft Logs reports). */
export const wclReports = pgTable(
  'wow_wcl_reports',
  {
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
    title: text('title'),
    startTime: timestamp('start_time', { withTimezone: true }).notNull(),
    endTime: timestamp('end_time', { withTimezone: true }),
    zoneId: integer('zone_id'),
    zoneName: text('zone_name'),
  },
  (t) => [
    primaryKey({ columns: [t.communityId, t.code] }),
    index('wow_wcl_reports_start').on(t.communityId, t.startTime),
  ],
);

/** Who was in each logged raid night: 1 present, 2 on the bench (WCL's `presence`). */
export const wclAttendance = pgTable(
  'wow_wcl_attendance',
  {
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    reportCode: text('report_code').notNull(),
    /** The logged name folded for comparison (WCL gives the name without realm). */
    nameKey: text('name_key').notNull(),
    name: text('name').notNull(),
    className: text('class'),
    presence: integer('presence').notNull(),
    characterId: uuid('character_id').references(() => characters.id, { onDelete: 'set null' }),
    memberId: uuid('member_id').references(() => members.id, { onDelete: 'set null' }),
    startTime: timestamp('start_time', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.communityId, t.reportCode, t.nameKey] }),
    index('wow_wcl_attendance_member').on(t.memberId, t.startTime),
  ],
);

/** The guild's progress in a raid: killed or not per boss and difficulty, with the first kill. */
export const raidProgress = pgTable(
  'wow_raid_progress',
  {
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    zoneId: integer('zone_id').notNull(),
    encounterId: integer('encounter_id').notNull(),
    difficulty: text('difficulty', { enum: raidDifficulties }).notNull(),
    zoneName: text('zone_name').notNull(),
    encounterName: text('encounter_name').notNull(),
    /** The boss's place in the raid, from the zone's encounter list. */
    position: integer('position').notNull(),
    killed: boolean('killed').notNull().default(false),
    firstKillAt: timestamp('first_kill_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.communityId, t.zoneId, t.encounterId, t.difficulty] })],
);

import {
  bigint,
  boolean,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { communities } from '../communities/communities.tables';

/**
 * The dota module's data tables. Public matches themselves are not here: they live in the
 * object store as Parquet (`matches.store.ts`); PostgreSQL keeps the small, transactional
 * rest: the hero catalogue, the OpenDota day count, the ingestion cursors and the matches of
 * members' linked Steam accounts.
 */

/** The hero catalogue: seeded from the contracts' facts, refreshed from OpenDota's `/heroes`. */
export const dotaHeroes = pgTable('dota_heroes', {
  id: integer('id').primaryKey(),
  name: text('name').notNull(),
  localizedName: text('localized_name').notNull(),
  primaryAttr: text('primary_attr').notNull(),
  attackType: text('attack_type').notNull(),
  roles: text('roles').array().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** OpenDota calls counted per budget and UTC day (`opendota:public|2026-12-01`), so restarts never overspend. */
export const dotaApiUsage = pgTable('dota_api_usage', {
  key: text('key').primaryKey(),
  calls: integer('calls').notNull().default(0),
  /** OpenDota answered "daily api limit exceeded". */
  exhausted: boolean('exhausted').notNull().default(false),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Where a community's public-match ingestion stands, for one rank filter. `[oldest, newest]`
 * is fetched without gaps; a run that could not reach `newest` from the top keeps the segment
 * `[pendingCursor, pendingTop]` it did fetch, and the next run pages on from `pendingCursor`.
 */
export const dotaIngestState = pgTable('dota_ingest_state', {
  communityId: uuid('community_id')
    .primaryKey()
    .references(() => communities.id, { onDelete: 'cascade' }),
  /** The rank filter the cursors belong to (`min-max`, empty ends unbounded). */
  filter: text('filter').notNull(),
  newestMatchId: bigint('newest_match_id', { mode: 'number' }),
  oldestMatchId: bigint('oldest_match_id', { mode: 'number' }),
  pendingTop: bigint('pending_top', { mode: 'number' }),
  pendingCursor: bigint('pending_cursor', { mode: 'number' }),
  /** Paging backwards found no older rows (OpenDota keeps 12 months). */
  backfillDone: boolean('backfill_done').notNull().default(false),
  /** The explorer refused our query once: page `/publicMatches` only. */
  explorerRefused: boolean('explorer_refused').notNull().default(false),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A linked Steam account's matches (`/players/{id}/matches`), with the draft once known. */
export const dotaPlayerMatches = pgTable(
  'dota_player_matches',
  {
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    /** 32-bit Steam account id. */
    accountId: bigint('account_id', { mode: 'number' }).notNull(),
    matchId: bigint('match_id', { mode: 'number' }).notNull(),
    heroId: smallint('hero_id').notNull(),
    isRadiant: boolean('is_radiant').notNull(),
    radiantWin: boolean('radiant_win').notNull(),
    startTime: bigint('start_time', { mode: 'number' }).notNull(),
    duration: integer('duration').notNull(),
    patch: smallint('patch').notNull(),
    radiant: smallint('radiant').array(),
    dire: smallint('dire').array(),
    /** `/matches/{id}` answered without a usable draft (or not at all): not asked again. */
    draftMissing: boolean('draft_missing').notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.communityId, t.accountId, t.matchId] }),
    index('dota_player_matches_recent').on(t.communityId, t.accountId, t.startTime),
  ],
);

/** When a linked account's matches were last fetched, so the next fetch asks only for the days since. */
export const dotaPlayerCursors = pgTable(
  'dota_player_cursors',
  {
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    accountId: bigint('account_id', { mode: 'number' }).notNull(),
    fetchedAt: timestamp('fetched_at', { withTimezone: true }).notNull(),
    newestMatchId: bigint('newest_match_id', { mode: 'number' }),
  },
  (t) => [primaryKey({ columns: [t.communityId, t.accountId] })],
);

import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { communities } from '../communities/communities.tables';
import { characters } from '../members/members.tables';

export const scoreSources = ['addon', 'raiderio'] as const;
export type ScoreSource = (typeof scoreSources)[number];

/** Every accepted upload: the raw file's hash detects an unchanged re-upload. */
export const uploads = pgTable(
  'uploads',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    /** SHA-256 (hex) of the uncompressed file, or of the legacy batch's JSON. */
    sha256: text('sha256').notNull(),
    size: integer('size').notNull(),
    kind: text('kind', { enum: ['file', 'legacy'] }).notNull(),
    /** `X-Source-File` (`<ACCOUNT>/GuildActivityTracker.lua`) or the legacy session id. */
    source: text('source'),
    apiKeyId: uuid('api_key_id'),
    /** The roster's refresh time when this upload's roster was applied. */
    rosterAt: timestamp('roster_at', { withTimezone: true }),
    summary: jsonb('summary').$type<Record<string, unknown>>().notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('uploads_community_sha256').on(t.communityId, t.sha256),
    index('uploads_community_received').on(t.communityId, t.receivedAt),
  ],
);

/** M+ score history: a row only when a source reports a different score. */
export const characterScores = pgTable(
  'character_scores',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    characterId: uuid('character_id')
      .notNull()
      .references(() => characters.id, { onDelete: 'cascade' }),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    score: real('score').notNull(),
    source: text('source', { enum: scoreSources }).notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('character_scores_latest').on(t.characterId, t.recordedAt)],
);

/** Names a legacy bridge session has sent so far, to find removals when its `full` roster ends. */
export const legacySessions = pgTable(
  'legacy_upload_sessions',
  {
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    sessionId: text('session_id').notNull(),
    seenKeys: text('seen_keys').array().notNull(),
    /** Batch indexes received, to tell a complete session from one that lost batches. */
    batches: integer('batches').array().notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.communityId, t.sessionId] })],
);

/**
 * The PCs that upload (recorder health): one row per addon `_sync.clientId`, else per API key
 * and source file, with what its last file's `_sync` said.
 */
export const recorders = pgTable(
  'wow_recorders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    /** `client:<clientId>` or `key:<apiKeyId>:<source>`. */
    recorderKey: text('recorder_key').notNull(),
    clientId: text('client_id'),
    apiKeyId: uuid('api_key_id'),
    source: text('source'),
    role: text('role'),
    recording: boolean('recording'),
    lastRecordedAt: timestamp('last_recorded_at', { withTimezone: true }),
    lastSyncedAt: timestamp('last_synced_at', { withTimezone: true }),
    pendingMessages: integer('pending_messages').notNull().default(0),
    pendingSnapshots: integer('pending_snapshots').notNull().default(0),
    lastUploadAt: timestamp('last_upload_at', { withTimezone: true }).notNull(),
    uploads: integer('uploads').notNull().default(1),
    lastReasons: text('last_reasons').array().notNull(),
  },
  (t) => [uniqueIndex('wow_recorders_key').on(t.communityId, t.recorderKey)],
);

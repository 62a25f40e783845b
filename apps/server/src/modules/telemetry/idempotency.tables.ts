import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { communities } from '../communities/communities.tables';

/**
 * One row per `Idempotency-Key` a community's senders used on `POST …/telemetry/events`: the
 * hash of the body it came with, the batch it became and, once done, the answer given, so a
 * retry gets that answer again and stores nothing. `pending` rows are claims: a second request
 * with the key waits its turn (409) until the first finishes or its lease runs out.
 */
export const telemetryIdempotencyKeys = pgTable(
  'telemetry_idempotency_keys',
  {
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    /** Hex SHA-256 of the decompressed body. */
    requestSha256: text('request_sha256').notNull(),
    batchId: text('batch_id').notNull(),
    state: text('state', { enum: ['pending', 'done'] }).notNull(),
    /** The first attempt's clock: a retry validates "not in the future" and stamps events with it. */
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    /** When the current attempt took the claim; an old pending claim was abandoned by a crash. */
    claimedAt: timestamp('claimed_at', { withTimezone: true }).notNull(),
    responseStatus: integer('response_status'),
    responseBody: jsonb('response_body'),
  },
  (t) => [
    primaryKey({ columns: [t.communityId, t.key] }),
    index('telemetry_idempotency_keys_created_at').on(t.createdAt),
  ],
);

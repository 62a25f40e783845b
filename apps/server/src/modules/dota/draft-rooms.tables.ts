import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { communities } from '../communities/communities.tables';
import type { DraftRecord } from './draft/draft-rules';

/**
 * Draft rooms: the one authoritative copy of each room's draft. Every change is an update
 * guarded by `version` (optimistic: `where version = $seen`), so two processes changing one
 * room at once leave exactly one winner; the loser reloads and re-checks its move.
 */
export const dotaDraftRooms = pgTable(
  'dota_draft_rooms',
  {
    id: text('id').primaryKey(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    version: integer('version').notNull().default(1),
    state: jsonb('state').$type<DraftRecord>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('dota_draft_rooms_community_idx').on(t.communityId, t.createdAt)],
);

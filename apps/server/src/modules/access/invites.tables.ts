import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { communities } from '../communities/communities.tables';
import { users } from '../identity/identity.tables';

export const inviteRoles = ['officer', 'member'] as const;
export type InviteRole = (typeof inviteRoles)[number];

/**
 * Single-use, expiring invite links to a community. The token is in the link only: the table
 * keeps its SHA-256, so a leaked table invites no one.
 */
export const invites = pgTable(
  'invites',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    role: text('role', { enum: inviteRoles }).notNull(),
    tokenHash: text('token_hash').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    usedBy: uuid('used_by').references(() => users.id, { onDelete: 'set null' }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('invites_token_hash').on(t.tokenHash), index('invites_community').on(t.communityId)],
);

import { index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { communities } from '../communities/communities.tables';
import { users } from '../identity/identity.tables';

export const roles = ['owner', 'officer', 'member'] as const;
export type Role = (typeof roles)[number];
export const apiKeyScopes = ['upload', 'read', 'telemetry', 'events'] as const;
export type ApiKeyScope = (typeof apiKeyScopes)[number];
export const permissionLevels = ['view', 'manage'] as const;
export type PermissionLevel = (typeof permissionLevels)[number];

export const memberships = pgTable(
  'memberships',
  {
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: roles }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.communityId, t.userId] })],
);

export const permissionGrants = pgTable(
  'permission_grants',
  {
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    module: text('module').notNull(),
    level: text('level', { enum: permissionLevels }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.communityId, t.userId, t.module] })],
);

export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    scopes: text('scopes', { enum: apiKeyScopes }).array().notNull(),
    /** SHA-256 of the whole key: the key itself is shown once and never stored. */
    keyHash: text('key_hash').notNull(),
    /** The first characters, to tell keys apart in lists. */
    prefix: text('prefix').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    /** When a file last arrived with this key (the admin page's "the agent works"). */
    lastUploadAt: timestamp('last_upload_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('api_keys_hash').on(t.keyHash), index('api_keys_community').on(t.communityId)],
);

import type { zCommunitySettings } from '@guildhall/contracts';
import { sql } from 'drizzle-orm';
import { integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { z } from 'zod';

export const games = ['wow', 'osrs', 'dota', 'racing'] as const;
export const languages = ['en', 'es'] as const;

/** Member view defaults, public pages and raid nights; validated by the contracts schema. */
export type CommunitySettings = z.infer<typeof zCommunitySettings>;

export const communities = pgTable('communities', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  game: text('game', { enum: games }).notNull(),
  region: text('region'),
  realm: text('realm'),
  timezone: text('timezone').notNull().default('UTC'),
  inactivityDays: integer('inactivity_days').notNull().default(30),
  modules: text('modules').array().notNull().default(sql`'{}'::text[]`),
  language: text('language', { enum: languages }).notNull().default('en'),
  settings: jsonb('settings').$type<CommunitySettings>().notNull().default({}),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Outside services' credentials (Raider.IO key, WCL client secret, webhooks), encrypted at rest. */
export const communityCredentials = pgTable(
  'community_credentials',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    provider: text('provider').notNull(),
    /** AES-256-GCM sealed JSON of the secret fields. */
    sealed: text('sealed').notNull(),
    /** Masked preview of each field, safe to show. */
    masked: jsonb('masked').$type<Record<string, string>>().notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('community_credentials_provider').on(t.communityId, t.provider)],
);

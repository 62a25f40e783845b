import { integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Realms refreshed from Blizzard's realm index (`/data/wow/realm/index`, every locale): they
 * override the table shipped with Guildhall, so new and renamed realms resolve without a release.
 */
export const realms = pgTable(
  'wow_realms',
  {
    region: text('region').notNull(),
    id: integer('id').notNull(),
    slug: text('slug').notNull(),
    connectedRealmId: integer('connected_realm_id'),
    /** Every name Blizzard gives the realm, English first. */
    names: jsonb('names').$type<string[]>().notNull(),
    refreshedAt: timestamp('refreshed_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.region, t.id] })],
);

import { integer, jsonb, pgTable, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../identity/identity.tables';

/** A player's draft preferences: the rank bracket their suggestions use, their positions, their hero pool. */
export const dotaPreferences = pgTable('dota_preferences', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  /** Medal 1–8; null = every rank. */
  bracket: integer('bracket'),
  /** Positions 1–5, ascending, no repeats. */
  roles: jsonb('roles').$type<number[]>().notNull().default([]),
  /** Hero ids, at most 30, in the player's order. */
  heroPool: jsonb('hero_pool').$type<number[]>().notNull().default([]),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

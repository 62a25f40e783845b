import {
  type AnyPgColumn,
  boolean,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { communities } from '../communities/communities.tables';
import { users } from '../identity/identity.tables';

/** A person in a community. Game characters hang off it; alts point at the same member. */
export const members = pgTable(
  'members',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    displayName: text('display_name').notNull(),
    /** The Guildhall account that proved it is this person (Battle.net, Discord, Steam login). */
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    mainCharacterId: uuid('main_character_id').references((): AnyPgColumn => characters.id, {
      onDelete: 'set null',
    }),
    active: boolean('active').notNull().default(true),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    inactiveSince: timestamp('inactive_since', { withTimezone: true }),
    officerNote: text('officer_note'),
  },
  (t) => [index('members_community').on(t.communityId, t.active)],
);

export const characters = pgTable(
  'characters',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    /** Canonical `Name-Realm`, as the game writes it. */
    name: text('name').notNull(),
    /** The name folded the way the game compares names: the unique key. */
    nameKey: text('name_key').notNull(),
    realm: text('realm').notNull(),
    className: text('class'),
    race: text('race'),
    level: integer('level'),
    rank: text('rank'),
    rankIndex: integer('rank_index'),
    /** Still in the game's roster at the last upload. */
    inRoster: boolean('in_roster').notNull().default(true),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('characters_name_key').on(t.communityId, t.nameKey),
    index('characters_member').on(t.memberId),
  ],
);

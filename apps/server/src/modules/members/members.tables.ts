import {
  type AnyPgColumn,
  boolean,
  index,
  integer,
  pgTable,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { communities } from '../communities/communities.tables';
import { users } from '../identity/identity.tables';

export const characterRoles = ['tank', 'healer', 'dps'] as const;
export type CharacterRole = (typeof characterRoles)[number];

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
    /** Last time any of its characters was seen online or chatting; null when never. */
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }),
    /** Since when none of its characters is in the game's roster; null while one is. */
    missingSince: timestamp('missing_since', { withTimezone: true }),
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
    /** Canonical `Name-Realm`, as the game writes it (realm without spaces). */
    name: text('name').notNull(),
    /** The name folded the way the game compares names (see names.ts): the unique key. */
    nameKey: text('name_key').notNull(),
    realm: text('realm').notNull(),
    className: text('class'),
    race: text('race'),
    level: integer('level'),
    rank: text('rank'),
    rankIndex: integer('rank_index'),
    spec: text('spec'),
    role: text('role', { enum: characterRoles }),
    itemLevel: real('item_level'),
    avatarUrl: text('avatar_url'),
    renderUrl: text('render_url'),
    /** Best Warcraft Logs parse percentile of the current tier. */
    bestParse: real('best_parse'),
    /** What outside services last said about it, e.g. `not_found`. */
    externalStatus: text('external_status'),
    /** Still in the game's roster at the last upload. */
    inRoster: boolean('in_roster').notNull().default(true),
    /** Online at the last applied roster. */
    online: boolean('online').notNull().default(false),
    /** Guild-chat messages in total, as the addon counts them. */
    messageTotal: integer('message_total').notNull().default(0),
    lastMessage: text('last_message'),
    /** Digests (JSON, month → digest) of the addon's daily chat last merged: unchanged months are skipped. */
    chatDigest: text('chat_digest'),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull().defaultNow(),
    /** Last time seen online or chatting; null when never. */
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('characters_name_key').on(t.communityId, t.nameKey),
    index('characters_member').on(t.memberId),
  ],
);

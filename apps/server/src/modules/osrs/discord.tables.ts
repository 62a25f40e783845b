import { date, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { communities } from '../communities/communities.tables';
import { osrsMembers } from './osrs.tables';

/** `count`: messages are counted; `help`: counted, and questions and answers too. */
export const activityChannelKinds = ['count', 'help'] as const;
export type ActivityChannelKind = (typeof activityChannelKinds)[number];

/** The Discord channels a clan opted in to counting. */
export const osrsActivityChannels = pgTable(
  'osrs_activity_channels',
  {
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    channelId: text('channel_id').notNull(),
    kind: text('kind', { enum: activityChannelKinds }).notNull().default('count'),
    /** Set once the channel's history was read back (backfill), so it is not read twice. */
    backfilledAt: timestamp('backfilled_at', { withTimezone: true }),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.communityId, t.channelId] })],
);

/**
 * Messages per Discord member per channel per day (UTC), never their text. In help channels,
 * questions asked and answered (a reply to, or a thread answer to, another member's question).
 */
export const osrsDiscordActivity = pgTable(
  'osrs_discord_activity',
  {
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    discordUserId: text('discord_user_id').notNull(),
    channelId: text('channel_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    messages: integer('messages').notNull().default(0),
    questions: integer('questions').notNull().default(0),
    answers: integer('answers').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.communityId, t.discordUserId, t.channelId, t.day] }),
    index('osrs_discord_activity_day').on(t.communityId, t.day),
  ],
);

/** Messages per community per hour (UTC), for the hour × weekday heatmap and the 30-day history. */
export const osrsDiscordHours = pgTable(
  'osrs_discord_hours',
  {
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    hour: timestamp('hour', { withTimezone: true }).notNull(),
    messages: integer('messages').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.communityId, t.hour] })],
);

export const discordLinkSources = ['rule', 'manual'] as const;

/** Which Discord user a clan member is: found by the nickname rule, or set by hand (which wins). */
export const osrsDiscordLinks = pgTable(
  'osrs_discord_links',
  {
    memberId: uuid('member_id')
      .primaryKey()
      .references(() => osrsMembers.id, { onDelete: 'cascade' }),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    discordUserId: text('discord_user_id').notNull(),
    source: text('source', { enum: discordLinkSources }).notNull(),
    linkedAt: timestamp('linked_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('osrs_discord_links_user').on(t.communityId, t.discordUserId)],
);

/**
 * Threads of counted channels, met at THREAD_CREATE: a thread's messages carry only the
 * thread's id, so this says which counted channel they belong to and who asked (the owner).
 */
export const osrsActivityThreads = pgTable(
  'osrs_activity_threads',
  {
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    threadId: text('thread_id').notNull(),
    parentChannelId: text('parent_channel_id').notNull(),
    ownerId: text('owner_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.communityId, t.threadId] })],
);

/**
 * The name each Discord user last showed in a counted channel (server nickname, else global
 * name, else username), so the nickname rule can be applied again on demand.
 */
export const osrsDiscordNames = pgTable(
  'osrs_discord_names',
  {
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    discordUserId: text('discord_user_id').notNull(),
    name: text('name').notNull(),
    seenAt: timestamp('seen_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.communityId, t.discordUserId] })],
);

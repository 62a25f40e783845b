import {
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { communities } from '../communities/communities.tables';

export const botLanguages = ['en', 'es'] as const;
export type BotLanguage = (typeof botLanguages)[number];

/** The modules whose bot features can be granted to Discord roles or users. */
export const botModules = ['events', 'reminders', 'signups', 'tickets', 'catalogue'] as const;
export type BotModule = (typeof botModules)[number];

export const grantSubjects = ['role', 'user'] as const;
export type GrantSubject = (typeof grantSubjects)[number];

/** A Discord server linked to a community; one community per server. */
export const guildLinks = pgTable(
  'bot_guild_links',
  {
    guildId: text('guild_id').primaryKey(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    /** The language of every reply in this server; null falls back to each user's locale. */
    language: text('language', { enum: botLanguages }),
    linkedBy: text('linked_by').notNull(),
    linkedAt: timestamp('linked_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('bot_guild_links_community').on(t.communityId)],
);

/** One row per interaction the bot handled: who, where, what, how it ended and how long it took. */
export const commandLog = pgTable(
  'bot_command_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** Null when the server was not linked (yet): `/setup` itself, or a stray click. */
    communityId: uuid('community_id').references(() => communities.id, { onDelete: 'cascade' }),
    guildId: text('guild_id'),
    channelId: text('channel_id'),
    userId: text('user_id').notNull(),
    userName: text('user_name').notNull(),
    /** command, component or modal. */
    kind: text('kind').notNull(),
    /** The command's name, or `module:action` of a component or modal. */
    name: text('name').notNull(),
    options: jsonb('options').$type<Record<string, unknown>>().notNull().default({}),
    /** `ok`, or the error code the interaction ended with. */
    outcome: text('outcome').notNull(),
    latencyMs: integer('latency_ms').notNull(),
    /** HTTP or gateway. */
    transport: text('transport').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('bot_command_log_community_at').on(t.communityId, t.at)],
);

/** A module's bot features granted to a Discord role or user of the community's server. */
export const moduleGrants = pgTable(
  'bot_module_grants',
  {
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    module: text('module', { enum: botModules }).notNull(),
    subjectType: text('subject_type', { enum: grantSubjects }).notNull(),
    subjectId: text('subject_id').notNull(),
    grantedBy: text('granted_by').notNull(),
    grantedAt: timestamp('granted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.communityId, t.module, t.subjectType, t.subjectId] })],
);

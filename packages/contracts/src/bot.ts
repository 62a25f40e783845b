import { z } from 'zod';
import { zListOf } from './common';

/** One interaction the Discord bot handled, as the command log shows it. */
export const zBotCommandLogItem = z.object({
  id: z.number().int(),
  guildId: z.string().nullable(),
  channelId: z.string().nullable(),
  userId: z.string(),
  userName: z.string(),
  kind: z.enum(['command', 'component', 'modal', 'unknown']),
  /** The command's name, or the `module:action` of a component or modal. */
  name: z.string(),
  options: z.record(z.string(), z.unknown()),
  /** `ok`, or the code the interaction ended with (MISSING_PERMISSION, UNKNOWN_INTERACTION, INTERNAL…). */
  outcome: z.string(),
  latencyMs: z.number().int(),
  transport: z.enum(['http', 'gateway']),
  at: z.string(),
});
export type TBotCommandLogItem = z.infer<typeof zBotCommandLogItem>;
export const zBotCommandLogList = zListOf(zBotCommandLogItem);

export const zBotModule = z.enum(['events', 'reminders', 'signups', 'tickets', 'catalogue']);
const zSnowflake = z.string().regex(/^\d{17,20}$/, 'a Discord id (17 to 20 digits)');

/** A module granted to a Discord role or user of the linked server. */
export const zBotGrant = z.object({
  module: zBotModule,
  subjectType: z.enum(['role', 'user']),
  subjectId: zSnowflake,
});
export type TBotGrant = z.infer<typeof zBotGrant>;

/** A Discord server linked to the community. */
export const zBotServer = z.object({
  guildId: z.string(),
  language: z.enum(['en', 'es']).nullable(),
  linkedBy: z.string(),
  linkedAt: z.string(),
});

/** The community's Discord side, for its admin page. */
export const zBotOverview = z.object({
  /** The link that adds the bot to a server (null until DISCORD_APPLICATION_ID is set). */
  inviteUrl: z.string().nullable(),
  servers: z.array(zBotServer),
  grants: z.array(zBotGrant),
  modules: z.array(zBotModule),
  /** The signed-in user's own Discord account, which linking from the web acts as. */
  discordAccount: z.object({ id: z.string(), name: z.string().nullable() }).nullable(),
});
export type TBotOverview = z.infer<typeof zBotOverview>;

export const zBotLinkServer = z.object({ guildId: zSnowflake });

import { z } from 'zod';
import { zPageQuery, zQueryInt } from './common';

/** The gain windows a harvest computes, in days. */
export const OSRS_GAIN_PERIODS = [7, 30, 90, 365] as const;
export type TOsrsGainPeriod = (typeof OSRS_GAIN_PERIODS)[number];

/**
 * One member's progress over one window, computed by Wise Old Man's rules from the stored
 * snapshots. The maps hold only metrics that moved; `other` holds metrics Guildhall does not
 * know the kind of (the game adds some every few months).
 */
export const zOsrsGain = z.object({
  /** The snapshots compared; null when the member has none in the window. */
  from: z.string().nullable(),
  to: z.string().nullable(),
  xp: z.number(),
  ehp: z.number(),
  ehb: z.number(),
  bossKills: z.number(),
  skills: z.record(z.string(), z.number()),
  bosses: z.record(z.string(), z.number()),
  activities: z.record(z.string(), z.number()),
  other: z.record(z.string(), z.number()),
});
export type TOsrsGain = z.infer<typeof zOsrsGain>;

export const zOsrsMember = z.object({
  /** Wise Old Man's player id: stable across name changes. */
  womId: z.number().int(),
  name: z.string(),
  /** Earlier display names, oldest first. */
  aliases: z.array(z.string()),
  /** The clan rank as Wise Old Man names it (`member`, `leader`, gem and skill names…). */
  role: z.string(),
  joinedAt: z.string().nullable(),
  active: z.boolean(),
  leftAt: z.string().nullable(),
  /** Keyed by window: `7d`, `30d`, `90d`, `365d`. */
  gains: z.record(z.string(), zOsrsGain),
});
export type TOsrsMember = z.infer<typeof zOsrsMember>;

export const zOsrsMembersQuery = zPageQuery.extend({
  status: z.enum(['active', 'inactive', 'all']).default('active'),
});
export type TOsrsMembersQuery = z.infer<typeof zOsrsMembersQuery>;

export const zOsrsMembers = z.object({ items: z.array(zOsrsMember), total: z.number().int() });
export type TOsrsMembers = z.infer<typeof zOsrsMembers>;

/** A Discord channel whose messages the clan counts (`help`: questions and answers too). */
export const zOsrsActivityChannel = z.object({
  channelId: z.string().regex(/^\d{1,20}$/),
  kind: z.enum(['count', 'help']),
  addedAt: z.string(),
  /** When its history was read back; null while the backfill is pending. */
  backfilledAt: z.string().nullable(),
});
export type TOsrsActivityChannel = z.infer<typeof zOsrsActivityChannel>;
export const zOsrsActivityChannels = z.object({ items: z.array(zOsrsActivityChannel) });
export const zOsrsActivityChannelParams = z.object({
  id: z.string().uuid(),
  channelId: z.string().regex(/^\d{1,20}$/),
});
export const zOsrsActivityChannelPut = z.object({ kind: z.enum(['count', 'help']).default('count') });

export const zOsrsMemberParams = z.object({
  id: z.string().uuid(),
  womId: zQueryInt().pipe(z.number().positive()),
});
/** Sets by hand which Discord user a clan member is; it wins over the nickname rule. */
export const zOsrsDiscordLinkPut = z.object({ discordUserId: z.string().regex(/^\d{1,20}$/) });
export const zOsrsDiscordLink = z.object({
  womId: z.number().int(),
  discordUserId: z.string(),
  source: z.enum(['rule', 'manual']),
  linkedAt: z.string(),
});

/** A name and a number on a board (top XP, top messages, a boss's podium). */
export const zOsrsRanked = z.object({ name: z.string(), value: z.number() });

/**
 * The views of the static dashboard, live: the same model the export inlines, built once on the
 * server (`GET /communities/:id/osrs/dashboard`).
 */
export const zOsrsDashboard = z.object({
  community: z.string(),
  language: z.enum(['en', 'es']),
  timezone: z.string(),
  generatedAt: z.string(),
  /** `heatmap[isoWeekday - 1][hour]`: messages over the last 30 days, Monday first, local time. */
  heatmap: z.array(z.array(z.number().int())),
  /** The last 30 local days, oldest first. */
  history: z.array(z.object({ day: z.string(), messages: z.number(), xp: z.number() })),
  /** Each active member's 30-day XP gain against their Discord messages over 30 days. */
  scatter: z.array(z.object({ name: z.string(), xp: z.number(), messages: z.number() })),
  bosses: z.array(z.object({ boss: z.string(), top: z.array(zOsrsRanked) })),
  topXp7: z.array(zOsrsRanked),
  topXp30: z.array(zOsrsRanked),
  topMessages: z.array(zOsrsRanked),
});
export type TOsrsDashboard = z.infer<typeof zOsrsDashboard>;

/** Discord message windows (a year of messages per member is not shown). */
export const OSRS_MESSAGE_PERIODS = [7, 30, 90] as const;
const zPerGainPeriod = z.object({ '7': z.number(), '30': z.number(), '90': z.number(), '365': z.number() });
const zPerMessagePeriod = z.object({ '7': z.number(), '30': z.number(), '90': z.number() });

/** One active clan member on the roster page: the report's numbers, by window (days). */
export const zOsrsRosterMember = z.object({
  womId: z.number().int(),
  name: z.string(),
  role: z.string(),
  joinedAt: z.string().nullable(),
  discordUserId: z.string().nullable(),
  xp: zPerGainPeriod,
  bossKills: zPerGainPeriod,
  ehp: zPerGainPeriod,
  ehb: zPerGainPeriod,
  /** Total levels gained (overall level, end against start of the window). */
  levels: zPerGainPeriod,
  messages: zPerMessagePeriod,
});
export type TOsrsRosterMember = z.infer<typeof zOsrsRosterMember>;

export const zOsrsRoster = z.object({
  generatedAt: z.string(),
  /** The last harvest's end, null before the first. */
  harvestedAt: z.string().nullable(),
  items: z.array(zOsrsRosterMember),
});
export type TOsrsRoster = z.infer<typeof zOsrsRoster>;

/** Members with no XP and no Discord message over `days` (the community's inactivity setting). */
export const zOsrsPurge = z.object({
  days: z.number().int(),
  /** The windows checked: the smallest gain and message windows covering `days`. */
  gainWindow: z.number().int(),
  messageWindow: z.number().int(),
  items: z.array(zOsrsRosterMember),
});
export type TOsrsPurge = z.infer<typeof zOsrsPurge>;

/** `POST /communities/:id/osrs/nickname-rule/apply`: the rule applied again to every Discord name seen. */
export const zOsrsNicknameApplied = z.object({
  rule: z.string(),
  /** Links the rule holds now, and the rule links it dropped; manual links are never touched. */
  links: z.number().int(),
  removed: z.number().int(),
});
export type TOsrsNicknameApplied = z.infer<typeof zOsrsNicknameApplied>;

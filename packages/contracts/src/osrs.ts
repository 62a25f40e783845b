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

import { z } from 'zod';
import { zListOf, zQueryInt, zText } from './common';

const zRole = z.enum(['tank', 'healer', 'dps']);

/** Communities that opened at least one page to visitors, for the dashboard's landing page. */
export const zPublicCommunity = z.object({
  id: z.string(),
  name: z.string(),
  game: z.string(),
  publicPages: z.array(z.string()),
});
export const zPublicCommunities = zListOf(zPublicCommunity);

export const zAuthProvidersQuery = z.object({ community: z.uuid().optional() });

/** Sign-in methods offered (for a community) besides the owner's one-time link. */
export const zAuthProviders = z.object({
  battlenet: z.boolean(),
  /** Where the Battle.net button goes: the community's own login (it needs its Blizzard credentials). */
  battlenetUrl: z.string().nullable(),
  discord: z.boolean(),
  discordUrl: z.string().nullable(),
  /** Steam's OpenID sign-in, when the installation turned it on (STEAM_SIGN_IN). */
  steam: z.boolean(),
  steamUrl: z.string().nullable(),
});
export type TAuthProviders = z.infer<typeof zAuthProviders>;

export const zHeatmapCellQuery = z.object({
  /** 0 = Sunday … 6 = Saturday, as in the heatmap. */
  weekday: zQueryInt().min(0).max(6),
  hour: zQueryInt().min(0).max(23),
  weeks: zQueryInt().min(1).max(104).default(12),
});

/** One heatmap cell in detail: its numbers (same window as the heatmap) and who is usually online. */
export const zHeatmapCellDetail = z.object({
  weekday: z.number().int(),
  hour: z.number().int(),
  average: z.number().nullable(),
  samples: z.number().int(),
  members: z.array(
    z.object({ id: z.string(), name: z.string(), class: z.string().nullable(), seen: z.number().int() }),
  ),
});
export type THeatmapCellDetail = z.infer<typeof zHeatmapCellDetail>;

export const zMythicOverview = z.object({
  season: z.string().nullable(),
  /** Active members by their main character's current score. */
  top: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      class: z.string().nullable(),
      spec: z.string().nullable(),
      role: zRole.nullable(),
      score: z.number(),
    }),
  ),
  /** Per dungeon, members grouped under the highest key they timed: 20+, 15–19, 10–14. */
  dungeons: z.array(
    z.object({
      dungeon: z.string(),
      tiers: z.array(
        z.object({
          level: z.number().int(),
          members: z.array(
            z.object({
              id: z.string(),
              name: z.string(),
              class: z.string().nullable(),
              best: z.number().int(),
            }),
          ),
        }),
      ),
    }),
  ),
});
export type TMythicOverview = z.infer<typeof zMythicOverview>;

export const zTeamCandidate = z.object({
  /** The member's id. */
  id: z.string(),
  name: z.string(),
  class: z.string().nullable(),
  spec: z.string().nullable(),
  role: zRole.nullable(),
  score: z.number().nullable(),
  /** Online now, by the one rule (presence.ts). */
  online: z.boolean(),
  /** Last seen online or chatting; null when never. */
  lastSeen: z.string().nullable(),
});
export type TTeamCandidate = z.infer<typeof zTeamCandidate>;
export const zTeamCandidates = zListOf(zTeamCandidate);

export const zPurgePreview = z.object({
  thresholdDays: z.number().int(),
  /** Members inactive, or not seen, for longer than the threshold: what a purge would remove. */
  members: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      class: z.string().nullable(),
      active: z.boolean(),
      lastSeen: z.string().nullable(),
      inactiveSince: z.string().nullable(),
      characters: z.number().int(),
    }),
  ),
  characters: z.number().int(),
});
export type TPurgePreview = z.infer<typeof zPurgePreview>;

export const zPurgeRequest = z.object({
  /** The community's name, typed by the officer. */
  confirm: zText(200),
  /** The members shown by the dry run; members no longer eligible are skipped. */
  memberIds: z.array(z.uuid()).min(1).max(5000),
});

export const zPurgeResult = z.object({ removed: z.number().int(), characters: z.number().int() });

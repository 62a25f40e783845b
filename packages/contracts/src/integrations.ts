import { z } from 'zod';
import { zInt, zListOf, zQueryInt, zText } from './common';

/** What the WoW integrations need besides credentials: where the guild is. */
export const zIntegrationSettings = z.object({
  /** The guild's in-game name (default: the community's name). */
  guildName: z.string().nullable(),
  /** The guild's realm (default: the community's realm). */
  guildRealm: z.string().nullable(),
  /** Warcraft Logs zone of the current raid; null follows the guild's latest raid reports. */
  wclZoneId: z.number().int().nullable(),
});
export type TIntegrationSettings = z.infer<typeof zIntegrationSettings>;

export const zIntegrationSettingsUpdate = z
  .object({
    guildName: zText(64).trim().min(1).nullable(),
    guildRealm: zText(64).trim().min(1).nullable(),
    wclZoneId: zInt().positive().max(1_000_000).nullable(),
  })
  .partial();
export type TIntegrationSettingsUpdate = z.infer<typeof zIntegrationSettingsUpdate>;

/** Configuration problems that make a sync skip its run until an officer fixes them. */
export const zSyncProblemCode = z.enum([
  'NOT_WOW',
  'NO_REGION',
  'NO_REALM',
  'NO_CREDENTIALS',
  'CREDENTIALS_REFUSED',
  'UNKNOWN_REALM',
  'GUILD_NOT_FOUND',
]);
export type TSyncProblemCode = z.infer<typeof zSyncProblemCode>;

/** The last run of one provider's sync, as the integrations page shows it. */
export const zSyncStatus = z.object({
  job: z.string(),
  status: z.enum(['queued', 'running', 'succeeded', 'skipped', 'failed']),
  at: z.string().nullable(),
  /** Why the run was skipped (a configuration problem), or a failed run's error. */
  problem: z.object({ code: zSyncProblemCode.or(z.literal('FAILED')), reason: z.string() }).nullable(),
  /** Realms that are in no realm table: their slugs were guessed. */
  realmGuessed: z.array(z.string()),
  /** Realms the provider does not know (its characters were left alone, not marked "not found"). */
  unknownRealms: z.array(z.string()),
});
export type TSyncStatus = z.infer<typeof zSyncStatus>;

export const zIntegrations = z.object({
  settings: zIntegrationSettings,
  /**
   * Which credentials are stored (set them with `PUT /credentials/{provider}`):
   * `raiderio` {accessKey} (optional), `warcraftlogs` {clientId, clientSecret},
   * `blizzard` {clientId, clientSecret}.
   */
  credentials: z.object({ raiderio: z.boolean(), warcraftlogs: z.boolean(), blizzard: z.boolean() }),
  currentZone: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  /** The Battle.net login URL members use to prove who they are (needs Blizzard credentials). */
  battlenetLoginUrl: z.string().nullable(),
  /** The last run of each sync: what an officer has to fix shows here. */
  syncs: z.object({
    raiderio: zSyncStatus.nullable(),
    warcraftlogs: zSyncStatus.nullable(),
    blizzard: zSyncStatus.nullable(),
  }),
});
export type TIntegrations = z.infer<typeof zIntegrations>;

export const zBestRun = z.object({
  /** Raider.IO's short name, e.g. `ARAK`. */
  dungeon: z.string(),
  dungeonName: z.string(),
  level: z.number().int(),
  clearTimeMs: z.number().int(),
  parTimeMs: z.number().int().nullable(),
  /** Keystone upgrades: 0 = depleted, 1–3 = timed with so many chests. */
  upgrades: z.number().int(),
  score: z.number().nullable(),
  completedAt: z.string(),
  url: z.string().nullable(),
});
export type TBestRun = z.infer<typeof zBestRun>;

export const zScorePoint = z.object({
  score: z.number(),
  source: z.enum(['addon', 'raiderio']),
  at: z.string(),
});

export const zMythicPlusCharacter = z.object({
  characterId: z.string(),
  name: z.string(),
  isMain: z.boolean(),
  score: z.number().nullable(),
  itemLevel: z.number().nullable(),
  avatarUrl: z.string().nullable(),
  renderUrl: z.string().nullable(),
  spec: z.string().nullable(),
  role: z.enum(['tank', 'healer', 'dps']).nullable(),
  /** `not_found` when Raider.IO does not know the character. */
  externalStatus: z.string().nullable(),
  season: z.string().nullable(),
  bestRuns: z.array(zBestRun),
  /** Every change of score, oldest first. */
  history: z.array(zScorePoint),
  /** The score at the end of each week (Monday, UTC) that has one, oldest first: the profile's graph. */
  weekly: z.array(z.object({ week: z.string(), score: z.number() })),
});
export type TMythicPlusCharacter = z.infer<typeof zMythicPlusCharacter>;

export const zMythicPlus = z.object({
  memberId: z.string(),
  /** The main character first. */
  characters: z.array(zMythicPlusCharacter),
});
export type TMythicPlus = z.infer<typeof zMythicPlus>;

export const zDifficulty = z.enum(['lfr', 'normal', 'heroic', 'mythic']);
export const zParseBracket = z.enum(['grey', 'green', 'blue', 'purple', 'orange', 'pink', 'gold']);

export const zParse = z.object({
  characterId: z.string(),
  characterName: z.string(),
  zoneId: z.number().int(),
  encounterId: z.number().int(),
  encounterName: z.string(),
  difficulty: zDifficulty,
  bestPercent: z.number().nullable(),
  medianPercent: z.number().nullable(),
  /** Warcraft Logs' colour for the percent: grey <25, green 25–49, blue 50–74, purple 75–94, orange 95–98, pink 99, gold 100. */
  bestBracket: zParseBracket.nullable(),
  medianBracket: zParseBracket.nullable(),
  kills: z.number().int(),
  spec: z.string().nullable(),
  updatedAt: z.string(),
});
export type TParse = z.infer<typeof zParse>;

export const zParses = z.object({
  memberId: z.string(),
  zone: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  items: z.array(zParse),
});
export type TParses = z.infer<typeof zParses>;

export const zRaidProgress = z.object({
  zone: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  /** Bosses killed per difficulty, e.g. heroic 6/8. */
  summary: z.array(z.object({ difficulty: zDifficulty, killed: z.number().int(), total: z.number().int() })),
  bosses: z.array(
    z.object({
      encounterId: z.number().int(),
      name: z.string(),
      kills: z.array(
        z.object({ difficulty: zDifficulty, killed: z.boolean(), firstKillAt: z.string().nullable() }),
      ),
    }),
  ),
  updatedAt: z.string().nullable(),
});
export type TRaidProgress = z.infer<typeof zRaidProgress>;

export const zWclAttendanceQuery = z.object({
  weeks: zQueryInt().min(1).max(52).default(8),
  limit: zQueryInt().min(1).max(1000).default(100),
  offset: zQueryInt().min(0).default(0),
});

export const zWclAttendanceItem = z.object({
  /** Null when the logged name matches no character of the community. */
  memberId: z.string().nullable(),
  characterId: z.string().nullable(),
  name: z.string(),
  class: z.string().nullable(),
  /** Raid nights logged with the player present. */
  present: z.number().int(),
  /** Raid nights with the player on the bench. */
  bench: z.number().int(),
  /** (present + bench) / raid nights in the range, 0…1. */
  share: z.number().nullable(),
});
export type TWclAttendanceItem = z.infer<typeof zWclAttendanceItem>;

export const zWclAttendance = zListOf(zWclAttendanceItem).extend({
  from: z.string(),
  to: z.string(),
  reports: z.array(
    z.object({
      code: z.string(),
      title: z.string().nullable(),
      startTime: z.string(),
      zone: z.string().nullable(),
    }),
  ),
});
export type TWclAttendance = z.infer<typeof zWclAttendance>;

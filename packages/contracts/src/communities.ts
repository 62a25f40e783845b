import { z } from 'zod';
import { zInt, zText } from './common';

export const zGame = z.enum(['wow', 'osrs', 'dota', 'racing']);
export const zLanguage = z.enum(['en', 'es']);
/**
 * The pages a community can open to visitors who are not signed in, and the API reads each
 * one needs (a route's guard names the read it serves). Shared by the server (the demo opens
 * them all) and the dashboard (the settings page and what a visitor sees).
 */
export const PUBLIC_PAGE_READS = {
  home: ['home', 'kpis', 'heatmap', 'feed'],
  roster: ['roster', 'members'],
  leaderboard: ['leaderboard', 'mythic-plus'],
  raid: ['raid', 'raid-progress', 'attendance', 'wcl-attendance'],
  logs: ['logs'],
} as const satisfies Record<string, readonly string[]>;
export type TPublicPage = keyof typeof PUBLIC_PAGE_READS;
export const PUBLIC_PAGES = Object.keys(PUBLIC_PAGE_READS) as TPublicPage[];

export const zModuleName = z.enum(['wow', 'activity', 'telemetry', 'osrs', 'events', 'dota', 'admin']);

/**
 * The modules a community of each game runs: `core` always, `optional` unless left out at
 * creation. Shared by the server (what a new community gets) and the create form.
 */
export const GAME_MODULES = {
  wow: { core: ['wow', 'activity'], optional: ['telemetry', 'events'] },
  osrs: { core: ['osrs', 'activity'], optional: ['events'] },
  dota: { core: ['dota'], optional: ['events'] },
  racing: { core: ['events'], optional: [] },
} as const satisfies Record<z.infer<typeof zGame>, { core: readonly string[]; optional: readonly string[] }>;

const zTimezone = zText(64).refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'unknown IANA time zone' },
);

export const zOsrsNicknameRule = z.union([
  z.enum(['off', 'exact']),
  z
    .string()
    .trim()
    .min(6)
    .max(64)
    .refine((p) => p.split('{name}').length === 2, { message: 'a pattern holds {name} exactly once' })
    .refine((p) => !/[{}]/.test(p.replace('{name}', '')), { message: 'only {name} may use braces' }),
]);

export const zRaidNight = z.object({
  weekday: zInt().min(0).max(6),
  start: zText(5).regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM'),
  minutes: zInt().min(15).max(720),
});

export const zCommunitySettings = z.object({
  memberModules: z.array(zModuleName).optional(),
  publicPages: z.array(zText(40)).max(20).optional(),
  raidNights: z.array(zRaidNight).max(14).optional(),
  /** OSRS: the clan's Wise Old Man group (`wiseoldman.net/groups/<id>`); null unsets it. */
  womGroupId: zInt().min(1).nullable().optional(),
  /** OSRS: the clan's rank ladder for the report's Tenure sheet: a member is due `role` after `afterDays` in the clan. */
  osrsRankRules: z
    .array(z.object({ role: z.string().trim().min(1).max(40), afterDays: zInt().min(0).max(36500) }))
    .max(50)
    .optional(),
  /**
   * OSRS: how a Discord name links a member to a clan member. `off`; `exact` (the default: the
   * whole name is the OSRS name, case, spaces, `_` and `-` alike); or a pattern with `{name}`
   * once and `*` for anything, e.g. `{name} |*` (the OSRS name is the part before ` |`).
   */
  osrsNicknameRule: zOsrsNicknameRule.optional(),
});

export const zCommunityCreate = z.object({
  name: zText(80).trim().min(1),
  game: zGame,
  region: z.enum(['us', 'eu', 'kr', 'tw', 'cn']).optional(),
  realm: zText(64).trim().min(1).optional(),
  timezone: zTimezone.default('UTC'),
  language: zLanguage.default('en'),
  inactivityDays: zInt().min(1).max(3650).default(30),
  settings: zCommunitySettings.optional(),
  /**
   * The optional modules to run (telemetry, events…); the game's own are always on. Unset: every
   * module the game offers (`GAME_MODULES`).
   */
  modules: z.array(zModuleName).max(20).optional(),
});
export type TCommunityCreate = z.input<typeof zCommunityCreate>;

export const zCommunityUpdate = z
  .object({
    name: zText(80).trim().min(1),
    region: z.enum(['us', 'eu', 'kr', 'tw', 'cn']).nullable(),
    realm: zText(64).trim().min(1).nullable(),
    timezone: zTimezone,
    language: zLanguage,
    inactivityDays: zInt().min(1).max(3650),
    modules: z.array(zModuleName).max(20),
    settings: zCommunitySettings,
  })
  .partial();
export type TCommunityUpdate = z.infer<typeof zCommunityUpdate>;

export const zCommunity = z.object({
  id: z.string(),
  name: z.string(),
  game: zGame,
  region: z.string().nullable(),
  realm: z.string().nullable(),
  timezone: z.string(),
  language: zLanguage,
  inactivityDays: z.number().int(),
  modules: z.array(z.string()),
  settings: zCommunitySettings,
  createdAt: z.string(),
});
export type TCommunity = z.infer<typeof zCommunity>;

export const zCredentialInput = z.object({
  fields: z.record(zText(64).min(1), zText(4096).min(1)),
});
export const zCredential = z.object({
  provider: z.string(),
  /** Each field masked: the stored values never come back. */
  fields: z.record(z.string(), z.string()),
  updatedAt: z.string(),
});
export type TCredential = z.infer<typeof zCredential>;

import { z } from 'zod';

export const zGame = z.enum(['wow', 'osrs', 'dota', 'racing']);
export const zLanguage = z.enum(['en', 'es']);
export const zModuleName = z.enum(['wow', 'activity', 'telemetry', 'osrs', 'events', 'dota', 'admin']);

const zTimezone = z.string().refine(
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

export const zRaidNight = z.object({
  weekday: z.number().int().min(0).max(6),
  start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM'),
  minutes: z.number().int().min(15).max(720),
});

export const zCommunitySettings = z.object({
  memberModules: z.array(zModuleName).optional(),
  publicPages: z.array(z.string().max(40)).max(20).optional(),
  raidNights: z.array(zRaidNight).max(14).optional(),
});

export const zCommunityCreate = z.object({
  name: z.string().trim().min(1).max(80),
  game: zGame,
  region: z.enum(['us', 'eu', 'kr', 'tw', 'cn']).optional(),
  realm: z.string().trim().min(1).max(64).optional(),
  timezone: zTimezone.default('UTC'),
  language: zLanguage.default('en'),
  inactivityDays: z.number().int().min(1).max(3650).default(30),
});
export type TCommunityCreate = z.input<typeof zCommunityCreate>;

export const zCommunityUpdate = z
  .object({
    name: z.string().trim().min(1).max(80),
    region: z.enum(['us', 'eu', 'kr', 'tw', 'cn']).nullable(),
    realm: z.string().trim().min(1).max(64).nullable(),
    timezone: zTimezone,
    language: zLanguage,
    inactivityDays: z.number().int().min(1).max(3650),
    modules: z.array(zModuleName),
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
  fields: z.record(z.string().min(1).max(64), z.string().min(1).max(4096)),
});
export const zCredential = z.object({
  provider: z.string(),
  /** Each field masked: the stored values never come back. */
  fields: z.record(z.string(), z.string()),
  updatedAt: z.string(),
});
export type TCredential = z.infer<typeof zCredential>;

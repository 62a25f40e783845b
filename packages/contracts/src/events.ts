import { z } from 'zod';

/** Seats per sign-up role or class (e.g. `{ roles: { driver: 20, reserve: 4 } }`). */
export const zEventCaps = z
  .object({
    roles: z.record(z.string().min(1).max(40), z.number().int().min(0).max(10_000)).optional(),
    classes: z.record(z.string().min(1).max(40), z.number().int().min(0).max(10_000)).optional(),
  })
  .strict();
export type TEventCaps = z.infer<typeof zEventCaps>;

/** A car: one from the community's vehicle catalogue, or free text. */
export const zRacingVehicle = z.union([
  z.object({ vehicleId: z.string().uuid() }).strict(),
  z.object({ text: z.string().trim().min(1).max(100) }).strict(),
]);

export const zRacingSettings = z
  .object({
    practiceMinutes: z.number().int().min(0).max(600).optional(),
    qualifyingMinutes: z.number().int().min(0).max(600).optional(),
    raceMinutes: z.number().int().min(1).max(1440).optional(),
    raceLaps: z.number().int().min(1).max(1000).optional(),
    weather: z.string().trim().max(100).optional(),
    /** Damage, in percent (0 = off). */
    damagePercent: z.number().int().min(0).max(100).optional(),
  })
  .strict();

/** The regulation is an HTTPS link or a Discord channel, never both. */
export const zRacingRules = z
  .object({
    text: z.string().max(4000).optional(),
    regulationUrl: z
      .string()
      .url()
      .refine((u) => u.startsWith('https://'), 'the regulation link must be https://')
      .optional(),
    regulationChannelId: z
      .string()
      .regex(/^\d{17,20}$/, 'a Discord channel id')
      .optional(),
    briefing: z.string().max(2000).optional(),
    skins: z.string().max(1000).optional(),
  })
  .strict()
  .refine((r) => !(r.regulationUrl && r.regulationChannelId), {
    message: 'the regulation is a link or a channel, not both',
    path: ['regulationChannelId'],
  });

export const zRacingDetails = z
  .object({
    trackId: z.string().uuid().optional(),
    vehicles: z.array(zRacingVehicle).max(50).default([]),
    settings: zRacingSettings.default({}),
    rules: zRacingRules.default({}),
  })
  .strict();
export type TRacingDetails = z.infer<typeof zRacingDetails>;

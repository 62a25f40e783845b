import { z } from 'zod';
import { zId, zInstant, zInt, zPageQuery, zText } from './common';

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
      .max(2000)
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

/*
 * The events API: create, read, edit (with the version read), move through the states,
 * sign up, and the calendar feeds.
 */

/** An IANA zone name the runtime knows (`Europe/Madrid`, `UTC`); offsets and abbreviations are refused. */
export const zIanaTimeZone = z
  .string()
  .max(64)
  .refine((tz) => {
    if (tz !== 'UTC' && !tz.includes('/')) return false;
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'an IANA time zone such as Europe/Madrid');

const zTitle = zText(120)
  .transform((s) => s.trim())
  .pipe(z.string().min(1, 'a title is needed'));
const zWhen = zInstant;

export const zEventCreate = z
  .object({
    title: zTitle,
    description: zText(4000).optional(),
    startsAt: zWhen,
    timeZone: zIanaTimeZone.optional(),
    durationMinutes: z.number().int().min(1).max(10_080).optional(),
    capacity: z.number().int().min(0).max(10_000),
    caps: zEventCaps.optional(),
    registrationOpensAt: zWhen.nullable().optional(),
    registrationClosesAt: zWhen.nullable().optional(),
    publishAt: zWhen.nullable().optional(),
    reminderOffsets: z.array(z.number().int().min(1).max(43_200)).max(10).optional(),
    racing: zRacingDetails.nullable().optional(),
    channelId: z
      .string()
      .regex(/^\d{17,20}$/, 'a Discord channel id')
      .nullable()
      .optional(),
  })
  .strict();
export type TEventCreate = z.infer<typeof zEventCreate>;

/** An edit names the version it was made from: an older one is a 409, never a silent overwrite. */
export const zEventUpdate = zEventCreate
  .partial()
  .extend({ version: zInt().min(1) })
  .strict();
export type TEventUpdate = z.infer<typeof zEventUpdate>;

/** A state change may name the version it saw; without one it applies to whatever is current. */
export const zEventTransition = z.object({ version: zInt().min(1).optional() }).strict();

export const zEventStatus = z.enum(['draft', 'scheduled', 'active', 'completed', 'archived', 'cancelled']);

export const zEvent = z.object({
  id: z.string(),
  communityId: z.string(),
  title: z.string(),
  description: z.string(),
  startsAt: z.string(),
  timeZone: z.string(),
  durationMinutes: z.number().int(),
  status: zEventStatus,
  capacity: z.number().int(),
  caps: zEventCaps,
  registrationOpensAt: z.string().nullable(),
  registrationClosesAt: z.string().nullable(),
  publishAt: z.string().nullable(),
  reminderOffsets: z.array(z.number().int()),
  racing: zRacingDetails.nullable(),
  channelId: z.string().nullable(),
  messageId: z.string().nullable(),
  version: z.number().int(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedBy: z.string(),
  updatedAt: z.string(),
  publishedAt: z.string().nullable(),
  archivedAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  signups: z.object({ confirmed: z.number().int(), waitlisted: z.number().int() }).optional(),
});
export type TEvent = z.infer<typeof zEvent>;

export const zEventListQuery = zPageQuery.extend({
  q: zText(120).optional(),
  from: zInstant.optional(),
  to: zInstant.optional(),
  status: zEventStatus.optional(),
});
export type TEventListQuery = z.infer<typeof zEventListQuery>;

export const zEventParams = z.object({ id: zId, eventId: zId });

const zSnowflake = z.string().regex(/^\d{17,20}$/, 'a Discord user id');

export const zSignupCreate = z
  .object({
    discordUserId: zSnowflake.optional(),
    displayName: zText(100)
      .transform((s) => s.trim())
      .pipe(z.string().min(1))
      .optional(),
    role: zText(40).optional(),
    class: zText(40).optional(),
  })
  .strict();
export type TSignupCreate = z.infer<typeof zSignupCreate>;

export const zSignupParams = zEventParams.extend({ discordUserId: zSnowflake });

export const zSignup = z.object({
  discordUserId: z.string(),
  displayName: z.string(),
  status: z.enum(['confirmed', 'waitlisted']),
  /** Seat order among the confirmed, or place on the waitlist; both from 1. */
  position: z.number().int(),
  role: z.string().nullable(),
  class: z.string().nullable(),
});
export type TSignup = z.infer<typeof zSignup>;

export const zSignupList = z.object({ items: z.array(zSignup), total: z.number().int() });

export const zCalendarQuery = z.object({ token: zText(400) });

export const zCalendarFeeds = z.object({
  /** Every event of the community. */
  community: z.string(),
  /** Only the events the caller signed up to (needs a linked Discord account). */
  member: z.string().nullable(),
});

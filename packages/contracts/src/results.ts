import { z } from 'zod';
import { zId, zText } from './common';

/**
 * How a championship scores a race: points by classified position (index 0 = winner), points
 * for the fastest lap (classified finishers only), and whether penalty seconds are added to
 * the race time (re-ordering the classification) or penalties are points taken off.
 */
export const zPointsSystem = z
  .object({
    positions: z.array(z.number().int().min(0).max(1000)).min(1).max(100),
    fastestLap: z.number().int().min(0).max(100).default(0),
    penaltyMode: z.enum(['time', 'points']),
    /** Each driver's worst N rounds do not count (rounds they missed count as 0). */
    dropWorst: z.number().int().min(0).max(50).default(0),
  })
  .strict();
export type TPointsSystem = z.infer<typeof zPointsSystem>;

export const zChampionshipInput = z
  .object({ name: zText(100).trim().min(1), season: zText(40).trim().min(1), pointsSystem: zPointsSystem })
  .strict();
export type TChampionshipInput = z.infer<typeof zChampionshipInput>;

export const zChampionship = zChampionshipInput.extend({
  id: z.string(),
  eventIds: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TChampionship = z.infer<typeof zChampionship>;
export const zChampionshipList = z.object({ items: z.array(zChampionship), total: z.number().int() });

export const resultStatuses = ['finished', 'dnf', 'dsq', 'dns'] as const;
export const zResultStatus = z.enum(resultStatuses);

/** One driver's line of an event's result sheet, as entered. */
export const zResultEntry = z
  .object({
    discordUserId: z.string().regex(/^\d{17,20}$/, 'a Discord user id (17 to 20 digits)'),
    displayName: zText(100).trim().min(1),
    status: zResultStatus.default('finished'),
    /** Finishing position on track: required for finishers, optional for DNF, absent for DSQ/DNS. */
    position: z.number().int().min(1).max(1000).nullable().default(null),
    laps: z.number().int().min(0).max(100_000).nullable().default(null),
    /** Race time in ms; time penalties need it to re-order the classification. */
    totalTimeMs: z.number().int().min(0).max(2_000_000_000).nullable().default(null),
    bestLapMs: z.number().int().min(1).max(100_000_000).nullable().default(null),
    fastestLap: z.boolean().default(false),
    penaltySeconds: z.number().min(0).max(100_000).default(0),
    penaltyPoints: z.number().int().min(0).max(1000).default(0),
  })
  .strict();
export type TResultEntry = z.input<typeof zResultEntry>;

export const zResultSheet = z.object({ results: z.array(zResultEntry).max(200) }).strict();

/** A result line as stored, with what the championship made of it. */
export const zResultRow = z.object({
  discordUserId: z.string(),
  displayName: z.string(),
  status: zResultStatus,
  position: z.number().int().nullable(),
  laps: z.number().int().nullable(),
  totalTimeMs: z.number().int().nullable(),
  bestLapMs: z.number().int().nullable(),
  fastestLap: z.boolean(),
  penaltySeconds: z.number(),
  penaltyPoints: z.number().int(),
  /** Position after time penalties; null for DNF/DSQ/DNS. */
  classifiedPosition: z.number().int().nullable(),
  points: z.number().int(),
});
export type TResultRow = z.infer<typeof zResultRow>;
export const zEventResults = z.object({
  eventId: z.string(),
  championshipId: z.string().nullable(),
  results: z.array(zResultRow),
});
export type TEventResults = z.infer<typeof zEventResults>;

export const zStanding = z.object({
  position: z.number().int(),
  discordUserId: z.string(),
  displayName: z.string(),
  points: z.number().int(),
  /** Points of rounds that did not count (drop-worst). */
  droppedPoints: z.number().int(),
  wins: z.number().int(),
  /** How many times the driver finished 1st, 2nd, 3rd… (the tie-break after wins). */
  finishes: z.array(z.number().int()),
  rounds: z.number().int(),
});
export type TStanding = z.infer<typeof zStanding>;
export const zStandings = z.object({
  championshipId: z.string(),
  rounds: z.number().int(),
  items: z.array(zStanding),
});
export type TStandings = z.infer<typeof zStandings>;

export const zChampionshipParams = z.object({ id: zId, championshipId: zId });
export const zResultEventParams = z.object({ id: zId, eventId: zId });
export const zChampionshipEventBody = z.object({ eventId: zId }).strict();
/** A CSV result sheet sent as JSON (`text/csv` bodies are accepted too). */
export const zResultCsv = z.object({ csv: z.string().max(500_000) }).strict();

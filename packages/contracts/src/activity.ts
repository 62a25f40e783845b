import { z } from 'zod';
import { zActivityEvent } from './activity-events';
import { zInstant, zListOf, zQueryInt } from './common';

export * from './activity-events';

export const zHeatmapQuery = z.object({
  /** Weeks of snapshots, ending at `to` (default: the latest snapshot). */
  weeks: zQueryInt().min(1).max(104).default(12),
  to: zInstant.optional(),
});

export const zHeatmapCell = z.object({
  /** 0 = Sunday … 6 = Saturday, in the community's time zone (same as raid nights). */
  weekday: z.number().int().min(0).max(6),
  hour: z.number().int().min(0).max(23),
  /** Mean online count over the snapshots in this cell; null without samples. */
  average: z.number().nullable(),
  max: z.number().int().nullable(),
  samples: z.number().int(),
});

export const zHeatmap = z.object({
  timezone: z.string(),
  from: z.string(),
  to: z.string(),
  /** 168 cells, weekday-major. */
  cells: z.array(zHeatmapCell),
});
export type THeatmap = z.infer<typeof zHeatmap>;

export const zFeedQuery = z.object({
  limit: zQueryInt().min(1).max(500).default(50),
  offset: zQueryInt().min(0).default(0),
  /** Kinds, comma-separated. */
  kind: z
    .string()
    .max(200)
    .regex(/^[a-z_,]*$/)
    .optional(),
  memberId: z.uuid().optional(),
  before: zInstant.optional(),
});

/** A feed line: who and when, and the event's typed `{ kind, data }`. */
export const zFeedItem = z
  .object({
    id: z.number().int(),
    at: z.string(),
    memberId: z.string().nullable(),
    memberName: z.string().nullable(),
    characterId: z.string().nullable(),
    characterName: z.string().nullable(),
    /** Class token of the character (`MAGE`), for class-coloured names. */
    characterClass: z.string().nullable(),
  })
  .and(zActivityEvent);
export type TFeedItem = z.infer<typeof zFeedItem>;
export const zFeed = zListOf(zFeedItem);

export const zAttendanceQuery = z.object({
  weeks: zQueryInt().min(1).max(52).default(8),
  limit: zQueryInt().min(1).max(1000).default(100),
  offset: zQueryInt().min(0).default(0),
  /** Include inactive members too. */
  all: z
    .enum(['true', 'false', '1', '0'])
    .transform((v) => v === 'true' || v === '1')
    .optional(),
});

export const zAttendanceItem = z.object({
  memberId: z.string(),
  name: z.string(),
  class: z.string().nullable(),
  rank: z.string().nullable(),
  active: z.boolean(),
  /** Raid-night windows in which the member was seen online. */
  attended: z.number().int(),
  /** Windows with presence data at all (the denominator). */
  windows: z.number().int(),
  /** attended / windows, 0…1; null when no window has data. */
  share: z.number().nullable(),
  /** Raid nights logged on Warcraft Logs in the same range (present, benched, out of); null without logs. */
  wcl: z
    .object({ present: z.number().int(), bench: z.number().int(), nights: z.number().int() })
    .nullable()
    .optional(),
});

export const zAttendance = z.object({
  items: z.array(zAttendanceItem),
  total: z.number().int(),
  from: z.string(),
  to: z.string(),
  timezone: z.string(),
  /** Raid-night windows configured in the range. */
  windows: z.number().int(),
  /** Of those, the windows in which anyone was seen online. */
  observedWindows: z.number().int(),
});
export type TAttendance = z.infer<typeof zAttendance>;

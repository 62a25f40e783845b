import { z } from 'zod';
import { zQueryInt } from './common';

/**
 * `POST /api/v1/communities/:id/telemetry/combat-log`: a WoW combat log (raw text or gzip) into
 * the lake, and `GET …/combat-log/:fileId`: how much of a log is imported, so a client sends
 * only the rest. A log is named by its first line (`fileId`, 24 hex digits).
 */

export const zCombatLogFileId = z.string().regex(/^[0-9a-f]{24}$/, '24 lowercase hex digits');

export const zCombatLogUploadQuery = z.object({
  /** Byte of the log (uncompressed) the body starts at: 0, or the `offset` the status reports. */
  // Text in the query: logs pass 2 GiB, beyond what an integer parameter is allowed to hold.
  offset: z
    .string()
    .regex(/^\d{1,15}$/, 'a byte offset: 0 or a whole number')
    .default('0')
    .transform(Number),
  /** Required when `offset` > 0 (the body then lacks the first line that names the log). */
  fileId: zCombatLogFileId.optional(),
  /** The file's name: `WoWCombatLog-MMDDYY_HHMMSS.txt` gives the year of timestamps without one. */
  name: z.string().min(1).max(255).optional(),
  /** Zone of timestamps written without one (logs before 11.x), minutes east of UTC. */
  utcOffset: zQueryInt().min(-840).max(840).default(0),
});
export type TCombatLogUploadQuery = z.infer<typeof zCombatLogUploadQuery>;

export const zCombatLogCounts = z.object({
  raids: z.number().int(),
  pulls: z.number().int(),
  events: z.number().int(),
  combatants: z.number().int(),
});

export const zCombatLogImportResult = z.object({
  fileId: zCombatLogFileId,
  /** Bytes of the log imported so far: send the next part from here. */
  offset: z.number().int(),
  /** Where this request's import began (0 for a first import). */
  resumedAt: z.number().int(),
  /** The log's totals over every import. */
  counts: zCombatLogCounts,
  /** What this request added (all zero for a log already imported). */
  added: zCombatLogCounts,
});
export type TCombatLogImportResult = z.infer<typeof zCombatLogImportResult>;

export const zCombatLogStatus = z.object({
  fileId: zCombatLogFileId,
  name: z.string(),
  offset: z.number().int(),
  counts: zCombatLogCounts,
  updatedAt: z.string(),
});
export type TCombatLogStatus = z.infer<typeof zCombatLogStatus>;

import { z } from 'zod';
import { RAID_ID_PATTERN } from './telemetry';

/**
 * `POST /api/v1/communities/:id/telemetry/events`: what the sender gets back. Every event is
 * judged on its own: the valid ones are stored, each refused one is listed by its position with
 * the field at fault and why. 201 when every event was stored, 207 when some were refused;
 * when none is valid the answer is a 400 `TELEMETRY_EVENTS_REJECTED` error whose `details`
 * hold this same shape.
 */
export const zTelemetryFieldError = z.object({
  /** The field at fault; null for the event as a whole (not an object, not JSON). */
  field: z.string().nullable(),
  message: z.string(),
});

export const zTelemetryRejectedEvent = z.object({
  /** Array index, or the n-th non-blank NDJSON line (0-based). */
  index: z.number().int(),
  errors: z.array(zTelemetryFieldError),
});

export const zTelemetryIngestResult = z.object({
  status: z.enum(['accepted', 'partially_accepted', 'rejected']),
  /** Names the bronze objects this batch wrote; the same on a retried request. */
  batchId: z.string(),
  received: z.number().int(),
  accepted: z.number().int(),
  rejected: z.array(zTelemetryRejectedEvent),
  /** Raids the stored events belong to. */
  raids: z.array(z.string()),
});
export type TTelemetryIngestResult = z.infer<typeof zTelemetryIngestResult>;

/** The `Idempotency-Key` header: any printable text a sender picks, e.g. a UUID per batch. */
export const zIdempotencyKey = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\x21-\x7e]+$/, 'must be 1–200 printable ASCII characters without spaces');

export const zTelemetryIngestHeaders = z.object({ 'idempotency-key': zIdempotencyKey.optional() });

/** `GET …/telemetry/stream`: one raid's events, or every raid's when `raid` is left out. */
export const zTelemetryStreamQuery = z.object({
  raid: z
    .string()
    .regex(new RegExp(RAID_ID_PATTERN.source), 'must look like raid001 (raid and three digits)')
    .optional(),
});

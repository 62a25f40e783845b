/**
 * The raid telemetry event of the seed project "raid-savior", accepted unchanged, with its
 * validation rules (unknown keys refused, strings trimmed before length checks, lenient
 * coercion: `"5"` is 5, a numeric timestamp is epoch seconds) and without its mistakes: a
 * timestamp without a zone, a missing amount or resource, a future time and a non-object item
 * are each a rejected event naming the field, never a crash.
 *
 * `zTelemetryEvent(options)` is the specification; `validateTelemetryBatch` applies the same
 * rules through a hand-written fast path and asks the zod schema only for the error messages
 * of the events it refuses (the two are checked against each other in telemetry.test.ts).
 */

export {
  type ParsedTelemetryBatch,
  type TelemetryBatchAccepted,
  type TelemetryBatchResult,
  type TelemetryFieldError,
  type TelemetryRejectedEvent,
  validateParsedTelemetry,
  validateTelemetryBatch,
  validateTelemetryEvents,
} from './telemetry-batch';
export * from './telemetry-model';
export { zTelemetryEvent } from './telemetry-schema';
export { formatTelemetryTime, parseTelemetryTime, TIMESTAMP_ZONE_MESSAGE } from './telemetry-values';
export type { VerbatimTails } from './telemetry-verbatim';

/** Batches: every item judged on its own, by the fast path first and by the zod schema for the refused. */

import { fastEvent, newUuidV4, type Trace } from './telemetry-fields';
import type { TelemetryValidationOptions, TTelemetryEvent } from './telemetry-model';
import { FUTURE_MESSAGE, zTelemetryEventFields } from './telemetry-schema';
import { formatTelemetryTime } from './telemetry-values';
import { type Verbatim, type VerbatimTails, verbatimTails } from './telemetry-verbatim';

export interface TelemetryFieldError {
  /** The field at fault, or `null` for the event as a whole (not an object, not JSON). */
  field: string | null;
  message: string;
}

export interface TelemetryRejectedEvent {
  /** Position in the batch: array index, or the n-th non-blank NDJSON line (0-based). */
  index: number;
  errors: TelemetryFieldError[];
}

export type TelemetryBatchResult =
  | TelemetryBatchAccepted
  | {
      ok: false;
      code: 'TELEMETRY_NOT_JSON' | 'TELEMETRY_EMPTY_BATCH' | 'TELEMETRY_NOT_ARRAY';
      message: string;
    };

/** zod's view of one refused item, as field errors. */
function explain(
  item: unknown,
  nowMicros: number,
  newEventId: () => string,
): TTelemetryEvent | TelemetryFieldError[] {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    return [{ field: null, message: 'must be a JSON object' }];
  }
  const r = zTelemetryEventFields.safeParse(item, {
    error: (issue) => {
      if (issue.input === undefined && issue.code !== 'custom') return 'is required';
      if (issue.code === 'unrecognized_keys') return `unknown field(s): ${issue.keys.join(', ')}`;
      return undefined;
    },
  });
  if (r.success) {
    const e = r.data;
    if (e.timestamp > nowMicros) return [{ field: 'timestamp', message: FUTURE_MESSAGE }];
    return {
      ...e,
      event_id: e.event_id ?? newEventId(),
      timestamp: formatTelemetryTime(e.timestamp),
      ingestion_timestamp: formatTelemetryTime(e.ingestion_timestamp ?? nowMicros),
    };
  }
  return r.error.issues.map((issue) => {
    const head = issue.path[0];
    return { field: typeof head === 'string' ? head : null, message: issue.message };
  });
}

/** An accepted batch. */
export interface TelemetryBatchAccepted {
  ok: true;
  accepted: TTelemetryEvent[];
  rejected: TelemetryRejectedEvent[];
}

function collect(
  items: readonly unknown[],
  indexOf: (i: number) => number,
  options: TelemetryValidationOptions,
  preRejected: TelemetryRejectedEvent[],
  withTails: boolean,
): { result: TelemetryBatchAccepted; verbatim: Verbatim | undefined; nowCanonical: string } {
  const now = options.now ?? Date.now;
  const nowMicros = now() * 1000;
  const nowCanonical = formatTelemetryTime(nowMicros);
  const newEventId = options.newEventId ?? newUuidV4;
  const accepted: TTelemetryEvent[] = [];
  const rejected = preRejected;
  const trace: Trace = { same: true, sent: 0, keys: 0, newId: false };
  let verbatim: Verbatim | undefined =
    withTails && preRejected.length === 0 ? { sent: [], newIds: [], keys: 0 } : undefined;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const event = fastEvent(item, nowCanonical, newEventId, trace);
    if (event !== undefined) {
      accepted.push(event);
      if (verbatim !== undefined) {
        if (!trace.same) verbatim = undefined;
        else {
          verbatim.sent.push(trace.sent);
          verbatim.newIds.push(trace.newId);
          verbatim.keys += trace.keys;
        }
      }
      continue;
    }
    verbatim = undefined;
    const r = explain(item, nowMicros, newEventId);
    if (Array.isArray(r)) rejected.push({ index: indexOf(i), errors: r });
    else accepted.push(r);
  }
  rejected.sort((a, b) => a.index - b.index);
  return { result: { ok: true, accepted, rejected }, verbatim, nowCanonical };
}

/** Validates already-parsed items (a JSON array's elements). */
export function validateTelemetryEvents(
  items: readonly unknown[],
  options: TelemetryValidationOptions = {},
): TelemetryBatchAccepted {
  return collect(items, (i) => i, options, [], false).result;
}

/**
 * A batch already split into its events by the caller: one item per event found, parsed; the
 * positions of items that were not JSON (an NDJSON line), with the parser's message.
 */
export interface ParsedTelemetryBatch {
  items: readonly unknown[];
  notJson: ReadonlyMap<number, string>;
}

/**
 * Validates a batch its caller split and parsed (the server splits a body on its bytes); the
 * rules and answers of `validateTelemetryBatch`. With `verbatim`, also each accepted event's
 * tail when the whole batch was accepted with every value as sent: the caller may then store
 * each event's own text completed by its tail instead of serialising it again.
 */
export function validateParsedTelemetry(
  batch: ParsedTelemetryBatch,
  options: TelemetryValidationOptions & { verbatim?: boolean } = {},
): TelemetryBatchAccepted & { verbatim?: VerbatimTails } {
  const { items, notJson } = batch;
  if (notJson.size === 0) {
    const { result, verbatim, nowCanonical } = collect(
      items,
      (i) => i,
      options,
      [],
      options.verbatim === true,
    );
    return verbatim === undefined
      ? result
      : { ...result, verbatim: verbatimTails(verbatim, result, nowCanonical) };
  }
  const preRejected: TelemetryRejectedEvent[] = [];
  const valid: unknown[] = [];
  const positions: number[] = [];
  for (let i = 0; i < items.length; i++) {
    const message = notJson.get(i);
    if (message === undefined) {
      valid.push(items[i]);
      positions.push(i);
    } else preRejected.push({ index: i, errors: [{ field: null, message: `not valid JSON: ${message}` }] });
  }
  return collect(valid, (i) => positions[i] ?? i, options, preRejected, false).result;
}

/**
 * A batch as text: a JSON array of events, or NDJSON (one event per line; blank lines are
 * skipped and do not count as positions). A line that is not JSON is a rejected event; a
 * JSON array that does not parse, or a batch with no event, refuses the whole batch.
 */
export function validateTelemetryBatch(
  text: string,
  options: TelemetryValidationOptions = {},
): TelemetryBatchResult {
  let start = 0;
  while (start < text.length && text.charCodeAt(start) <= 32) start++;
  if (start === text.length) {
    return { ok: false, code: 'TELEMETRY_EMPTY_BATCH', message: 'the batch holds no event' };
  }
  if (text.charCodeAt(start) === 91 /* [ */) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      return {
        ok: false,
        code: 'TELEMETRY_NOT_JSON',
        message: `the batch is not valid JSON: ${(err as Error).message}`,
      };
    }
    if (!Array.isArray(parsed)) {
      return { ok: false, code: 'TELEMETRY_NOT_ARRAY', message: 'the batch must be a JSON array of events' };
    }
    if (parsed.length === 0) {
      return { ok: false, code: 'TELEMETRY_EMPTY_BATCH', message: 'the batch holds no event' };
    }
    return collect(parsed, (i) => i, options, [], false).result;
  }
  const items: unknown[] = [];
  const notJson = new Map<number, string>();
  let pos = 0;
  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    const line = text.slice(pos, end).trim();
    pos = end + 1;
    if (line === '') continue;
    try {
      items.push(JSON.parse(line));
    } catch (err) {
      notJson.set(items.length, (err as Error).message);
      items.push(undefined);
    }
  }
  return validateParsedTelemetry({ items, notJson }, options);
}

/**
 * Verbatim tails: what completes each event's own text, as sent, into its stored NDJSON line (the
 * fields it left out at their defaults, the id made for it). The ingest cuts each event's text from
 * the body's bytes and appends its tail (`apps/server/…/telemetry/ingest-batch.ts`).
 */

import type { TelemetryBatchAccepted } from './telemetry-batch';
import { blankEvent, FIELD_ORDER } from './telemetry-fields';
import type { TTelemetryEvent, TTelemetryField } from './telemetry-model';

/** Per accepted event, what its tail needs: the fields it sent, and whether its id was made here. */
export interface Verbatim {
  sent: number[];
  newIds: boolean[];
  keys: number;
}

/**
 * What completes each accepted event's own text into its stored NDJSON line, when the whole
 * batch was accepted with every value as sent (asked for by `verbatim`).
 */
export interface VerbatimTails {
  /** Per accepted event: what replaces its closing `}`: the fields it left out at their defaults, the id made for it, and the `}`. */
  tails: string[];
  /**
   * How many keys the parser read in all events: the events' text must hold exactly as many
   * `":` (no key sent twice, which the parser would have collapsed and which DuckDB refuses).
   */
  keys: number;
}

/** Each accepted event's tail: its left-out fields at their defaults, the id made for it, `}`. */
export function verbatimTails(
  verbatim: Verbatim,
  result: TelemetryBatchAccepted,
  nowCanonical: string,
): VerbatimTails {
  const suffixes = new Map<number, string>();
  const tails: string[] = new Array(verbatim.sent.length);
  for (let i = 0; i < tails.length; i++) {
    const sent = verbatim.sent[i] as number;
    let suffix = suffixes.get(sent);
    if (suffix === undefined) {
      suffix = `${defaultsSuffix(sent, nowCanonical)}}`;
      suffixes.set(sent, suffix);
    }
    tails[i] = verbatim.newIds[i]
      ? `${suffix.slice(0, -1)},"event_id":"${(result.accepted[i] as TTelemetryEvent).event_id}"}`
      : suffix;
  }
  return { tails, keys: verbatim.keys };
}

/** What the event model stores for a field an event leaves out (required fields are always sent). */
const DEFAULTS: Readonly<TTelemetryEvent> = blankEvent();

/** The fields an event left out, at their defaults, as `,"key":value…` (event_id aside). */
function defaultsSuffix(sent: number, nowCanonical: string): string {
  let out = '';
  for (let i = 0; i < FIELD_ORDER.length; i++) {
    const key = FIELD_ORDER[i] as TTelemetryField;
    if (key === 'event_id' || Math.floor(sent / 2 ** i) % 2 === 1) continue;
    const value = key === 'ingestion_timestamp' ? nowCanonical : DEFAULTS[key];
    out += `,"${key}":${JSON.stringify(value)}`;
  }
  return out;
}

/** Verbatim lines: a valid batch stored as sent, each event's own text completed by its tail. */

import type { TelemetryBatchAccepted } from './telemetry-batch';
import { blankEvent, FIELD_ORDER } from './telemetry-fields';
import type { TTelemetryEvent, TTelemetryField } from './telemetry-model';

/** Per accepted event, what `verbatimLines` needs: the fields it sent, and whether its id was made here. */
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

/**
 * Each event's own text in a JSON array of flat objects, from its `{` to its `}`: found by
 * position when the text holds exactly one `{` and one `}` per event (no brace inside a string,
 * no nested object); undefined otherwise.
 */
export function arrayElements(text: string, from: number, count: number): string[] | undefined {
  const out: string[] = new Array(count);
  let at = from;
  // Braces must alternate `{` `}` and come in exactly `count` pairs: a brace inside a string
  // breaks the alternation or the count.
  for (let i = 0; i < count; i++) {
    const open = text.indexOf('{', at);
    const close = text.indexOf('}', at);
    if (open < 0 || close < open) return undefined;
    const next = text.indexOf('{', open + 1);
    if (next >= 0 && next < close) return undefined;
    out[i] = text.slice(open, close + 1);
    at = close + 1;
  }
  return text.indexOf('{', at) < 0 && text.indexOf('}', at) < 0 ? out : undefined;
}

/** Occurrences of `needle` in `text`. */
export function countOf(text: string, needle: string): number {
  let n = 0;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) n++;
  return n;
}

/**
 * The batch with `lines`: each event's own text with its tail (`VerbatimTails`) in place of its
 * closing brace. Skips serialising the batch again, the costliest step of an ingest after
 * parsing. Only when the text proves that each element's text holds exactly the keys the
 * parser saw: no backslash anywhere (so every `"` delimits a string and `":` ends a key), one
 * `":` per key read, the element spans found, and no line break inside one.
 */
export function withLines(
  result: TelemetryBatchAccepted,
  text: string,
  elements: string[] | undefined,
  verbatim: VerbatimTails,
): TelemetryBatchAccepted {
  if (elements === undefined || elements.length !== result.accepted.length) return result;
  if (text.indexOf('\\') >= 0 || countOf(text, '":') !== verbatim.keys) return result;
  const lines: string[] = new Array(elements.length);
  for (let i = 0; i < elements.length; i++) {
    const element = elements[i] as string;
    // A pretty-printed event spans lines: its text cannot be one NDJSON line.
    if (element.indexOf('\n') >= 0 || element.indexOf('\r') >= 0) return result;
    lines[i] = `${element.slice(0, -1)}${verbatim.tails[i]}`;
  }
  return { ...result, lines };
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

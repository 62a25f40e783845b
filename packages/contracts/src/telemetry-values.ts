/** Value rules shared by the zod schema and the fast path: times, lax numbers and booleans, UUIDs. */

export const TIMESTAMP_ZONE_MESSAGE =
  'has no time zone: write it with Z or an offset, e.g. 2026-02-19T20:15:00Z or 2026-02-19T22:15:00+02:00';

const ISO_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt _](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;
export const NUMERIC = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const UUID_TEXT =
  /^(?:urn:uuid:)?\{?([0-9a-fA-F]{8})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{12})\}?$/;
export const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TRUE_WORDS = new Set(['1', 'on', 't', 'true', 'y', 'yes']);
const FALSE_WORDS = new Set(['0', 'off', 'f', 'false', 'n', 'no']);

type Checked<T> = { ok: true; value: T } | { ok: false; message: string };
const fail = (message: string): { ok: false; message: string } => ({ ok: false, message });

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Epoch µs → `YYYY-MM-DDTHH:MM:SS.ffffffZ`. */
export function formatTelemetryTime(epochMicros: number): string {
  const ms = Math.floor(epochMicros / 1000);
  const iso = new Date(ms).toISOString(); // …SS.mmmZ
  return `${iso.slice(0, 23)}${pad(epochMicros - ms * 1000, 3)}Z`;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const digit = (text: string, i: number) => text.charCodeAt(i) - 48;
const two = (text: string, i: number) => digit(text, i) * 10 + digit(text, i + 1);
const CANONICAL_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22, 23, 24, 25];

/**
 * The canonical form of a `YYYY-MM-DDTHH:MM:SS.ffffff` time in UTC (`Z` or `+00:00`), as
 * clients and the generator write it, read without a Date; undefined for any other form
 * (`parseTelemetryTime` then reads it). Canonical strings sort in time order.
 */
export function canonicalUtc(text: string): string | undefined {
  const n = text.length;
  const zulu = n === 27 && text.charCodeAt(26) === 90; /* Z */
  if (!zulu && !(n === 32 && text.endsWith('+00:00'))) return undefined;
  if (
    text.charCodeAt(4) !== 45 ||
    text.charCodeAt(7) !== 45 ||
    text.charCodeAt(10) !== 84 ||
    text.charCodeAt(13) !== 58 ||
    text.charCodeAt(16) !== 58 ||
    text.charCodeAt(19) !== 46
  ) {
    return undefined;
  }
  for (let k = 0; k < CANONICAL_DIGITS.length; k++) {
    const d = digit(text, CANONICAL_DIGITS[k] as number);
    if (d < 0 || d > 9) return undefined;
  }
  const year = two(text, 0) * 100 + two(text, 2);
  const month = two(text, 5);
  const day = two(text, 8);
  if (month < 1 || month > 12 || day < 1 || two(text, 11) > 23 || two(text, 14) > 59 || two(text, 17) > 59) {
    return undefined;
  }
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && !leap ? 28 : (DAYS_IN_MONTH[month - 1] as number))) return undefined;
  return zulu ? text : `${text.slice(0, 26)}Z`;
}

/** Epoch seconds a date can hold (±8.64e12 s, JavaScript's and PostgreSQL's range alike). */
const MAX_EPOCH_SECONDS = 8.64e12;

function epochSeconds(value: number): Checked<number> {
  if (!Number.isFinite(value)) return fail('must be a date-time');
  if (Math.abs(value) > MAX_EPOCH_SECONDS) return fail('is not a valid date-time');
  return { ok: true, value: Math.round(value * 1e6) };
}

/**
 * A timestamp as epoch µs: an ISO date-time with a zone (Z, ±HH, ±HH:MM, ±HHMM), or a number
 * (or numeric string) of epoch seconds. A date-time without a zone, or a bare date, is refused.
 */
export function parseTelemetryTime(value: unknown): Checked<number> {
  if (typeof value === 'number') return epochSeconds(value);
  if (typeof value !== 'string') return fail('must be an ISO date-time with a time zone');
  const text = value.trim();
  if (NUMERIC.test(text)) return epochSeconds(Number(text));
  const m = ISO_TIME.exec(text);
  if (!m) return fail('must be an ISO date-time with a time zone, e.g. 2026-02-19T20:15:00Z');
  if (m[4] === undefined || m[8] === undefined) return fail(TIMESTAMP_ZONE_MESSAGE);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const dim = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > dim || hour > 23 || minute > 59 || second > 59) {
    return fail('is not a valid date-time');
  }
  const micros = m[7] === undefined ? 0 : Number(m[7].padEnd(6, '0').slice(0, 6));
  const zone = m[8];
  let offsetMinutes = 0;
  if (zone !== 'Z' && zone !== 'z') {
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (oh > 23 || om > 59) return fail('has an invalid time zone offset');
    offsetMinutes = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const epochMs = Date.UTC(year, month - 1, day, hour, minute, second) - offsetMinutes * 60_000;
  return { ok: true, value: epochMs * 1000 + micros };
}

/** A number, or a string holding one (the seed's lax coercion); booleans are not numbers. */
export function laxNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string') {
    const t = value.trim();
    if (NUMERIC.test(t)) return Number(t);
  }
  return undefined;
}

export function laxBool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 0 || value === 1) return value === 1;
  if (typeof value === 'string') {
    const t = value.trim().toLowerCase();
    if (TRUE_WORDS.has(t)) return true;
    if (FALSE_WORDS.has(t)) return false;
  }
  return undefined;
}

export function checkUuid(value: unknown): Checked<string> {
  if (typeof value !== 'string') return fail('must be a UUID');
  const m = UUID_TEXT.exec(value.trim());
  if (!m) return fail('must be a UUID');
  return { ok: true, value: `${m[1]}-${m[2]}-${m[3]}-${m[4]}-${m[5]}`.toLowerCase() };
}

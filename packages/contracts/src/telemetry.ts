import { z } from 'zod';

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

export const TELEMETRY_EVENT_TYPES = [
  'combat_damage',
  'heal',
  'player_death',
  'spell_cast',
  'boss_phase',
  'mana_regeneration',
] as const;
export const TELEMETRY_ROLES = ['tank', 'healer', 'dps'] as const;
export const TELEMETRY_CLASSES = [
  'warrior',
  'paladin',
  'hunter',
  'rogue',
  'priest',
  'shaman',
  'mage',
  'warlock',
  'druid',
  'death_knight',
  'monk',
] as const;
export const TELEMETRY_SCHOOLS = [
  'physical',
  'fire',
  'frost',
  'nature',
  'shadow',
  'arcane',
  'holy',
  'chaos',
] as const;
export const TELEMETRY_TARGET_TYPES = ['player', 'boss', 'add', 'interactive'] as const;
export const TELEMETRY_RESOURCES = ['mana', 'energy', 'rage', 'focus', 'runic_power'] as const;

export type TTelemetryEventType = (typeof TELEMETRY_EVENT_TYPES)[number];
export type TTelemetryRole = (typeof TELEMETRY_ROLES)[number];
export type TTelemetryClass = (typeof TELEMETRY_CLASSES)[number];
export type TTelemetrySchool = (typeof TELEMETRY_SCHOOLS)[number];
export type TTelemetryTargetType = (typeof TELEMETRY_TARGET_TYPES)[number];
export type TTelemetryResource = (typeof TELEMETRY_RESOURCES)[number];

/** The seed receiver's default `source_system`. */
export const DEFAULT_SOURCE_SYSTEM = 'wow-raid-addon-v1.2';
export const RAID_ID_PATTERN = /^raid\d{3}$/;

/** An accepted event: every field present, defaults applied, times as UTC ISO strings with µs. */
export interface TTelemetryEvent {
  event_id: string;
  event_type: TTelemetryEventType;
  /** `YYYY-MM-DDTHH:MM:SS.ffffffZ` */
  timestamp: string;
  raid_id: string;
  encounter_id: string | null;
  encounter_duration_ms: number | null;
  source_player_id: string;
  source_player_name: string;
  source_player_role: TTelemetryRole | null;
  source_player_class: TTelemetryClass | null;
  source_player_level: number | null;
  ability_id: string | null;
  ability_name: string | null;
  ability_school: TTelemetrySchool | null;
  damage_amount: number | null;
  healing_amount: number | null;
  is_critical_hit: boolean;
  critical_multiplier: number;
  is_resisted: boolean;
  is_blocked: boolean;
  is_absorbed: boolean;
  target_entity_id: string | null;
  target_entity_name: string | null;
  target_entity_type: TTelemetryTargetType | null;
  target_entity_health_pct_before: number | null;
  target_entity_health_pct_after: number | null;
  resource_type: TTelemetryResource | null;
  resource_amount_before: number | null;
  resource_amount_after: number | null;
  resource_regeneration_rate: number | null;
  ingestion_timestamp: string;
  source_system: string;
  data_quality_flags: string[];
  server_latency_ms: number | null;
  client_latency_ms: number | null;
}

export type TTelemetryField = keyof TTelemetryEvent;

export interface TelemetryValidationOptions {
  /** The server clock in epoch ms: no event may be later; also the default `ingestion_timestamp`. */
  now?: () => number;
  /** The id of an event sent without `event_id` (default: a random UUID v4, as the seed). */
  newEventId?: () => string;
  /**
   * Also answer `lines`, each accepted event's NDJSON line cut from the batch's own text, when
   * the whole batch allows it (see `verbatimLines`): the caller then skips re-serialising.
   */
  verbatim?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Value rules shared by the schema and the fast path

export const TIMESTAMP_ZONE_MESSAGE =
  'has no time zone: write it with Z or an offset, e.g. 2026-02-19T20:15:00Z or 2026-02-19T22:15:00+02:00';

const ISO_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt _](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;
const NUMERIC = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const UUID_TEXT =
  /^(?:urn:uuid:)?\{?([0-9a-fA-F]{8})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{12})\}?$/;
const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
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
function canonicalUtc(text: string): string | undefined {
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
function laxNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string') {
    const t = value.trim();
    if (NUMERIC.test(t)) return Number(t);
  }
  return undefined;
}

function laxBool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 0 || value === 1) return value === 1;
  if (typeof value === 'string') {
    const t = value.trim().toLowerCase();
    if (TRUE_WORDS.has(t)) return true;
    if (FALSE_WORDS.has(t)) return false;
  }
  return undefined;
}

function checkUuid(value: unknown): Checked<string> {
  if (typeof value !== 'string') return fail('must be a UUID');
  const m = UUID_TEXT.exec(value.trim());
  if (!m) return fail('must be a UUID');
  return { ok: true, value: `${m[1]}-${m[2]}-${m[3]}-${m[4]}-${m[5]}`.toLowerCase() };
}

// ---------------------------------------------------------------------------------------------
// Field table: one entry per key, read by the fast path (the zod schema below states the same)

type Spec =
  | { kind: 'uuid' }
  | { kind: 'time' }
  | { kind: 'string'; min: number; max: number; pattern?: RegExp; nullable: boolean }
  | { kind: 'enum'; values: ReadonlySet<string>; nullable: boolean }
  | { kind: 'number'; min: number; max: number; int: boolean; nullable: boolean }
  | { kind: 'bool' }
  | { kind: 'list' };

const INF = Number.POSITIVE_INFINITY;
const str = (nullable: boolean, min = 0, max = INF, pattern?: RegExp): Spec => ({
  kind: 'string',
  min,
  max,
  nullable,
  ...(pattern ? { pattern } : {}),
});
const oneOf = (values: readonly string[], nullable: boolean): Spec => ({
  kind: 'enum',
  values: new Set(values),
  nullable,
});
const num = (min: number, max: number, int: boolean, nullable = true): Spec => ({
  kind: 'number',
  min,
  max,
  int,
  nullable,
});

const SPECS: Record<TTelemetryField, Spec> = {
  event_id: { kind: 'uuid' },
  event_type: oneOf(TELEMETRY_EVENT_TYPES, false),
  timestamp: { kind: 'time' },
  raid_id: str(false, 0, INF, RAID_ID_PATTERN),
  encounter_id: str(true),
  encounter_duration_ms: num(0, INF, true),
  source_player_id: str(false, 1),
  source_player_name: str(false, 1, 12),
  source_player_role: oneOf(TELEMETRY_ROLES, true),
  source_player_class: oneOf(TELEMETRY_CLASSES, true),
  source_player_level: num(1, 90, true),
  ability_id: str(true),
  ability_name: str(true),
  ability_school: oneOf(TELEMETRY_SCHOOLS, true),
  damage_amount: num(0, 1_000_000, false),
  healing_amount: num(0, 500_000, false),
  is_critical_hit: { kind: 'bool' },
  critical_multiplier: num(1, 5, false, false),
  is_resisted: { kind: 'bool' },
  is_blocked: { kind: 'bool' },
  is_absorbed: { kind: 'bool' },
  target_entity_id: str(true),
  target_entity_name: str(true),
  target_entity_type: oneOf(TELEMETRY_TARGET_TYPES, true),
  target_entity_health_pct_before: num(0, 100, false),
  target_entity_health_pct_after: num(0, 100, false),
  resource_type: oneOf(TELEMETRY_RESOURCES, true),
  resource_amount_before: num(0, INF, false),
  resource_amount_after: num(0, INF, false),
  resource_regeneration_rate: num(0, INF, false),
  ingestion_timestamp: { kind: 'time' },
  source_system: str(false),
  data_quality_flags: { kind: 'list' },
  server_latency_ms: num(0, INF, true),
  client_latency_ms: num(0, INF, true),
};
const FIELD_ORDER = Object.keys(SPECS) as TTelemetryField[];

/**
 * A spec as the fast path reads it: every property present, so every field is one object shape
 * and the reads of the hot loop stay monomorphic (a union of shapes made them ~2× slower); and
 * the field's bit in the mask of the fields an event sent (35 bits of a double).
 */
interface Field {
  kind: Spec['kind'];
  min: number;
  max: number;
  int: boolean;
  nullable: boolean;
  pattern: RegExp | undefined;
  values: ReadonlySet<string>;
  bit: number;
}

const NO_VALUES: ReadonlySet<string> = new Set();
const SPEC_BY_KEY = new Map<string, Field>(
  FIELD_ORDER.map((key, i): [string, Field] => {
    const spec = SPECS[key] as Spec & Partial<Field>;
    return [
      key,
      {
        kind: spec.kind,
        min: spec.min ?? 0,
        max: spec.max ?? INF,
        int: spec.int ?? false,
        nullable: spec.nullable ?? false,
        pattern: spec.pattern,
        values: spec.values ?? NO_VALUES,
        bit: 2 ** i,
      },
    ];
  }),
);

/** Fast check of one value; `undefined` means "refused" (zod then writes the message). */
function fastValue(spec: Field, value: unknown): unknown {
  switch (spec.kind) {
    case 'string': {
      if (typeof value !== 'string') return value === null && spec.nullable ? null : undefined;
      const t = value.trim();
      if (t.length < spec.min || t.length > spec.max) return undefined;
      if (spec.pattern && !spec.pattern.test(t)) return undefined;
      return t;
    }
    case 'enum':
      if (typeof value === 'string' && spec.values.has(value)) return value;
      return value === null && spec.nullable ? null : undefined;
    case 'number': {
      if (value === null) return spec.nullable ? null : undefined;
      const n = typeof value === 'number' ? value : laxNumber(value);
      if (n === undefined || !Number.isFinite(n) || n < spec.min || n > spec.max) return undefined;
      // Safe integers only, as zod's `int()`: DuckDB reads these as BIGINT, and a larger one
      // would make the whole bronze object unreadable.
      if (spec.int && !Number.isSafeInteger(n)) return undefined;
      return n;
    }
    case 'bool':
      return typeof value === 'boolean' ? value : laxBool(value);
    case 'list': {
      if (!Array.isArray(value)) return undefined;
      // The list itself when no item changes (the common case): no copy, and `same` holds.
      let out: string[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        if (typeof item !== 'string') return undefined;
        const t = item.trim();
        if (t !== item && out === undefined) out = (value as string[]).slice(0, i);
        if (out !== undefined) out.push(t);
      }
      return out ?? value;
    }
    case 'uuid': {
      if (typeof value === 'string' && CANONICAL_UUID.test(value)) return value;
      const r = checkUuid(value);
      return r.ok ? r.value : undefined;
    }
    case 'time': {
      if (typeof value === 'string') {
        const canonical = canonicalUtc(value);
        if (canonical !== undefined) return canonical;
      }
      const r = parseTelemetryTime(value);
      return r.ok ? formatTelemetryTime(r.value) : undefined;
    }
  }
}

function newUuidV4(): string {
  return globalThis.crypto.randomUUID();
}

/**
 * An event with every field at its default, the required ones empty: the fast path fills it in
 * (a literal, so each event is allocated with its final shape), and `DEFAULTS` reads the
 * defaults from it.
 */
function blankEvent(): TTelemetryEvent {
  return {
    event_id: '',
    event_type: 'spell_cast',
    timestamp: '',
    raid_id: '',
    encounter_id: null,
    encounter_duration_ms: null,
    source_player_id: '',
    source_player_name: '',
    source_player_role: null,
    source_player_class: null,
    source_player_level: null,
    ability_id: null,
    ability_name: null,
    ability_school: null,
    damage_amount: null,
    healing_amount: null,
    is_critical_hit: false,
    critical_multiplier: 1,
    is_resisted: false,
    is_blocked: false,
    is_absorbed: false,
    target_entity_id: null,
    target_entity_name: null,
    target_entity_type: null,
    target_entity_health_pct_before: null,
    target_entity_health_pct_after: null,
    resource_type: null,
    resource_amount_before: null,
    resource_amount_after: null,
    resource_regeneration_rate: null,
    ingestion_timestamp: '',
    source_system: DEFAULT_SOURCE_SYSTEM,
    data_quality_flags: [],
    server_latency_ms: null,
    client_latency_ms: null,
  };
}

/**
 * What the fast path saw of an accepted event: whether every value it sent is already the
 * stored value (`same`), which fields it sent (`sent`, one bit per field), and how many.
 */
interface Trace {
  same: boolean;
  sent: number;
  keys: number;
  newId: boolean;
}

/** The fast path: the accepted event, or `undefined` when any rule fails. */
function fastEvent(
  item: unknown,
  nowCanonical: string,
  newEventId: () => string,
  trace: Trace,
): TTelemetryEvent | undefined {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return undefined;
  const input = item as Record<string, unknown>;
  const out = blankEvent();
  const target = out as unknown as Record<string, unknown>;
  let required = 0;
  let same = true;
  let sent = 0;
  let keys = 0;
  for (const key in input) {
    const field = SPEC_BY_KEY.get(key);
    if (field === undefined) return undefined;
    const raw = input[key];
    const value = fastValue(field, raw);
    if (value === undefined) return undefined;
    if (value !== raw) same = false;
    sent += field.bit;
    keys++;
    target[key] = value;
    if (key === 'timestamp') required |= 1;
    else {
      if (key === 'event_type') required |= 2;
      else if (key === 'raid_id') required |= 4;
      else if (key === 'source_player_id') required |= 8;
      else if (key === 'source_player_name') required |= 16;
    }
  }
  // Canonical UTC strings compare in time order.
  if (required !== 31 || out.timestamp > nowCanonical) return undefined;
  switch (out.event_type) {
    case 'combat_damage':
      if (out.damage_amount === null || !(out.damage_amount > 0)) return undefined;
      break;
    case 'heal':
      if (out.healing_amount === null || !(out.healing_amount > 0)) return undefined;
      break;
    case 'mana_regeneration':
      if (out.resource_type === null) return undefined;
      break;
    default:
  }
  if (out.ingestion_timestamp === '') out.ingestion_timestamp = nowCanonical;
  trace.newId = out.event_id === '';
  if (trace.newId) out.event_id = newEventId();
  trace.same = same;
  trace.sent = sent;
  trace.keys = keys;
  return out;
}

// ---------------------------------------------------------------------------------------------
// The zod schema: the specification, and the source of every error message

const zTrimmed = z.string().trim();
const zLaxNumber = (schema: z.ZodNumber) =>
  z.preprocess((v) => (typeof v === 'string' && NUMERIC.test(v.trim()) ? Number(v.trim()) : v), schema);
const zLaxBool = z.preprocess((v) => laxBool(v) ?? v, z.boolean());
const zTime = z.unknown().transform((v, ctx): number => {
  if (v === undefined) {
    ctx.addIssue({ code: 'custom', message: 'is required' });
    return z.NEVER;
  }
  const r = parseTelemetryTime(v);
  if (!r.ok) {
    ctx.addIssue({ code: 'custom', message: r.message });
    return z.NEVER;
  }
  return r.value;
});
const zOptionalTime = z
  .unknown()
  .optional()
  .transform((v, ctx): number | undefined => {
    if (v === undefined) return undefined;
    const r = parseTelemetryTime(v);
    if (!r.ok) {
      ctx.addIssue({ code: 'custom', message: r.message });
      return z.NEVER;
    }
    return r.value;
  });

/** The fields and per-type rules, clock aside; times come out as epoch µs. */
const zTelemetryEventFields = z
  .strictObject({
    event_id: z
      .unknown()
      .optional()
      .transform((v, ctx): string | undefined => {
        if (v === undefined) return undefined;
        const r = checkUuid(v);
        if (!r.ok) {
          ctx.addIssue({ code: 'custom', message: r.message });
          return z.NEVER;
        }
        return r.value;
      }),
    event_type: z.enum(TELEMETRY_EVENT_TYPES),
    timestamp: zTime,
    raid_id: zTrimmed.regex(RAID_ID_PATTERN, 'must look like raid001 (raid and three digits)'),
    encounter_id: zTrimmed.nullable().default(null),
    encounter_duration_ms: zLaxNumber(z.number().int().min(0)).nullable().default(null),
    source_player_id: zTrimmed.min(1),
    source_player_name: zTrimmed.min(1).max(12),
    source_player_role: z.enum(TELEMETRY_ROLES).nullable().default(null),
    source_player_class: z.enum(TELEMETRY_CLASSES).nullable().default(null),
    source_player_level: zLaxNumber(z.number().int().min(1).max(90)).nullable().default(null),
    ability_id: zTrimmed.nullable().default(null),
    ability_name: zTrimmed.nullable().default(null),
    ability_school: z.enum(TELEMETRY_SCHOOLS).nullable().default(null),
    damage_amount: zLaxNumber(z.number().min(0).max(1_000_000)).nullable().default(null),
    healing_amount: zLaxNumber(z.number().min(0).max(500_000)).nullable().default(null),
    is_critical_hit: zLaxBool.default(false),
    critical_multiplier: zLaxNumber(z.number().min(1).max(5)).default(1),
    is_resisted: zLaxBool.default(false),
    is_blocked: zLaxBool.default(false),
    is_absorbed: zLaxBool.default(false),
    target_entity_id: zTrimmed.nullable().default(null),
    target_entity_name: zTrimmed.nullable().default(null),
    target_entity_type: z.enum(TELEMETRY_TARGET_TYPES).nullable().default(null),
    target_entity_health_pct_before: zLaxNumber(z.number().min(0).max(100)).nullable().default(null),
    target_entity_health_pct_after: zLaxNumber(z.number().min(0).max(100)).nullable().default(null),
    resource_type: z.enum(TELEMETRY_RESOURCES).nullable().default(null),
    resource_amount_before: zLaxNumber(z.number().min(0)).nullable().default(null),
    resource_amount_after: zLaxNumber(z.number().min(0)).nullable().default(null),
    resource_regeneration_rate: zLaxNumber(z.number().min(0)).nullable().default(null),
    ingestion_timestamp: zOptionalTime,
    source_system: zTrimmed.default(DEFAULT_SOURCE_SYSTEM),
    data_quality_flags: z.array(zTrimmed).default([]),
    server_latency_ms: zLaxNumber(z.number().int().min(0)).nullable().default(null),
    client_latency_ms: zLaxNumber(z.number().int().min(0)).nullable().default(null),
  })
  .superRefine((e, ctx) => {
    if (e.event_type === 'combat_damage' && !(e.damage_amount !== null && e.damage_amount > 0)) {
      ctx.addIssue({
        code: 'custom',
        path: ['damage_amount'],
        message: 'is required and must be > 0 for combat_damage',
      });
    }
    if (e.event_type === 'heal' && !(e.healing_amount !== null && e.healing_amount > 0)) {
      ctx.addIssue({
        code: 'custom',
        path: ['healing_amount'],
        message: 'is required and must be > 0 for heal',
      });
    }
    if (e.event_type === 'mana_regeneration' && e.resource_type === null) {
      ctx.addIssue({
        code: 'custom',
        path: ['resource_type'],
        message: 'is required for mana_regeneration',
      });
    }
  });

const FUTURE_MESSAGE = 'is in the future (after the server clock)';

/** The event schema with a given server clock; output as `TTelemetryEvent`. */
export function zTelemetryEvent(options: TelemetryValidationOptions = {}) {
  const now = options.now ?? Date.now;
  const newEventId = options.newEventId ?? newUuidV4;
  return zTelemetryEventFields
    .superRefine((e, ctx) => {
      if (e.timestamp > now() * 1000) {
        ctx.addIssue({ code: 'custom', path: ['timestamp'], message: FUTURE_MESSAGE });
      }
    })
    .transform(
      (e): TTelemetryEvent => ({
        ...e,
        event_id: e.event_id ?? newEventId(),
        timestamp: formatTelemetryTime(e.timestamp),
        ingestion_timestamp: formatTelemetryTime(e.ingestion_timestamp ?? now() * 1000),
      }),
    );
}

// ---------------------------------------------------------------------------------------------
// Batches

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

/** An accepted batch; `lines` as asked by `verbatim`, when the batch allows it. */
export interface TelemetryBatchAccepted {
  ok: true;
  accepted: TTelemetryEvent[];
  rejected: TelemetryRejectedEvent[];
  lines?: string[];
}

/** Per accepted event, what `verbatimLines` needs: the fields it sent, and whether its id was made here. */
interface Verbatim {
  sent: number[];
  newIds: boolean[];
  keys: number;
}

function collect(
  items: readonly unknown[],
  indexOf: (i: number) => number,
  options: TelemetryValidationOptions,
  preRejected: TelemetryRejectedEvent[],
): { result: TelemetryBatchAccepted; verbatim: Verbatim | undefined; nowCanonical: string } {
  const now = options.now ?? Date.now;
  const nowMicros = now() * 1000;
  const nowCanonical = formatTelemetryTime(nowMicros);
  const newEventId = options.newEventId ?? newUuidV4;
  const accepted: TTelemetryEvent[] = [];
  const rejected = preRejected;
  const trace: Trace = { same: true, sent: 0, keys: 0, newId: false };
  let verbatim: Verbatim | undefined =
    options.verbatim && preRejected.length === 0 ? { sent: [], newIds: [], keys: 0 } : undefined;
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
  return collect(items, (i) => i, { ...options, verbatim: false }, []).result;
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
 * Validates a batch its caller split and parsed (the server splits a body on its bytes); the
 * rules and answers of `validateTelemetryBatch`, plus `verbatim` when asked for and possible.
 */
export function validateParsedTelemetry(
  batch: ParsedTelemetryBatch,
  options: TelemetryValidationOptions = {},
): TelemetryBatchAccepted & { verbatim?: VerbatimTails } {
  const { items, notJson } = batch;
  if (notJson.size === 0) {
    const { result, verbatim, nowCanonical } = collect(items, (i) => i, options, []);
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
  return collect(valid, (i) => positions[i] ?? i, options, preRejected).result;
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
    const { verbatim, ...result } = validateParsedTelemetry({ items: parsed, notJson: new Map() }, options);
    if (verbatim === undefined) return result;
    return withLines(result, text, arrayElements(text, start, parsed.length), verbatim);
  }
  const items: unknown[] = [];
  const texts: string[] = [];
  const notJson = new Map<number, string>();
  let pos = 0;
  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    const line = text.slice(pos, end).trim();
    pos = end + 1;
    if (line === '') continue;
    texts.push(line);
    try {
      items.push(JSON.parse(line));
    } catch (err) {
      notJson.set(items.length, (err as Error).message);
      items.push(undefined);
    }
  }
  const { verbatim, ...result } = validateParsedTelemetry({ items, notJson }, options);
  if (verbatim === undefined) return result;
  return withLines(result, text, texts, verbatim);
}

// ---------------------------------------------------------------------------------------------
// Verbatim lines: a valid batch stored as sent

/**
 * Each event's own text in a JSON array of flat objects, from its `{` to its `}`: found by
 * position when the text holds exactly one `{` and one `}` per event (no brace inside a string,
 * no nested object); undefined otherwise.
 */
function arrayElements(text: string, from: number, count: number): string[] | undefined {
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
function withLines(
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
function verbatimTails(
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

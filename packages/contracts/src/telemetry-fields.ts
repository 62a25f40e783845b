/** The field table, one entry per key, and the fast path that reads it (the zod schema states the same rules). */

import {
  DEFAULT_SOURCE_SYSTEM,
  RAID_ID_PATTERN,
  TELEMETRY_CLASSES,
  TELEMETRY_EVENT_TYPES,
  TELEMETRY_RESOURCES,
  TELEMETRY_ROLES,
  TELEMETRY_SCHOOLS,
  TELEMETRY_TARGET_TYPES,
  type TTelemetryEvent,
  type TTelemetryField,
} from './telemetry-model';
import {
  CANONICAL_UUID,
  canonicalUtc,
  checkUuid,
  formatTelemetryTime,
  laxBool,
  laxNumber,
  parseTelemetryTime,
} from './telemetry-values';

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
export const FIELD_ORDER = Object.keys(SPECS) as TTelemetryField[];

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

export function newUuidV4(): string {
  return globalThis.crypto.randomUUID();
}

/**
 * An event with every field at its default, the required ones empty: the fast path fills it in
 * (a literal, so each event is allocated with its final shape), and `DEFAULTS` reads the
 * defaults from it.
 */
export function blankEvent(): TTelemetryEvent {
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
export interface Trace {
  same: boolean;
  sent: number;
  keys: number;
  newId: boolean;
}

/** The fast path: the accepted event, or `undefined` when any rule fails. */
export function fastEvent(
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

import type { CombatLogEvent } from '@guildhall/combat-log';
import { asciiBytes, type NdjsonBytes } from './ndjson-bytes';

/**
 * A combat log event as its bronze NDJSON line, written into bytes: the bytes of
 * `JSON.stringify(event)` and a line break, ~3× cheaper (a 100 MB log has ~185k events of
 * ~1,150 bytes of JSON each). The keys are those of the parser's event object, in its order;
 * `eventKeysMatch` checks an event's before its list is written this way, so an event shape
 * changed in the parser falls back to `JSON.stringify` instead of losing a field.
 */

const KEYS = [
  'event_id',
  'event_type',
  'timestamp',
  'raid_id',
  'encounter_id',
  'encounter_duration_ms',
  'source_player_id',
  'source_player_name',
  'source_player_role',
  'source_player_class',
  'source_player_level',
  'ability_id',
  'ability_name',
  'ability_school',
  'damage_amount',
  'healing_amount',
  'is_critical_hit',
  'critical_multiplier',
  'is_resisted',
  'is_blocked',
  'is_absorbed',
  'target_entity_id',
  'target_entity_name',
  'target_entity_type',
  'target_entity_health_pct_before',
  'target_entity_health_pct_after',
  'resource_type',
  'resource_amount_before',
  'resource_amount_after',
  'resource_regeneration_rate',
  'ingestion_timestamp',
  'source_system',
  'data_quality_flags',
  'server_latency_ms',
  'client_latency_ms',
  'overhealing_amount',
  'log_line',
] as const satisfies readonly (keyof CombatLogEvent)[];

// Every key of the event is written: a field added to CombatLogEvent fails to compile here.
type Unwritten = Exclude<keyof CombatLogEvent, (typeof KEYS)[number]>;
const everyKeyWritten: [Unwritten] extends [never] ? true : Unwritten = true;
void everyKeyWritten;

const KEY_LIST = KEYS.join(',');

/** The event's own keys are those written here, in the same order (what JSON.stringify follows). */
export function eventKeysMatch(event: CombatLogEvent): boolean {
  return Object.keys(event).join(',') === KEY_LIST;
}

/**
 * The line is written as constant runs between the values that vary: a key, a `null`, an enum
 * value and the next key are one copy, so a line is ~30 copies rather than ~110 small writes.
 */
const b = asciiBytes;
const NULL = b('null');

/** For each value of a small set (roles, classes, schools, …), `"value"` followed by `after`; a value outside it is written as a string. */
class EnumThen {
  private readonly known = new Map<string | null, Uint8Array>();
  constructor(private readonly after: string) {
    this.known.set(null, b(`null${after}`));
  }

  write(w: NdjsonBytes, value: string | null): void {
    let bytes = this.known.get(value);
    if (bytes === undefined) {
      if (this.known.size >= 64 || value === null) {
        w.str(value);
        w.raw(b(this.after));
        return;
      }
      bytes = b(`${JSON.stringify(value)}${this.after}`);
      this.known.set(value, bytes);
    }
    w.raw(bytes);
  }
}

/** A string or null, then `after`. */
class StrThen {
  private readonly nullAfter: Uint8Array;
  private readonly quotedAfter: Uint8Array;
  constructor(after: string) {
    this.nullAfter = b(`null${after}`);
    this.quotedAfter = b(`"${after}`);
  }

  write(w: NdjsonBytes, value: string | null): void {
    if (value === null) {
      w.raw(this.nullAfter);
      return;
    }
    w.raw(QUOTE);
    w.body(value);
    w.raw(this.quotedAfter);
  }
}
const QUOTE = b('"');

/** A number or null, then `after`. */
class NumThen {
  private readonly nullAfter: Uint8Array;
  private readonly after: Uint8Array;
  constructor(after: string) {
    this.nullAfter = b(`null${after}`);
    this.after = b(after);
  }

  write(w: NdjsonBytes, value: number | null): void {
    if (value === null) {
      w.raw(this.nullAfter);
      return;
    }
    w.num(value);
    w.raw(this.after);
  }
}

const START = b('{"event_id":"');
const EVENT_TYPE = b('","event_type":');
const eventType = new EnumThen(',"timestamp":"');
/** A value that stays the same over many events (the raid, the pull), with the constants around it, encoded once per change. */
class Repeated {
  private value: string | null | undefined;
  private bytes: Uint8Array = new Uint8Array(0);
  constructor(
    private readonly before: string,
    private readonly after: string,
  ) {}

  write(w: NdjsonBytes, value: string | null): void {
    if (value !== this.value) {
      this.value = value;
      this.bytes = b(`${this.before}${JSON.stringify(value)}${this.after}`);
    }
    w.raw(this.bytes);
  }
}
const raidId = new Repeated('","raid_id":', ',"encounter_id":');
// encounter_duration_ms and source_player_level are null in every parsed event (checked below).
const encounterId = new Repeated('', ',"encounter_duration_ms":null,"source_player_id":"');
const SOURCE_NAME = b('","source_player_name":"');
const SOURCE_ROLE = b('","source_player_role":');
const sourceRole = new EnumThen(',"source_player_class":');
const sourceClass = new EnumThen(',"source_player_level":null,"ability_id":');
const abilityId = new StrThen(',"ability_name":');
const abilityName = new StrThen(',"ability_school":');
const abilitySchool = new EnumThen(',"damage_amount":');
const damage = new NumThen(',"healing_amount":');
/** The four flags (critical, resisted, blocked, absorbed) by bits, with critical_multiplier 1 between. */
const FLAGS = Array.from({ length: 16 }, (_, i) =>
  b(
    `,"is_critical_hit":${(i & 1) !== 0},"critical_multiplier":1,"is_resisted":${(i & 2) !== 0},"is_blocked":${(i & 4) !== 0},"is_absorbed":${(i & 8) !== 0},"target_entity_id":`,
  ),
);
const targetId = new StrThen(',"target_entity_name":');
const targetName = new StrThen(',"target_entity_type":');
const targetType = new EnumThen(',"target_entity_health_pct_before":');
const healthBefore = new NumThen(',"target_entity_health_pct_after":');
const healthAfter = new NumThen(',"resource_type":');
/** No resource at all: what most events have. */
const NO_RESOURCE = b(
  'null,"resource_amount_before":null,"resource_amount_after":null,"resource_regeneration_rate":null,"ingestion_timestamp":"',
);
const resourceType = new EnumThen(',"resource_amount_before":');
const resourceBefore = new NumThen(',"resource_amount_after":');
const resourceAfter = new NumThen(',"resource_regeneration_rate":');
const regeneration = new NumThen(',"ingestion_timestamp":"');
const SOURCE_SYSTEM = b('","source_system":');
const sourceSystem = new EnumThen(',"data_quality_flags":');
// server_latency_ms and client_latency_ms are null in every parsed event (checked below).
const NO_FLAGS = b('[],"server_latency_ms":null,"client_latency_ms":null,"overhealing_amount":');
const AFTER_FLAGS = b(',"server_latency_ms":null,"client_latency_ms":null,"overhealing_amount":');
const overhealing = new NumThen(',"log_line":');
const END = b('}\n');

/** One event's NDJSON line (keys checked with `eventKeysMatch`). */
export function writeCombatLogEvent(w: NdjsonBytes, e: CombatLogEvent): void {
  w.reserve(0);
  if (
    e.encounter_duration_ms !== null ||
    e.source_player_level !== null ||
    e.critical_multiplier !== 1 ||
    e.server_latency_ms !== null ||
    e.client_latency_ms !== null
  ) {
    // Not what the parser writes: JSON.stringify knows.
    w.text(`${JSON.stringify(e)}\n`);
    return;
  }
  w.raw(START);
  w.body(e.event_id);
  w.raw(EVENT_TYPE);
  eventType.write(w, e.event_type);
  const timestampAt = w.length;
  w.body(e.timestamp);
  const timestampEnd = w.length;
  raidId.write(w, e.raid_id);
  encounterId.write(w, e.encounter_id);
  w.body(e.source_player_id);
  w.raw(SOURCE_NAME);
  w.body(e.source_player_name);
  w.raw(SOURCE_ROLE);
  sourceRole.write(w, e.source_player_role);
  sourceClass.write(w, e.source_player_class);
  abilityId.write(w, e.ability_id);
  abilityName.write(w, e.ability_name);
  abilitySchool.write(w, e.ability_school);
  damage.write(w, e.damage_amount);
  if (e.healing_amount === null) w.raw(NULL);
  else w.num(e.healing_amount);
  w.raw(
    FLAGS[
      (e.is_critical_hit ? 1 : 0) | (e.is_resisted ? 2 : 0) | (e.is_blocked ? 4 : 0) | (e.is_absorbed ? 8 : 0)
    ] as Uint8Array,
  );
  targetId.write(w, e.target_entity_id);
  targetName.write(w, e.target_entity_name);
  targetType.write(w, e.target_entity_type);
  healthBefore.write(w, e.target_entity_health_pct_before);
  healthAfter.write(w, e.target_entity_health_pct_after);
  if (
    e.resource_type === null &&
    e.resource_amount_before === null &&
    e.resource_amount_after === null &&
    e.resource_regeneration_rate === null
  ) {
    w.raw(NO_RESOURCE);
  } else {
    resourceType.write(w, e.resource_type);
    resourceBefore.write(w, e.resource_amount_before);
    resourceAfter.write(w, e.resource_amount_after);
    regeneration.write(w, e.resource_regeneration_rate);
  }
  // The ingestion time is the event's own unless the import sets one.
  if (e.ingestion_timestamp === e.timestamp) w.again(timestampAt, timestampEnd);
  else w.body(e.ingestion_timestamp);
  w.raw(SOURCE_SYSTEM);
  sourceSystem.write(w, e.source_system);
  if (e.data_quality_flags.length === 0) w.raw(NO_FLAGS);
  else {
    w.strings(e.data_quality_flags);
    w.raw(AFTER_FLAGS);
  }
  overhealing.write(w, e.overhealing_amount);
  w.num(e.log_line);
  w.raw(END);
}

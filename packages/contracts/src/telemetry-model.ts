/** The raid telemetry event model of the seed project "raid-savior": its enumerations, fields and validation options. */

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
}

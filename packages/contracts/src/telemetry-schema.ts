/** The zod schema of an event: the specification, and the source of every error message. */

import { z } from 'zod';
import { newUuidV4 } from './telemetry-fields';
import {
  DEFAULT_SOURCE_SYSTEM,
  RAID_ID_PATTERN,
  TELEMETRY_CLASSES,
  TELEMETRY_EVENT_TYPES,
  TELEMETRY_RESOURCES,
  TELEMETRY_ROLES,
  TELEMETRY_SCHOOLS,
  TELEMETRY_TARGET_TYPES,
  type TelemetryValidationOptions,
  type TTelemetryEvent,
} from './telemetry-model';
import { checkUuid, formatTelemetryTime, laxBool, NUMERIC, parseTelemetryTime } from './telemetry-values';

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
export const zTelemetryEventFields = z
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

export const FUTURE_MESSAGE = 'is in the future (after the server clock)';

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

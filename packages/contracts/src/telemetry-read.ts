import { z } from 'zod';
import { zQueryInt } from './common';

/**
 * What the dashboard reads from the telemetry lake's gold tables (`GET …/telemetry/raids…`).
 * Amounts are whole numbers; rates per second; percentages 0–100; times UTC ISO strings.
 */

export const zTelemetryOutcome = z.enum(['kill', 'wipe', 'incomplete']);
export type TTelemetryOutcome = z.infer<typeof zTelemetryOutcome>;

export const zTelemetryRaidsQuery = z.object({
  limit: zQueryInt().min(1).max(200).default(50),
  offset: zQueryInt().min(0).default(0),
});

/** `dim_raid` with `fact_raid_summary`. */
export const zTelemetryRaid = z.object({
  raidId: z.string(),
  /** Zone name from the combat log; null for HTTP sources that do not say. */
  zoneName: z.string().nullable(),
  startedAt: z.string(),
  endedAt: z.string(),
  /** Distinct players who did anything (the boss and adds never count). */
  players: z.number().int(),
  pulls: z.number().int(),
  kills: z.number().int(),
  wipes: z.number().int(),
  deaths: z.number().int(),
  damage: z.number(),
  healing: z.number(),
  events: z.number().int(),
  /** `http`, `combat-log` or `generator`. */
  source: z.string(),
});
export type TTelemetryRaid = z.infer<typeof zTelemetryRaid>;

export const zTelemetryRaids = z.object({
  total: z.number().int(),
  items: z.array(zTelemetryRaid),
  /** When gold was last built; null before the first pipeline run. */
  builtAt: z.string().nullable(),
});
export type TTelemetryRaids = z.infer<typeof zTelemetryRaids>;

/** `fact_pull`. */
export const zTelemetryPull = z.object({
  pullId: z.string(),
  /** 1-based within the raid, in time order. */
  number: z.number().int(),
  encounterId: z.string().nullable(),
  encounterName: z.string().nullable(),
  difficulty: z.string().nullable(),
  startedAt: z.string(),
  durationMs: z.number().int(),
  outcome: zTelemetryOutcome,
  /** The boss's health at the end (0 on a kill); null when unknown. */
  bossHpPct: z.number().nullable(),
  deaths: z.number().int(),
});
export type TTelemetryPull = z.infer<typeof zTelemetryPull>;

/** `fact_player_raid_stats` for one raid (or, in a pull, the same figures over that pull). */
export const zTelemetryPlayerStats = z.object({
  /** The roster member the player was matched to, when one was. */
  memberId: z.string().nullable(),
  playerId: z.string(),
  name: z.string(),
  class: z.string().nullable(),
  role: z.string().nullable(),
  spec: z.string().nullable(),
  damage: z.number(),
  healing: z.number(),
  overhealing: z.number(),
  damageTaken: z.number(),
  deaths: z.number().int(),
  casts: z.number().int(),
  /** Share of the player's hits and heals that were critical, 0–100. */
  critRate: z.number(),
  manaGained: z.number(),
  /** Per second of fight time (pull durations summed). */
  dps: z.number(),
  hps: z.number(),
  /** Per second of the player's own active time (first to last action in each pull). */
  activeDps: z.number(),
  activeHps: z.number(),
  damageShare: z.number(),
  healingShare: z.number(),
});
export type TTelemetryPlayerStats = z.infer<typeof zTelemetryPlayerStats>;

export const zTelemetryRaidDetail = zTelemetryRaid.extend({
  pulls: z.array(zTelemetryPull),
  players: z.array(zTelemetryPlayerStats),
});
export type TTelemetryRaidDetail = z.infer<typeof zTelemetryRaidDetail>;

export const zTelemetryDeath = z.object({
  at: z.string(),
  /** Milliseconds since the pull started. */
  offsetMs: z.number().int(),
  playerId: z.string(),
  name: z.string(),
  class: z.string().nullable(),
  /** The last hit the player took before dying, when the data has one. */
  killingBlow: z
    .object({
      sourceName: z.string().nullable(),
      abilityName: z.string().nullable(),
      amount: z.number().nullable(),
    })
    .nullable(),
});
export type TTelemetryDeath = z.infer<typeof zTelemetryDeath>;

export const zTelemetryPullDetail = zTelemetryPull.extend({
  raidId: z.string(),
  players: z.array(zTelemetryPlayerStats),
  deaths: z.array(zTelemetryDeath),
});
export type TTelemetryPullDetail = z.infer<typeof zTelemetryPullDetail>;

/** One raid of a member's history: their figures in that raid. */
export const zTelemetryMemberRaid = z.object({
  raidId: z.string(),
  startedAt: z.string(),
  zoneName: z.string().nullable(),
  name: z.string(),
  role: z.string().nullable(),
  damage: z.number(),
  healing: z.number(),
  dps: z.number(),
  hps: z.number(),
  deaths: z.number().int(),
  damageShare: z.number(),
  healingShare: z.number(),
});

export const zTelemetryMemberHistory = z.object({
  memberId: z.string(),
  items: z.array(zTelemetryMemberRaid),
});
export type TTelemetryMemberHistory = z.infer<typeof zTelemetryMemberHistory>;

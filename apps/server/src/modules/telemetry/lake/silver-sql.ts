import { TELEMETRY_EVENT_TYPES } from '@guildhall/contracts';
import { sqlList, sqlString } from './duck';

/**
 * The SQL of bronze → silver, as DuckDB runs it over the bronze objects copied into a work
 * folder. Kept apart from the orchestration (silver.ts) so the rules read in one place.
 */

/** Bronze `events` objects: the event model plus what the combat log adds. */
export const BRONZE_EVENT_COLUMNS = `{
  event_id: 'VARCHAR', event_type: 'VARCHAR', timestamp: 'VARCHAR', raid_id: 'VARCHAR',
  encounter_id: 'VARCHAR', encounter_duration_ms: 'BIGINT', source_player_id: 'VARCHAR',
  source_player_name: 'VARCHAR', source_player_role: 'VARCHAR', source_player_class: 'VARCHAR',
  source_player_level: 'INTEGER', ability_id: 'VARCHAR', ability_name: 'VARCHAR',
  ability_school: 'VARCHAR', damage_amount: 'DOUBLE', healing_amount: 'DOUBLE',
  is_critical_hit: 'BOOLEAN', critical_multiplier: 'DOUBLE', is_resisted: 'BOOLEAN',
  is_blocked: 'BOOLEAN', is_absorbed: 'BOOLEAN', target_entity_id: 'VARCHAR',
  target_entity_name: 'VARCHAR', target_entity_type: 'VARCHAR',
  target_entity_health_pct_before: 'DOUBLE', target_entity_health_pct_after: 'DOUBLE',
  resource_type: 'VARCHAR', resource_amount_before: 'DOUBLE', resource_amount_after: 'DOUBLE',
  resource_regeneration_rate: 'DOUBLE', ingestion_timestamp: 'VARCHAR', source_system: 'VARCHAR',
  data_quality_flags: 'VARCHAR[]', server_latency_ms: 'BIGINT', client_latency_ms: 'BIGINT',
  overhealing_amount: 'DOUBLE', log_line: 'BIGINT'
}`;

/**
 * Spans in microseconds: per-row TIMESTAMPTZ arithmetic (`ts + INTERVAL …`, `ts - prev > INTERVAL …`)
 * goes through ICU's calendar and costs seconds per million rows; the lake's times are UTC
 * instants, so comparing `epoch_us` values gives the same answers for a fraction of that.
 */
const MINUTE_US = 60_000_000;
const DAY_US = 24 * 60 * MINUTE_US;

const readJson = (files: readonly string[], columns: string) =>
  `read_json(${sqlList(files)}, format = 'newline_delimited', compression = 'gzip', columns = ${columns}, filename = true, hive_partitioning = false)`;

/**
 * Typed bronze events with the reason each impossible one is rejected (null when kept). Each
 * file's bronze key, ingest date, batch and position in ingest order come from the small
 * `bronze_files` table (filename → …), not from a regex on every row.
 */
export function typedEventsSql(files: readonly string[]): string {
  const types = `(${TELEMETRY_EVENT_TYPES.map(sqlString).join(', ')})`;
  return `CREATE OR REPLACE TABLE typed AS
WITH raw AS (
  SELECT r.*, f.bronze_key, f.file_no, f.ingest_date, f.batch_id, f.path_raid_id,
    try_cast("timestamp" AS TIMESTAMPTZ) AS ts,
    try_cast(ingestion_timestamp AS TIMESTAMPTZ) AS its
  FROM ${source(files, BRONZE_EVENT_COLUMNS)} r JOIN bronze_files f ON f.filename = r.filename
)
SELECT
  event_id, event_type, ts AS event_ts, its AS ingestion_ts, raid_id,
  CAST(timezone('UTC', ts) AS DATE) AS event_date,
  encounter_id, encounter_duration_ms,
  source_player_id AS source_id, source_player_name AS source_name,
  source_player_role AS source_role, source_player_class AS source_class, source_player_level AS source_level,
  ability_id, ability_name, ability_school,
  damage_amount, healing_amount, coalesce(overhealing_amount, 0) AS overhealing_amount,
  coalesce(is_critical_hit, false) AS is_critical_hit,
  CASE WHEN critical_multiplier BETWEEN 1 AND 5 THEN critical_multiplier ELSE 1 END AS critical_multiplier,
  coalesce(is_resisted, false) AS is_resisted, coalesce(is_blocked, false) AS is_blocked,
  coalesce(is_absorbed, false) AS is_absorbed,
  target_entity_id AS target_id, target_entity_name AS target_name, target_entity_type AS target_type,
  CASE WHEN target_entity_health_pct_before BETWEEN 0 AND 100 THEN target_entity_health_pct_before END AS target_hp_before,
  CASE WHEN target_entity_health_pct_after BETWEEN 0 AND 100 THEN target_entity_health_pct_after END AS target_hp_after,
  resource_type,
  CASE WHEN resource_amount_before >= 0 THEN resource_amount_before END AS resource_before,
  CASE WHEN resource_amount_after >= 0 THEN resource_amount_after END AS resource_after,
  CASE WHEN resource_regeneration_rate >= 0 THEN resource_regeneration_rate END AS resource_regen_rate,
  coalesce(source_system, '') AS source_system,
  coalesce(data_quality_flags, []) AS data_quality_flags,
  CASE WHEN server_latency_ms >= 0 THEN server_latency_ms END AS server_latency_ms,
  CASE WHEN client_latency_ms >= 0 THEN client_latency_ms END AS client_latency_ms,
  log_line, bronze_key, file_no, ingest_date, batch_id, path_raid_id,
  -- Impossible events: dropped into the rejects table with the first rule they break.
  CASE
    WHEN event_id IS NULL OR trim(event_id) = '' THEN 'missing_event_id'
    WHEN event_type IS NULL OR event_type NOT IN ${types} THEN 'unknown_event_type'
    WHEN ts IS NULL THEN 'invalid_timestamp'
    WHEN ts < TIMESTAMPTZ '2004-11-23 00:00:00+00' THEN 'timestamp_before_the_game'
    WHEN its IS NOT NULL AND epoch_us(ts) > epoch_us(its) + ${DAY_US} THEN 'timestamp_after_ingestion'
    WHEN raid_id IS NULL OR trim(raid_id) = '' THEN 'missing_raid_id'
    -- Writers file each event under its own raid; one that is not cannot be rebuilt with its raid.
    WHEN raid_id <> path_raid_id THEN 'raid_id_outside_its_partition'
    WHEN source_player_id IS NULL OR trim(source_player_id) = '' THEN 'missing_source'
    WHEN event_type = 'combat_damage' AND (damage_amount IS NULL OR NOT damage_amount > 0 OR damage_amount > 1e9)
      THEN 'impossible_damage_amount'
    WHEN event_type = 'heal' AND (healing_amount IS NULL OR healing_amount < 0 OR healing_amount > 1e9
      OR overhealing_amount < 0) THEN 'impossible_healing_amount'
    WHEN event_type = 'mana_regeneration' AND resource_type IS NULL THEN 'missing_resource_type'
    WHEN event_type = 'player_death' AND (target_entity_id IS NULL OR trim(target_entity_id) = '') THEN 'death_without_victim'
  END AS reject_reason,
  -- Kept events whose impossible values were set aside (null, or 1 for the multiplier).
  list_filter([
    CASE WHEN NOT (target_entity_health_pct_before BETWEEN 0 AND 100)
      OR NOT (target_entity_health_pct_after BETWEEN 0 AND 100) THEN 'health_pct_out_of_range' END,
    CASE WHEN NOT (critical_multiplier BETWEEN 1 AND 5) THEN 'critical_multiplier_out_of_range' END,
    CASE WHEN resource_amount_before < 0 OR resource_amount_after < 0 OR resource_regeneration_rate < 0
      THEN 'negative_resource' END,
    CASE WHEN server_latency_ms < 0 OR client_latency_ms < 0 THEN 'negative_latency' END,
    CASE WHEN its IS NOT NULL AND epoch_us(ts) > epoch_us(its) + ${5 * MINUTE_US} THEN 'clock_ahead_of_ingestion' END
  ], x -> x IS NOT NULL) AS quality_issues
FROM raw`;
}

/**
 * One copy of each event id, across every batch: the first in ingest order (ingest date,
 * bronze key, log line) wins. Ids kept by raids not rebuilt now (`other_ids`) win over any
 * new copy. Most ids come once: only ids sent more than once are ranked, and `kept` is every
 * valid row of `typed` but the `losers` (usually none), a filter rather than a semi-join with
 * a table of every winner (at 5M events a 5M-group `arg_min` and a 5M-row hash table on each
 * use of `kept`).
 */
export const DEDUP_SQL = [
  `CREATE OR REPLACE TABLE dup_ids AS
SELECT event_id FROM typed WHERE reject_reason IS NULL GROUP BY event_id HAVING count(*) > 1`,
  `CREATE OR REPLACE TABLE losers AS
SELECT t.rowid AS rid FROM typed t
WHERE t.reject_reason IS NULL AND t.event_id IN (SELECT event_id FROM other_ids)
UNION ALL
SELECT rid FROM (
  SELECT t.rowid AS rid, row_number() OVER (PARTITION BY t.event_id ORDER BY t.file_no, coalesce(t.log_line, 0),
    coalesce(t.ingestion_ts, TIMESTAMPTZ '1970-01-01 00:00:00+00'), t.event_ts, t.rowid) AS n
  FROM typed t
  WHERE t.reject_reason IS NULL AND t.event_id IN (SELECT event_id FROM dup_ids)
    AND NOT EXISTS (SELECT 1 FROM other_ids o WHERE o.event_id = t.event_id)
) WHERE n > 1`,
  `CREATE OR REPLACE VIEW kept AS
SELECT rowid AS rid, * EXCLUDE (reject_reason) FROM typed
WHERE reject_reason IS NULL AND rowid NOT IN (SELECT rid FROM losers)`,
];

/** `{ name: 'TYPE', … }` → an empty SELECT of those typed columns plus `filename`. */
function emptyOf(columns: string): string {
  const cols = [...columns.matchAll(/(\w+): '([^']+)'/g)].map(([, name, type]) => `NULL::${type} AS ${name}`);
  return `(SELECT ${cols.join(', ')}, NULL::VARCHAR AS filename WHERE false)`;
}

export const source = (files: readonly string[], columns: string) =>
  files.length > 0 ? readJson(files, columns) : emptyOf(columns);

/** How each raid was recorded, and which events belong to which pull and phase. */
export const ENRICH_SQL = [
  `CREATE OR REPLACE TABLE raid_kinds AS
SELECT raid_id,
  CASE WHEN bool_or(source_system LIKE 'wow-combat-log%') OR raid_id IN (SELECT raid_id FROM log_pulls)
         OR raid_id IN (SELECT raid_id FROM log_raids) THEN 'combat-log'
       WHEN bool_or(source_system = 'wow-raid-addon-v2.0') THEN 'generator'
       ELSE 'http' END AS source_kind
FROM kept GROUP BY raid_id`,
  // HTTP pulls: a new one where the encounter changes, the boss's health jumps back up
  // (a reset after a wipe) or five minutes pass without an event of the encounter. The
  // combat log names its pulls itself (its events' encounter_id is the pull id). The events
  // are sorted once, each raid's derived and not derived events in time order one after the
  // other, and walked in that order (next statement).
  `CREATE OR REPLACE TABLE ev_seq AS
SELECT k.rid, k.raid_id, k.event_ts, k.encounter_id,
  (rk.source_kind = 'combat-log' OR k.encounter_id IS NULL) AS not_derived, rk.source_kind,
  CASE WHEN k.target_type = 'boss' THEN k.target_hp_after END AS boss_hp,
  CASE WHEN k.event_type = 'boss_phase' THEN coalesce(try_cast(regexp_extract(
    coalesce(list_filter(k.data_quality_flags, f -> f LIKE 'boss_phase_%')[1], ''), '([0-9]+)$', 1) AS INTEGER), -1) END AS phase_mark,
  CASE WHEN k.event_type = 'boss_phase' THEN k.ability_name END AS phase_label
FROM kept k JOIN raid_kinds rk USING (raid_id)
ORDER BY k.raid_id, not_derived, k.event_ts, k.log_line, k.event_id`,
  // Only `OVER ()` windows over `ev_seq` in its stored order (the instance preserves insertion
  // order): DuckDB streams them in one pass instead of sorting a partition per window. A
  // "partition" (raid, derived or not) starts where those change from the row before; running
  // values of an earlier partition are told apart by position (`pos`).
  `CREATE OR REPLACE TABLE ev_pull AS
WITH flagged AS (
  SELECT *, (p_raid IS NULL OR p_raid <> raid_id OR p_nd <> not_derived) AS part_start,
    (p_raid IS NULL OR p_raid <> raid_id OR p_nd <> not_derived OR p_enc IS NULL OR p_enc <> encounter_id
      OR epoch_us(event_ts) - epoch_us(p_ts) > ${5 * MINUTE_US}) AS seg_start
  FROM (SELECT *, row_number() OVER () AS pos, lag(raid_id) OVER () AS p_raid, lag(not_derived) OVER () AS p_nd,
      lag(encounter_id) OVER () AS p_enc, lag(event_ts) OVER () AS p_ts
    FROM ev_seq)
),
-- Segments: the encounter changes or five minutes pass. A boss health reset splits a segment
-- again, compared only within the segment (a new boss starts at full health anyway): the last
-- boss health before this row counts only when it lies in this row's segment.
bossed AS (
  SELECT *, max(CASE WHEN seg_start THEN pos END) OVER (ROWS UNBOUNDED PRECEDING) AS seg_from,
    max(CASE WHEN boss_hp IS NOT NULL THEN pos END) OVER (ROWS UNBOUNDED PRECEDING) AS boss_pos,
    last_value(boss_hp IGNORE NULLS) OVER (ROWS UNBOUNDED PRECEDING) AS boss_last
  FROM flagged
),
started AS (
  SELECT *, sum(CASE WHEN seg_start OR boss_hp > CASE WHEN prev_boss_pos >= seg_from THEN prev_boss_hp END + 30
      THEN 1 ELSE 0 END) OVER (ROWS UNBOUNDED PRECEDING) AS pulls_so_far
  FROM (SELECT *, lag(boss_pos) OVER () AS prev_boss_pos, lag(boss_last) OVER () AS prev_boss_hp FROM bossed)
),
-- A partition's pull number: pull starts so far, less those before its first row.
pulled AS (
  SELECT rid, raid_id, pos, source_kind, phase_mark, phase_label,
    CASE WHEN source_kind = 'combat-log' THEN encounter_id WHEN encounter_id IS NULL THEN NULL
    ELSE raid_id || '_p' || CAST(pulls_so_far - max(CASE WHEN part_start THEN pulls_so_far - 1 END)
      OVER (ROWS UNBOUNDED PRECEDING) AS VARCHAR) END AS pull_id
  FROM started
),
-- boss_phase events (few): each with the count of them so far in its pull and the last label.
marks AS (
  SELECT raid_id, pull_id, pos, phase_mark AS last_mark, count(*) OVER ph AS marks,
    last_value(phase_label IGNORE NULLS) OVER ph AS phase_name
  FROM pulled WHERE phase_mark IS NOT NULL AND pull_id IS NOT NULL
  WINDOW ph AS (PARTITION BY raid_id, pull_id ORDER BY pos ROWS UNBOUNDED PRECEDING)
),
-- Each event of a pull with boss_phase events gets the last one at or before it.
marked AS (
  SELECT p.rid, p.pull_id, p.source_kind, m.last_mark, m.marks, m.phase_name
  FROM (SELECT * FROM pulled WHERE pull_id IS NOT NULL AND (raid_id, pull_id) IN (SELECT (raid_id, pull_id) FROM marks)) p
  ASOF LEFT JOIN marks m ON m.raid_id = p.raid_id AND m.pull_id = p.pull_id AND p.pos >= m.pos
  UNION ALL
  SELECT rid, pull_id, source_kind, NULL, NULL, NULL FROM pulled
  WHERE pull_id IS NULL OR (raid_id, pull_id) NOT IN (SELECT (raid_id, pull_id) FROM marks)
)
-- Phase 1 until the first boss_phase event; then its boss_phase_<n> flag, or the count of them.
SELECT rid, pull_id, source_kind,
  CASE WHEN pull_id IS NOT NULL THEN CAST(CASE WHEN last_mark = -1 THEN 1 + marks ELSE coalesce(last_mark, 1) END AS INTEGER) END AS phase,
  CASE WHEN pull_id IS NOT NULL THEN phase_name END AS phase_name
FROM marked`,
  `CREATE OR REPLACE VIEW with_pull AS
SELECT t.* EXCLUDE (reject_reason), p.pull_id, p.phase, p.phase_name, p.source_kind
FROM typed t JOIN ev_pull p ON p.rid = t.rowid`,
];

/**
 * The silver events: phase, player identity (combatants, roster) and flags added. Not a
 * temporary table: it lives in the build's own schema so several connections write its
 * partitions side by side.
 */
export const SILVER_SQL = `CREATE OR REPLACE TABLE silver AS
SELECT
  e.raid_id, e.event_date,
  e.event_id, e.event_type, e.event_ts, e.ingestion_ts, e.pull_id, e.encounter_id,
  e.phase, e.phase_name,
  e.source_id, e.source_name, sp.character AS source_character, sp.member_id AS source_member_id,
  (e.source_id LIKE 'Player-%' OR e.source_id LIKE 'player\\_%' ESCAPE '\\'
    OR ((e.source_role IS NOT NULL OR e.source_class IS NOT NULL) AND NOT (e.source_id LIKE 'boss\\_%' ESCAPE '\\'
      OR e.source_id LIKE 'Creature-%' OR e.source_id LIKE 'Vehicle-%' OR e.source_id LIKE 'Pet-%'))) AS source_is_player,
  coalesce(e.source_role, c.role, sp.role) AS source_role,
  coalesce(e.source_class, c.class_name, sp.class_name) AS source_class,
  coalesce(s.spec_name, sp.spec) AS source_spec,
  e.source_level,
  e.ability_id, e.ability_name, e.ability_school,
  e.damage_amount, e.healing_amount,
  CASE WHEN e.event_type = 'heal' THEN e.overhealing_amount END AS overhealing_amount,
  e.is_critical_hit, e.critical_multiplier, e.is_resisted, e.is_blocked, e.is_absorbed,
  (e.event_type = 'combat_damage' AND e.damage_amount > 10000) AS is_massive_hit,
  e.target_id, e.target_name, e.target_type, tp.character AS target_character, tp.member_id AS target_member_id,
  e.target_hp_before, e.target_hp_after,
  e.resource_type, e.resource_before, e.resource_after, e.resource_regen_rate,
  -- Resource gained: the log's amount; the seed's model gives before and after (in %).
  CASE WHEN e.event_type <> 'mana_regeneration' THEN NULL
       WHEN e.source_kind = 'combat-log' THEN e.resource_regen_rate
       ELSE greatest(0, e.resource_after - e.resource_before) END AS resource_gained,
  e.source_system, e.source_kind, e.data_quality_flags, e.quality_issues,
  e.server_latency_ms, e.client_latency_ms, e.log_line, e.batch_id
FROM with_pull e
LEFT JOIN log_combatants c ON c.raid_id = e.raid_id AND c.player_guid = e.source_id
LEFT JOIN specs s ON s.spec_id = c.spec_id
LEFT JOIN players sp ON sp.player_id = e.source_id
LEFT JOIN players tp ON tp.player_id = e.target_id
ORDER BY e.raid_id, e.event_date, e.event_ts, e.log_line, e.event_id
`;

/** Players seen in the rebuilt raids (sources and player targets) for roster matching. */
export const PLAYER_NAMES_SQL = `SELECT player_id, max(player_name) AS player_name FROM (
  SELECT source_id AS player_id, source_name AS player_name FROM kept
  WHERE event_type NOT IN ('player_death', 'boss_phase') AND source_id IS NOT NULL
  UNION ALL
  SELECT target_id, target_name FROM kept WHERE target_type = 'player' AND target_id IS NOT NULL
) GROUP BY player_id ORDER BY player_id`;

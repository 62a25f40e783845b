import { SPECS } from '@guildhall/combat-log';
import { sqlString } from './duck';
import { source } from './silver-sql';

/**
 * What only the combat log knows (its raids, pulls and combatants objects) as tables, and the
 * pulls and raid records of every rebuilt raid: the combat log's own, or derived from HTTP events.
 */

const PULL_COLUMNS = `{
  pull_id: 'VARCHAR', raid_id: 'VARCHAR', pull_number: 'INTEGER', encounter_id: 'BIGINT',
  encounter_name: 'VARCHAR', difficulty_id: 'INTEGER', group_size: 'INTEGER', instance_id: 'BIGINT',
  started_at: 'VARCHAR', ended_at: 'VARCHAR', outcome: 'VARCHAR', fight_time_ms: 'BIGINT',
  boss_hp_pct: 'DOUBLE', start_line: 'BIGINT'
}`;

const RAID_COLUMNS = `{
  raid_id: 'VARCHAR', instance_id: 'BIGINT', zone_name: 'VARCHAR', difficulty_id: 'INTEGER',
  started_at: 'VARCHAR', start_line: 'BIGINT', log_version: 'INTEGER', advanced_logging: 'BOOLEAN',
  build_version: 'VARCHAR', project_id: 'INTEGER'
}`;

const COMBATANT_COLUMNS = `{
  raid_id: 'VARCHAR', pull_id: 'VARCHAR', player_guid: 'VARCHAR', spec_id: 'INTEGER',
  class_name: 'VARCHAR', role: 'VARCHAR', item_level: 'DOUBLE', log_line: 'BIGINT'
}`;

/** The game's difficulty ids (DifficultyID) as the dashboard names them. */
const DIFFICULTY = `CASE difficulty_id
  WHEN 1 THEN 'Normal' WHEN 2 THEN 'Heroic' WHEN 3 THEN '10 Normal' WHEN 4 THEN '25 Normal'
  WHEN 5 THEN '10 Heroic' WHEN 6 THEN '25 Heroic' WHEN 7 THEN 'Looking For Raid' WHEN 8 THEN 'Mythic Keystone'
  WHEN 9 THEN '40 Player' WHEN 14 THEN 'Normal' WHEN 15 THEN 'Heroic' WHEN 16 THEN 'Mythic'
  WHEN 17 THEN 'Looking For Raid' WHEN 23 THEN 'Mythic' WHEN 24 THEN 'Timewalking' WHEN 33 THEN 'Timewalking'
  WHEN 148 THEN '20 Player' WHEN 175 THEN '10 Player' WHEN 176 THEN '25 Player' WHEN 186 THEN '40 Player'
  ELSE CAST(difficulty_id AS VARCHAR) END`;

export function sideTablesSql(files: { pulls: string[]; raids: string[]; combatants: string[] }): string[] {
  return [
    // The parser reports a pull at its start (no outcome) and again at its end.
    `CREATE OR REPLACE TABLE log_pulls AS
SELECT * EXCLUDE (filename, group_size, instance_id, start_line) FROM ${source(files.pulls, PULL_COLUMNS)}
QUALIFY row_number() OVER (PARTITION BY pull_id ORDER BY outcome IS NULL, ended_at DESC NULLS LAST, filename DESC) = 1`,
    `CREATE OR REPLACE TABLE log_raids AS
SELECT raid_id, arg_min(zone_name, start_line) AS zone_name, arg_min(difficulty_id, start_line) AS difficulty_id,
  min(try_cast(started_at AS TIMESTAMPTZ)) AS started_at, max(log_version) AS log_version
FROM ${source(files.raids, RAID_COLUMNS)} GROUP BY raid_id`,
    `CREATE OR REPLACE TABLE log_combatants AS
SELECT raid_id, player_guid, arg_max(spec_id, log_line) AS spec_id, arg_max(class_name, log_line) AS class_name,
  arg_max(role, log_line) AS role
FROM ${source(files.combatants, COMBATANT_COLUMNS)} GROUP BY raid_id, player_guid`,
    `CREATE OR REPLACE TABLE specs AS SELECT * FROM (VALUES ${[...SPECS]
      .map(([id, s]) => `(${id}, ${sqlString(s.name)})`)
      .join(', ')}) AS t(spec_id, spec_name)`,
  ];
}

/** Pulls of every rebuilt raid: the combat log's own, or derived from HTTP events. */
export const PULLS_SQL = `CREATE OR REPLACE TABLE pulls AS
SELECT raid_id, pull_id, CAST(pull_number AS INTEGER) AS pull_number, encounter_id, encounter_name, difficulty,
  started_at, ended_at, CAST(duration_ms AS BIGINT) AS duration_ms, outcome, boss_hp_pct
FROM (
  SELECT p.raid_id, p.pull_id, p.pull_number, CAST(p.encounter_id AS VARCHAR) AS encounter_id,
    nullif(p.encounter_name, '') AS encounter_name, ${DIFFICULTY.replaceAll('difficulty_id', 'p.difficulty_id')} AS difficulty,
    try_cast(p.started_at AS TIMESTAMPTZ) AS started_at,
    coalesce(try_cast(p.ended_at AS TIMESTAMPTZ), e.last_ts, try_cast(p.started_at AS TIMESTAMPTZ)) AS ended_at,
    coalesce(p.fight_time_ms, date_diff('millisecond', try_cast(p.started_at AS TIMESTAMPTZ),
      coalesce(try_cast(p.ended_at AS TIMESTAMPTZ), e.last_ts, try_cast(p.started_at AS TIMESTAMPTZ)))) AS duration_ms,
    coalesce(p.outcome, 'incomplete') AS outcome, p.boss_hp_pct
  FROM log_pulls p JOIN raid_kinds USING (raid_id)
  LEFT JOIN (SELECT raid_id, pull_id, max(event_ts) AS last_ts FROM silver GROUP BY ALL) e USING (raid_id, pull_id)
  UNION ALL
  SELECT raid_id, pull_id,
    row_number() OVER (PARTITION BY raid_id ORDER BY min(event_ts), pull_id) AS pull_number,
    max(encounter_id) AS encounter_id,
    max(CASE WHEN target_type = 'boss' THEN target_name END) AS encounter_name,
    NULL AS difficulty, min(event_ts) AS started_at, max(event_ts) AS ended_at,
    date_diff('millisecond', min(event_ts), max(event_ts)) AS duration_ms,
    -- Kill when the boss's health reached 0; without any health seen, the end state is unknown.
    CASE WHEN min(CASE WHEN target_type = 'boss' THEN target_hp_after END) = 0 THEN 'kill'
         WHEN count(CASE WHEN target_type = 'boss' THEN target_hp_after END) = 0 THEN 'incomplete'
         ELSE 'wipe' END AS outcome,
    arg_max(CASE WHEN target_type = 'boss' THEN target_hp_after END, CASE WHEN target_type = 'boss' AND target_hp_after IS NOT NULL THEN event_ts END) AS boss_hp_pct
  FROM silver WHERE source_kind <> 'combat-log' AND pull_id IS NOT NULL GROUP BY raid_id, pull_id
)`;

/** Each raid's record: zone (combat log), difficulty, how it was recorded, when. */
export const RAID_SQL = `CREATE OR REPLACE TABLE raids AS
SELECT k.raid_id, r.zone_name, ${DIFFICULTY.replaceAll('difficulty_id', 'r.difficulty_id')} AS difficulty,
  k.source_kind, CAST(r.log_version AS INTEGER) AS log_version,
  least(min(e.event_ts), min(r.started_at)) AS started_at, max(e.event_ts) AS ended_at
FROM raid_kinds k LEFT JOIN log_raids r USING (raid_id) LEFT JOIN silver e USING (raid_id)
GROUP BY k.raid_id, r.zone_name, r.difficulty_id, k.source_kind, r.log_version`;

/**
 * The SQL of silver → gold over the tables `g_ev` (silver events), `g_pulls` and `g_raids`
 * of the raids being rebuilt. Amounts are summed as DECIMAL (exact, so the sum does not
 * depend on how DuckDB's threads split the rows: reruns write the same bytes) and turned
 * back into DOUBLE rounded to cents.
 */

const dec = (x: string) => `CAST(${x} AS DECIMAL(18, 2))`;
const money = (x: string) => `round(CAST(coalesce(${x}, 0) AS DOUBLE), 2)`;
const perSecond = (amount: string, ms: string) =>
  `CASE WHEN ${ms} > 0 THEN round(CAST(coalesce(${amount}, 0) AS DOUBLE) / (${ms} / 1000.0), 2) ELSE 0 END`;
const share = (part: string, whole: string) =>
  `CASE WHEN ${whole} > 0 THEN round(CAST(${part} AS DOUBLE) * 100 / CAST(${whole} AS DOUBLE), 2) ELSE 0 END`;

export const GOLD_PREPARE_SQL = [
  // A segment is a pull, or the whole raid when it has none (a dungeon log, HTTP without encounters).
  `CREATE OR REPLACE TABLE seg AS
SELECT raid_id, pull_id AS segment_id, started_at, ended_at, duration_ms FROM g_pulls
UNION ALL
SELECT raid_id, '~raid' AS segment_id, started_at, ended_at, date_diff('millisecond', started_at, ended_at) AS duration_ms
FROM g_raids WHERE raid_id NOT IN (SELECT raid_id FROM g_pulls)`,
  // Silver's events are read where used (a view over the Parquet files: only the columns needed).
  `CREATE OR REPLACE TABLE raids_with_pulls AS SELECT DISTINCT raid_id FROM g_pulls`,
  `CREATE OR REPLACE VIEW evs AS
SELECT *, CASE WHEN raid_id IN (SELECT raid_id FROM raids_with_pulls) THEN pull_id ELSE '~raid' END AS segment_id
FROM g_ev`,
  // One row per thing a player did or suffered: the sums below read only this.
  `CREATE OR REPLACE TABLE acts AS
SELECT raid_id, segment_id, source_id AS player_id, event_ts,
  CASE WHEN event_type = 'combat_damage' THEN ${dec('damage_amount')} END AS dmg,
  CASE WHEN event_type = 'heal' THEN ${dec('healing_amount')} END AS heal,
  CASE WHEN event_type = 'heal' THEN ${dec('overhealing_amount')} END AS overheal,
  NULL::DECIMAL(18, 2) AS taken, 0 AS death,
  CASE WHEN event_type = 'spell_cast' THEN 1 ELSE 0 END AS cast_n,
  CASE WHEN event_type = 'combat_damage' THEN 1 ELSE 0 END AS dmg_n,
  CASE WHEN event_type = 'heal' THEN 1 ELSE 0 END AS heal_n,
  CASE WHEN event_type IN ('combat_damage', 'heal') AND is_critical_hit THEN 1 ELSE 0 END AS crit_n,
  CASE WHEN event_type = 'mana_regeneration' AND resource_type = 'mana' THEN ${dec('resource_gained')} END AS mana,
  CASE WHEN event_type IN ('combat_damage', 'heal', 'spell_cast') THEN event_ts END AS action_ts
FROM evs WHERE source_is_player AND event_type IN ('combat_damage', 'heal', 'spell_cast', 'mana_regeneration')
UNION ALL
SELECT raid_id, segment_id, target_id, event_ts, NULL, NULL, NULL,
  CASE WHEN event_type = 'combat_damage' THEN ${dec('damage_amount')} END,
  CASE WHEN event_type = 'player_death' THEN 1 ELSE 0 END, 0, 0, 0, 0, NULL, NULL
FROM evs WHERE target_type = 'player' AND target_id IS NOT NULL AND event_type IN ('combat_damage', 'player_death', 'heal')`,
  // Who each player is in a raid: the name they act under, else the one they are targeted by.
  `CREATE OR REPLACE TABLE present AS
SELECT raid_id, player_id,
  coalesce(max(name) FILTER (WHERE is_source), max(name)) AS name,
  max(character) AS character, max(member_id) AS member_id,
  max(class) AS class, max(role) AS role, max(spec) AS spec,
  min(event_ts) AS first_seen_at, max(event_ts) AS last_seen_at
FROM (
  SELECT raid_id, source_id AS player_id, source_name AS name, source_character AS character,
    source_member_id AS member_id, source_class AS class, source_role AS role, source_spec AS spec, event_ts, true AS is_source
  FROM evs WHERE source_is_player AND event_type NOT IN ('player_death', 'boss_phase')
  UNION ALL
  SELECT raid_id, target_id, target_name, target_character, target_member_id, NULL, NULL, NULL, event_ts, false
  FROM evs WHERE target_type = 'player' AND target_id IS NOT NULL
) GROUP BY raid_id, player_id`,
];

/** Figures of each player over a set of segments: `scope` is `raid_id` or `raid_id, segment_id`. */
function playerFigures(scope: 'raid' | 'pull'): string {
  const by = scope === 'raid' ? 'raid_id' : 'raid_id, segment_id';
  const fightFilter = scope === 'raid' ? 'WHERE segment_id IS NOT NULL' : '';
  const fight =
    scope === 'raid'
      ? `(SELECT raid_id, sum(duration_ms) AS fight_ms FROM seg GROUP BY raid_id)`
      : `(SELECT raid_id, segment_id, duration_ms AS fight_ms FROM seg)`;
  return `WITH a AS (SELECT * FROM acts ${scope === 'pull' ? "WHERE segment_id IS NOT NULL AND segment_id <> '~raid'" : ''}),
sums AS (
  SELECT ${by}, player_id,
    sum(dmg) AS damage, sum(heal) AS healing, sum(overheal) AS overhealing, sum(taken) AS damage_taken,
    sum(death) AS deaths, sum(cast_n) AS casts, sum(dmg_n) AS damage_events, sum(heal_n) AS healing_events,
    sum(crit_n) AS crit_events, sum(mana) AS mana,
    sum(dmg) FILTER (WHERE segment_id IS NOT NULL) AS fight_damage,
    sum(heal) FILTER (WHERE segment_id IS NOT NULL) AS fight_healing
  FROM a GROUP BY ${by}, player_id
),
active AS (
  SELECT ${by}, player_id, sum(ms) AS active_ms FROM (
    SELECT raid_id, segment_id, player_id, date_diff('millisecond', min(action_ts), max(action_ts)) AS ms
    FROM a ${fightFilter} GROUP BY raid_id, segment_id, player_id
  ) GROUP BY ${by}, player_id
),
totals AS (SELECT ${by}, sum(damage) AS all_damage, sum(healing) AS all_healing FROM sums GROUP BY ${by}),
fight AS ${fight}
SELECT ${scope === 'raid' ? 's.raid_id' : 's.raid_id, s.segment_id'}, s.player_id, p.member_id, p.name, p.character, p.class, p.role, p.spec,
  ${money('s.damage')} AS damage, ${money('s.healing')} AS healing, ${money('s.overhealing')} AS overhealing,
  ${money('s.damage_taken')} AS damage_taken, CAST(s.deaths AS INTEGER) AS deaths, CAST(s.casts AS INTEGER) AS casts,
  CAST(s.damage_events AS INTEGER) AS damage_events, CAST(s.healing_events AS INTEGER) AS healing_events,
  CAST(s.crit_events AS INTEGER) AS crit_events,
  CASE WHEN s.damage_events + s.healing_events > 0
    THEN round(s.crit_events * 100.0 / (s.damage_events + s.healing_events), 2) ELSE 0 END AS crit_rate,
  ${money('s.mana')} AS mana_gained,
  CAST(coalesce(f.fight_ms, 0) AS BIGINT) AS fight_time_ms, CAST(coalesce(ac.active_ms, 0) AS BIGINT) AS active_time_ms,
  ${perSecond('s.fight_damage', 'f.fight_ms')} AS dps, ${perSecond('s.fight_healing', 'f.fight_ms')} AS hps,
  ${perSecond('s.fight_damage', 'ac.active_ms')} AS active_dps, ${perSecond('s.fight_healing', 'ac.active_ms')} AS active_hps,
  ${share('coalesce(s.damage, 0)', 't.all_damage')} AS damage_share,
  ${share('coalesce(s.healing, 0)', 't.all_healing')} AS healing_share,
  p.first_seen_at, p.last_seen_at
FROM sums s
JOIN present p ON p.raid_id = s.raid_id AND p.player_id = s.player_id
JOIN totals t ON t.raid_id = s.raid_id${scope === 'pull' ? ' AND t.segment_id = s.segment_id' : ''}
LEFT JOIN active ac ON ac.raid_id = s.raid_id AND ac.player_id = s.player_id${scope === 'pull' ? ' AND ac.segment_id = s.segment_id' : ''}
LEFT JOIN fight f ON f.raid_id = s.raid_id${scope === 'pull' ? ' AND f.segment_id = s.segment_id' : ''}`;
}

export const GOLD_TABLES_SQL = [
  `CREATE OR REPLACE TABLE fact_player_raid_stats AS ${playerFigures('raid')}`,
  `CREATE OR REPLACE TABLE fact_player_pull_stats AS SELECT segment_id AS pull_id, * EXCLUDE (segment_id) FROM (${playerFigures('pull')})`,
  // A death belongs to its victim; its killing blow is the last hit the victim took (60 s at most).
  `CREATE OR REPLACE TABLE fact_death AS
SELECT d.raid_id, d.pull_id, d.event_ts AS died_at,
  CAST(date_diff('millisecond', coalesce(s.started_at, r.started_at), d.event_ts) AS BIGINT) AS offset_ms,
  d.target_id AS player_id, coalesce(p.name, d.target_name) AS name, p.class,
  CASE WHEN h.event_ts >= d.event_ts - INTERVAL 60 SECOND THEN h.source_name ELSE nullif(d.source_name, '') END AS killer_name,
  CASE WHEN h.event_ts >= d.event_ts - INTERVAL 60 SECOND THEN h.ability_name ELSE d.ability_name END AS ability_name,
  CASE WHEN h.event_ts >= d.event_ts - INTERVAL 60 SECOND THEN h.damage_amount END AS amount,
  d.event_id
FROM (SELECT * FROM evs WHERE event_type = 'player_death') d
ASOF LEFT JOIN (SELECT raid_id, target_id, event_ts, source_name, ability_name, damage_amount FROM evs
  WHERE event_type = 'combat_damage' AND target_type = 'player') h
  ON d.raid_id = h.raid_id AND d.target_id = h.target_id AND d.event_ts >= h.event_ts
LEFT JOIN seg s ON s.raid_id = d.raid_id AND s.segment_id = d.segment_id AND s.segment_id <> '~raid'
LEFT JOIN g_raids r ON r.raid_id = d.raid_id
LEFT JOIN present p ON p.raid_id = d.raid_id AND p.player_id = d.target_id`,
  `CREATE OR REPLACE TABLE fact_pull AS
SELECT g.raid_id, g.pull_id, g.pull_number, g.encounter_id, g.encounter_name, g.difficulty, g.started_at, g.ended_at,
  g.duration_ms, g.outcome, g.boss_hp_pct,
  CAST((SELECT count(*) FROM fact_death d WHERE d.raid_id = g.raid_id AND d.pull_id = g.pull_id) AS INTEGER) AS deaths,
  CAST(coalesce(ps.players, 0) AS INTEGER) AS players,
  ${money('ps.damage')} AS damage, ${money('ps.healing')} AS healing
FROM g_pulls g
LEFT JOIN (SELECT raid_id, pull_id, count(*) AS players, sum(${dec('damage')}) AS damage, sum(${dec('healing')}) AS healing
  FROM fact_player_pull_stats GROUP BY ALL) ps USING (raid_id, pull_id)`,
  `CREATE OR REPLACE TABLE fact_raid_summary AS
SELECT r.raid_id, r.started_at, r.ended_at,
  CAST(date_diff('millisecond', r.started_at, r.ended_at) AS BIGINT) AS duration_ms,
  CAST(coalesce(fs.fight_ms, 0) AS BIGINT) AS fight_time_ms,
  CAST(coalesce(ec.events, 0) AS BIGINT) AS events,
  CAST(coalesce(ps.players, 0) AS INTEGER) AS players,
  CAST(coalesce(ps.tanks, 0) AS INTEGER) AS n_tanks, CAST(coalesce(ps.healers, 0) AS INTEGER) AS n_healers,
  CAST(coalesce(ps.dps, 0) AS INTEGER) AS n_dps,
  CAST(coalesce(pl.pulls, 0) AS INTEGER) AS pulls, CAST(coalesce(pl.kills, 0) AS INTEGER) AS kills,
  CAST(coalesce(pl.wipes, 0) AS INTEGER) AS wipes,
  CAST((SELECT count(*) FROM fact_death d WHERE d.raid_id = r.raid_id) AS INTEGER) AS deaths,
  ${money('ps.damage')} AS total_damage, ${money('ps.healing')} AS total_healing,
  ${money('ps.overhealing')} AS total_overhealing, ${money('ps.damage_taken')} AS total_damage_taken,
  ${perSecond('fa.fight_damage', 'fs.fight_ms')} AS raid_dps, ${perSecond('fa.fight_healing', 'fs.fight_ms')} AS raid_hps,
  pl.boss_min_hp_pct,
  CASE WHEN coalesce(pl.kills, 0) > 0 THEN 'kill' WHEN coalesce(pl.pulls, 0) > 0 THEN 'wipe' ELSE 'incomplete' END AS outcome
FROM g_raids r
LEFT JOIN (SELECT raid_id, count(*) AS players, count(*) FILTER (WHERE role = 'tank') AS tanks,
    count(*) FILTER (WHERE role = 'healer') AS healers, count(*) FILTER (WHERE role = 'dps') AS dps,
    sum(${dec('damage')}) AS damage, sum(${dec('healing')}) AS healing, sum(${dec('overhealing')}) AS overhealing,
    sum(${dec('damage_taken')}) AS damage_taken
  FROM fact_player_raid_stats GROUP BY raid_id) ps USING (raid_id)
LEFT JOIN (SELECT raid_id, sum(dmg) FILTER (WHERE segment_id IS NOT NULL) AS fight_damage,
    sum(heal) FILTER (WHERE segment_id IS NOT NULL) AS fight_healing FROM acts GROUP BY raid_id) fa USING (raid_id)
LEFT JOIN (SELECT raid_id, sum(duration_ms) AS fight_ms FROM seg GROUP BY raid_id) fs USING (raid_id)
LEFT JOIN (SELECT raid_id, count(*) AS events FROM g_ev GROUP BY raid_id) ec USING (raid_id)
LEFT JOIN (SELECT raid_id, count(*) AS pulls, count(*) FILTER (WHERE outcome = 'kill') AS kills,
    count(*) FILTER (WHERE outcome = 'wipe') AS wipes, min(boss_hp_pct) AS boss_min_hp_pct
  FROM g_pulls GROUP BY raid_id) pl USING (raid_id)`,
  `CREATE OR REPLACE TABLE dim_raid AS
SELECT r.raid_id, r.zone_name, r.difficulty, r.source_kind AS source, r.started_at, r.ended_at,
  CAST((SELECT count(*) FROM present p WHERE p.raid_id = r.raid_id) AS INTEGER) AS raid_size,
  coalesce((SELECT list(DISTINCT encounter_name ORDER BY encounter_name) FROM g_pulls g
    WHERE g.raid_id = r.raid_id AND encounter_name IS NOT NULL), []) AS bosses,
  r.log_version
FROM g_raids r`,
];

/** SCD type 1 over every raid's player rows: attributes from the latest raid, dates as min/max, raids counted once each. */
export const DIM_PLAYER_SQL = `SELECT player_id,
  arg_max(name, last_seen_at) AS name,
  arg_max(character, last_seen_at) FILTER (WHERE character IS NOT NULL) AS character,
  arg_max(member_id, last_seen_at) FILTER (WHERE member_id IS NOT NULL) AS member_id,
  arg_max(class, last_seen_at) FILTER (WHERE class IS NOT NULL) AS class,
  arg_max(role, last_seen_at) FILTER (WHERE role IS NOT NULL) AS role,
  arg_max(spec, last_seen_at) FILTER (WHERE spec IS NOT NULL) AS spec,
  CAST(timezone('UTC', min(first_seen_at)) AS DATE) AS first_seen_date,
  CAST(timezone('UTC', max(last_seen_at)) AS DATE) AS last_seen_date,
  CAST(count(DISTINCT raid_id) AS INTEGER) AS total_raids
FROM all_player_raid_stats GROUP BY player_id ORDER BY player_id`;

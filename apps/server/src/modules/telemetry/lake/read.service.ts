import type {
  TTelemetryDeath,
  TTelemetryMemberHistory,
  TTelemetryOutcome,
  TTelemetryPlayerStats,
  TTelemetryPull,
  TTelemetryPullDetail,
  TTelemetryRaid,
  TTelemetryRaidDetail,
  TTelemetryRaids,
} from '@guildhall/contracts';
import { AppError } from '../../../core/errors';
import type { ObjectStore } from '../../../core/storage/object-store';
import { type GoldView, openGold, readGold } from './reader';

/**
 * The read routes' answers from the gold tables (DuckDB over the gold Parquet). Amounts are
 * rounded to whole numbers, rates kept to two decimals, times as UTC ISO strings.
 */

const iso = (col: string) => `strftime(${col}, '%Y-%m-%dT%H:%M:%S.%gZ')`;
const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
const whole = (v: unknown) => Math.round(num(v));
const text = (v: unknown) => (v === null || v === undefined ? null : String(v));

const RAID_COLUMNS = (
  s: string,
  d: string,
) => `${s}.raid_id, ${d}.zone_name, ${iso(`${s}.started_at`)} AS started_at,
  ${iso(`${s}.ended_at`)} AS ended_at, ${s}.players, ${s}.pulls, ${s}.kills, ${s}.wipes, ${s}.deaths,
  ${s}.total_damage, ${s}.total_healing, ${s}.events::DOUBLE AS events, ${d}.source`;

function toRaid(r: Record<string, unknown>): TTelemetryRaid {
  return {
    raidId: String(r.raid_id),
    zoneName: text(r.zone_name),
    startedAt: String(r.started_at),
    endedAt: String(r.ended_at),
    players: whole(r.players),
    pulls: whole(r.pulls),
    kills: whole(r.kills),
    wipes: whole(r.wipes),
    deaths: whole(r.deaths),
    damage: whole(r.total_damage),
    healing: whole(r.total_healing),
    events: whole(r.events),
    source: String(r.source),
  };
}

const PULL_COLUMNS = `pull_id, pull_number, encounter_id, encounter_name, difficulty, ${iso('started_at')} AS started_at,
  duration_ms::DOUBLE AS duration_ms, outcome, boss_hp_pct, deaths`;

function toPull(r: Record<string, unknown>): TTelemetryPull {
  return {
    pullId: String(r.pull_id),
    number: whole(r.pull_number),
    encounterId: text(r.encounter_id),
    encounterName: text(r.encounter_name),
    difficulty: text(r.difficulty),
    startedAt: String(r.started_at),
    durationMs: whole(r.duration_ms),
    outcome: String(r.outcome) as TTelemetryOutcome,
    bossHpPct: r.boss_hp_pct === null ? null : num(r.boss_hp_pct),
    deaths: whole(r.deaths),
  };
}

function toPlayer(r: Record<string, unknown>): TTelemetryPlayerStats {
  return {
    memberId: text(r.member_id),
    playerId: String(r.player_id),
    name: String(r.name ?? r.player_id),
    class: text(r.class),
    role: text(r.role),
    spec: text(r.spec),
    damage: whole(r.damage),
    healing: whole(r.healing),
    overhealing: whole(r.overhealing),
    damageTaken: whole(r.damage_taken),
    deaths: whole(r.deaths),
    casts: whole(r.casts),
    critRate: num(r.crit_rate),
    manaGained: whole(r.mana_gained),
    dps: num(r.dps),
    hps: num(r.hps),
    activeDps: num(r.active_dps),
    activeHps: num(r.active_hps),
    damageShare: num(r.damage_share),
    healingShare: num(r.healing_share),
  };
}

const PLAYER_ORDER = 'ORDER BY damage DESC, healing DESC, player_id';

function raidNotFound(raidId: string): AppError {
  return new AppError('TELEMETRY_RAID_NOT_FOUND', `raid ${raidId} not found in this community's telemetry`);
}

export async function listRaids(
  store: ObjectStore,
  communityId: string,
  page: { limit: number; offset: number },
): Promise<TTelemetryRaids> {
  const gold = await openGold(store, communityId);
  const summary = gold.table('fact_raid_summary');
  const dim = gold.table('dim_raid');
  if (!summary || !dim) return { total: 0, items: [], builtAt: gold.builtAt };
  const rows = await readGold(
    `SELECT ${RAID_COLUMNS('s', 'd')}, count(*) OVER ()::INTEGER AS total
     FROM ${summary} s JOIN ${dim} d USING (raid_id)
     ORDER BY s.started_at DESC, s.raid_id LIMIT $limit OFFSET $offset`,
    { limit: page.limit, offset: page.offset },
  );
  let total = whole(rows[0]?.total);
  if (rows.length === 0 && page.offset > 0) {
    total = whole((await readGold(`SELECT count(*)::INTEGER AS n FROM ${summary}`))[0]?.n);
  }
  return { total, items: rows.map(toRaid), builtAt: gold.builtAt };
}

async function raidRow(gold: GoldView, raidId: string): Promise<Record<string, unknown>> {
  const summary = gold.table('fact_raid_summary');
  const dim = gold.table('dim_raid');
  if (!summary || !dim) throw raidNotFound(raidId);
  const [row] = await readGold(
    `SELECT ${RAID_COLUMNS('s', 'd')} FROM ${summary} s JOIN ${dim} d USING (raid_id) WHERE s.raid_id = $raid`,
    { raid: raidId },
  );
  if (!row) throw raidNotFound(raidId);
  return row;
}

export async function raidDetail(
  store: ObjectStore,
  communityId: string,
  raidId: string,
): Promise<TTelemetryRaidDetail> {
  const gold = await openGold(store, communityId);
  const raid = toRaid(await raidRow(gold, raidId));
  const pulls = gold.table('fact_pull');
  const players = gold.table('fact_player_raid_stats');
  return {
    ...raid,
    pulls: pulls
      ? (
          await readGold(
            `SELECT ${PULL_COLUMNS} FROM ${pulls} WHERE raid_id = $raid ORDER BY pull_number, pull_id`,
            {
              raid: raidId,
            },
          )
        ).map(toPull)
      : [],
    players: players
      ? (
          await readGold(`SELECT * FROM ${players} WHERE raid_id = $raid ${PLAYER_ORDER}`, { raid: raidId })
        ).map(toPlayer)
      : [],
  };
}

export async function pullDetail(
  store: ObjectStore,
  communityId: string,
  raidId: string,
  pullId: string,
): Promise<TTelemetryPullDetail> {
  const gold = await openGold(store, communityId);
  await raidRow(gold, raidId);
  const pulls = gold.table('fact_pull');
  const [pull] = pulls
    ? await readGold(`SELECT ${PULL_COLUMNS} FROM ${pulls} WHERE raid_id = $raid AND pull_id = $pull`, {
        raid: raidId,
        pull: pullId,
      })
    : [];
  if (!pull) throw new AppError('TELEMETRY_PULL_NOT_FOUND', `pull ${pullId} not found in raid ${raidId}`);
  const stats = gold.table('fact_player_pull_stats');
  const deaths = gold.table('fact_death');
  const params = { raid: raidId, pull: pullId };
  return {
    ...toPull(pull),
    raidId,
    players: stats
      ? (
          await readGold(
            `SELECT * FROM ${stats} WHERE raid_id = $raid AND pull_id = $pull ${PLAYER_ORDER}`,
            params,
          )
        ).map(toPlayer)
      : [],
    deaths: deaths
      ? (
          await readGold(
            `SELECT ${iso('died_at')} AS at, offset_ms::DOUBLE AS offset_ms, player_id, name, class, killer_name,
               ability_name, amount FROM ${deaths} WHERE raid_id = $raid AND pull_id = $pull
             ORDER BY died_at, player_id, event_id`,
            params,
          )
        ).map(toDeath)
      : [],
  };
}

function toDeath(r: Record<string, unknown>): TTelemetryDeath {
  const blow =
    r.killer_name === null && r.ability_name === null && r.amount === null
      ? null
      : {
          sourceName: text(r.killer_name),
          abilityName: text(r.ability_name),
          amount: r.amount === null ? null : whole(r.amount),
        };
  return {
    at: String(r.at),
    offsetMs: whole(r.offset_ms),
    playerId: String(r.player_id),
    name: String(r.name ?? r.player_id),
    class: text(r.class),
    killingBlow: blow,
  };
}

export async function memberHistory(
  store: ObjectStore,
  communityId: string,
  memberId: string,
): Promise<TTelemetryMemberHistory> {
  const gold = await openGold(store, communityId);
  const stats = gold.table('fact_player_raid_stats');
  const dim = gold.table('dim_raid');
  if (!stats || !dim) return { memberId, items: [] };
  const rows = await readGold(
    `SELECT p.raid_id, ${iso('d.started_at')} AS started_at, d.zone_name, p.name, p.role, p.damage, p.healing,
       p.dps, p.hps, p.deaths, p.damage_share, p.healing_share
     FROM ${stats} p JOIN ${dim} d USING (raid_id) WHERE p.member_id = $member
     ORDER BY d.started_at, p.raid_id, p.player_id`,
    { member: memberId },
  );
  return {
    memberId,
    items: rows.map((r) => ({
      raidId: String(r.raid_id),
      startedAt: String(r.started_at),
      zoneName: text(r.zone_name),
      name: String(r.name),
      role: text(r.role),
      damage: whole(r.damage),
      healing: whole(r.healing),
      dps: num(r.dps),
      hps: num(r.hps),
      deaths: whole(r.deaths),
      damageShare: num(r.damage_share),
      healingShare: num(r.healing_share),
    })),
  };
}

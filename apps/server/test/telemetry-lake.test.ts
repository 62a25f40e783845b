import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { validateTelemetryBatch } from '@guildhall/contracts';
import { type GeneratedEvent, generateRaid, type RosterEntry } from '@guildhall/telemetry-gen';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCombatLogText } from '../../../packages/combat-log/src/stream';
import { LogWriter, type Unit } from '../../../packages/combat-log/src/testing/log-writer';
import { createLocalObjectStore, type ObjectStore } from '../src/core/storage/object-store';
import { encodeNdjson, writeBronzeBatch } from '../src/modules/telemetry/bronze';
import { type LakeDeps, type LakeRoster, runPipeline } from '../src/modules/telemetry/lake';

/**
 * The lake on a local object store: bronze written as the ingest writes it, the pipeline run
 * as the CLI and the job run it, and silver and gold read back with DuckDB in the test.
 */

const C = '11111111-1111-4111-8111-111111111111';
const START = Date.parse('2026-03-02T20:00:00Z');
const NOW = () => new Date('2026-06-01T00:00:00Z');

let root: string;
let store: ObjectStore;
let roster: LakeRoster;
const deps = (): LakeDeps => ({ store, loadRoster: async () => roster, now: NOW });

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'gh-lake-'));
  store = createLocalObjectStore(path.join(root, 'objects'));
  roster = { realm: 'Stormvale', characters: [] };
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

/** Events as the HTTP ingest stores them: validated, defaults applied. */
function accepted(events: readonly object[]) {
  const r = validateTelemetryBatch(JSON.stringify(events), { now: () => START + 365 * 86_400_000 });
  if (!r.ok) throw new Error(r.message);
  expect(r.rejected).toEqual([]);
  return r.accepted;
}

async function ingest(batchId: string, rows: readonly { raid_id: string }[], day = 0) {
  await writeBronzeBatch(store, {
    communityId: C,
    batchId,
    ingestedAt: new Date(START + day * 86_400_000),
    rows,
  });
}

async function query(sql: string): Promise<Record<string, unknown>[]> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  try {
    await c.run(`SET TimeZone = 'UTC'`);
    return (await c.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    c.closeSync();
    db.closeSync();
  }
}

const objects = () => path.join(root, 'objects');
const silverEvents = (raid = '*') =>
  `read_parquet('${objects()}/silver/community=${C}/raid_id=${raid}/event_date=*/events.parquet', hive_partitioning = true)`;
const gold = (table: string) =>
  table === 'dim_player'
    ? `read_parquet('${objects()}/gold/community=${C}/dim_player/dim_player.parquet')`
    : `read_parquet('${objects()}/gold/community=${C}/${table}/raid_id=*/${table}.parquet', hive_partitioning = true)`;

/** Every Parquet file of the lake with its bytes. */
function lakeFiles(dir = objects()): Map<string, string> {
  const out = new Map<string, string>();
  for (const file of fs.readdirSync(dir, { recursive: true }) as string[]) {
    if (file.endsWith('.parquet')) out.set(file, fs.readFileSync(path.join(dir, file)).toString('base64'));
  }
  return out;
}

describe('silver', () => {
  it('keeps one copy of an event re-sent in later batches, other raids included, and only redoes touched raids', async () => {
    const raid1 = accepted(
      generateRaid({ seed: 'dedup', raids: 1, eventsPerRaid: 300, start: START }, 0).events,
    );
    await ingest('b1', raid1);
    const first = await runPipeline(deps(), C, 'run');
    expect(first.silver).toMatchObject({ raids: ['raid001'], events: raid1.length, duplicates: 0 });

    // A client retries half of raid001 in a new batch a day later, and sends one of its
    // events again under another raid id, beside raid002's own events.
    const raid2 = accepted(
      generateRaid({ seed: 'dedup', raids: 2, eventsPerRaid: 200, start: START, firstRaid: 1 }, 1).events,
    );
    const moved = { ...raid1[5]!, raid_id: 'raid002' };
    await ingest('b2', raid1.slice(0, 150), 1);
    await ingest('b3', [...raid2, moved], 1);
    const second = await runPipeline(deps(), C, 'run');
    expect(second.silver?.raids).toEqual(['raid001', 'raid002']);
    expect(second.silver?.duplicates).toBe(151);

    const counts = await query(
      `SELECT raid_id, count(*)::INTEGER AS n, count(DISTINCT event_id)::INTEGER AS ids FROM ${silverEvents()} GROUP BY ALL ORDER BY 1`,
    );
    expect(counts).toEqual([
      { raid_id: 'raid001', n: raid1.length, ids: raid1.length },
      { raid_id: 'raid002', n: raid2.length, ids: raid2.length },
    ]);

    // A batch for raid002 alone: raid001 is not rebuilt, yet its ids still win.
    await ingest('b4', [{ ...raid1[7]!, raid_id: 'raid002' }], 2);
    const third = await runPipeline(deps(), C, 'run');
    expect(third.silver).toMatchObject({ raids: ['raid002'], duplicates: 2, events: raid2.length });

    // Nothing pending: nothing done.
    const fourth = await runPipeline(deps(), C, 'run');
    expect(fourth.silver?.raids).toEqual([]);
    expect(fourth.gold?.raids).toEqual([]);
  });

  it('rejects impossible events with a reason and flags fixable values', async () => {
    const [base] = accepted(
      generateRaid({ seed: 'clean', raids: 1, eventsPerRaid: 50, start: START }, 0).events,
    );
    const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
    const ev = (n: number, over: Record<string, unknown>) => ({ ...base!, event_id: id(n), ...over });
    const rows = [
      ev(1, { event_type: 'combat_damage', damage_amount: -5 }),
      ev(2, { event_type: 'heal', healing_amount: null }),
      ev(3, { event_type: 'mana_regeneration', resource_type: null }),
      ev(4, { event_type: 'player_death', target_entity_id: null }),
      ev(5, { event_type: 'spell_cast', timestamp: '2026-03-09T20:00:00.000000Z' }), // a week after ingestion
      ev(6, { event_type: 'telepathy' }),
      ev(7, { event_type: 'spell_cast', timestamp: 'yesterday' }),
      ev(8, { event_type: 'combat_damage', damage_amount: 1200, target_entity_health_pct_after: 140 }),
      ev(9, { event_type: 'heal', healing_amount: 900, critical_multiplier: 9 }),
      ev(10, { event_type: 'spell_cast' }),
      ev(11, { event_type: 'spell_cast', raid_id: 'raid002' }),
    ];
    // Bronze as another writer may leave it (the combat log and older clients skip the HTTP checks).
    await store.put(
      `bronze/community=${C}/raid_id=raid001/ingest_date=2026-03-02/raw.events.ndjson.gz`,
      encodeNdjson(rows.map((r) => ({ ...r, ingestion_timestamp: '2026-03-02T21:00:00.000000Z' }))),
    );
    const r = await runPipeline(deps(), C, 'silver');
    expect(r.silver).toMatchObject({ events: 3, rejected: 8 });

    const rejects = await query(
      `SELECT event_id, reject_reason FROM read_parquet('${objects()}/silver/community=${C}/rejects/raid_id=raid001/rejects.parquet') ORDER BY event_id`,
    );
    expect(rejects).toEqual([
      { event_id: id(1), reject_reason: 'impossible_damage_amount' },
      { event_id: id(2), reject_reason: 'impossible_healing_amount' },
      { event_id: id(3), reject_reason: 'missing_resource_type' },
      { event_id: id(4), reject_reason: 'death_without_victim' },
      { event_id: id(5), reject_reason: 'timestamp_after_ingestion' },
      { event_id: id(6), reject_reason: 'unknown_event_type' },
      { event_id: id(7), reject_reason: 'invalid_timestamp' },
      { event_id: id(11), reject_reason: 'raid_id_outside_its_partition' },
    ]);
    const kept = await query(
      `SELECT event_id, target_hp_after, critical_multiplier, quality_issues FROM ${silverEvents()} ORDER BY event_id`,
    );
    expect(kept).toEqual([
      {
        event_id: id(8),
        target_hp_after: null,
        critical_multiplier: 1,
        quality_issues: ['health_pct_out_of_range'],
      },
      {
        event_id: id(9),
        target_hp_after: kept[1]!.target_hp_after,
        critical_multiplier: 1,
        quality_issues: ['critical_multiplier_out_of_range'],
      },
      {
        event_id: id(10),
        target_hp_after: kept[2]!.target_hp_after,
        critical_multiplier: 1,
        quality_issues: [],
      },
    ]);
  });

  it('partitions each event by its own raid and UTC date, and marks the encounter phase', async () => {
    // A raid that runs past midnight UTC.
    const events = accepted(
      generateRaid(
        { seed: 'midnight', raids: 1, eventsPerRaid: 600, start: Date.parse('2026-03-02T23:58:00Z') },
        0,
      ).events,
    );
    await ingest('b1', events);
    await runPipeline(deps(), C, 'silver');
    const dates = await query(
      `SELECT CAST(event_date AS VARCHAR) AS d, count(*)::INTEGER AS n, bool_and(CAST(event_ts AS DATE) = event_date) AS own
       FROM ${silverEvents()} GROUP BY ALL ORDER BY 1`,
    );
    const before = events.filter((e) => e.timestamp < '2026-03-03').length;
    expect(dates).toEqual([
      { d: '2026-03-02', n: before, own: true },
      { d: '2026-03-03', n: events.length - before, own: true },
    ]);
    // Phases start at 1 and follow each boss_phase event's number.
    const phases = await query(
      `SELECT phase, min(event_ts) AS since FROM ${silverEvents()} GROUP BY phase ORDER BY phase`,
    );
    const marks = events.filter((e) => e.event_type === 'boss_phase').map((e) => e.data_quality_flags[0]);
    expect(phases.map((p) => p.phase)).toEqual([
      1,
      ...marks.map((m) => Number(m?.slice('boss_phase_'.length))),
    ]);
  });

  it('resolves players to roster members: bare names, Name-Realm and Name-Realm-Region', async () => {
    roster = {
      realm: 'Stormvale',
      characters: [
        {
          memberId: 'm-aldrena',
          name: 'Aldrena-Stormvale',
          nameKey: 'aldrena-stormvale',
          className: 'PRIEST',
          role: 'healer',
          spec: 'Holy',
        },
        {
          memberId: 'm-borin',
          name: 'Bórin-ArgentDawn',
          nameKey: 'bórin-argentdawn',
          className: 'WARRIOR',
          role: 'tank',
          spec: 'Protection',
        },
        {
          memberId: 'm-kael',
          name: 'Kael-Stormvale',
          nameKey: 'kael-stormvale',
          className: 'MAGE',
          role: 'dps',
          spec: 'Fire',
        },
      ],
    };
    const players: RosterEntry[] = [
      { id: 'p-aldrena', name: 'Aldrena', role: 'healer', className: 'priest' },
      { id: 'p-borin', name: 'Bórin', role: 'tank', className: 'warrior' },
      { id: 'p-kael', name: 'Kael', role: 'dps', className: 'mage' },
      { id: 'p-stranger', name: 'Stranger', role: 'dps', className: 'rogue' },
    ];
    const events = generateRaid(
      { seed: 'names', raids: 1, eventsPerRaid: 200, start: START, roster: players },
      0,
    ).events as GeneratedEvent[];
    // The combat log writes realms (and regions) in names; bronze keeps them as they came.
    const named = accepted(events).map((e) => ({
      ...e,
      source_player_name:
        e.source_player_id === 'p-borin'
          ? 'Bórin-ArgentDawn-EU'
          : e.source_player_id === 'p-kael'
            ? 'kael-stormvale'
            : e.source_player_name,
    }));
    await ingest('b1', named);
    await runPipeline(deps(), C, 'silver');
    const rows = await query(
      `SELECT DISTINCT source_id, source_character, source_member_id FROM ${silverEvents()} WHERE source_is_player ORDER BY 1`,
    );
    expect(rows).toEqual([
      { source_id: 'p-aldrena', source_character: 'Aldrena-Stormvale', source_member_id: 'm-aldrena' },
      { source_id: 'p-borin', source_character: 'Bórin-ArgentDawn', source_member_id: 'm-borin' },
      { source_id: 'p-kael', source_character: 'Kael-Stormvale', source_member_id: 'm-kael' },
      { source_id: 'p-stranger', source_character: 'Stranger-Stormvale', source_member_id: null },
    ]);
  });
});

describe('work folders', () => {
  it('removes what a crashed build left in the store scratch folder, and nothing a build may still use', async () => {
    const scratch = store.scratch ?? '';
    const stale = path.join(scratch, 'guildhall-lake-crashed');
    const recent = path.join(scratch, 'guildhall-lake-running');
    const other = path.join(scratch, 'not-a-build');
    for (const dir of [stale, recent, other]) fs.mkdirSync(path.join(dir, 'out'), { recursive: true });
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
    for (const dir of [stale, other]) fs.utimesSync(dir, twoDaysAgo, twoDaysAgo);
    await ingest(
      'b1',
      accepted(generateRaid({ seed: 'work', raids: 1, eventsPerRaid: 50, start: START }, 0).events),
    );
    await runPipeline(deps(), C, 'run');
    expect(fs.readdirSync(scratch).sort()).toEqual(['guildhall-lake-running', 'not-a-build']);
  });
});

describe('pulls over HTTP', () => {
  it('one pull per attempt: a new boss, or the same boss after a break, even before its first health reading', async () => {
    // A night of three pulls in one raid: boss A, then boss B twice (the first a wipe).
    const pull = (seed: string, boss: string, at: number, bossHealth = 1) =>
      generateRaid({ seed, raids: 1, eventsPerRaid: 400, start: at, players: 10, boss, bossHealth }, 0);
    const a = pull('night-a', 'Plexus', START);
    const b1 = pull('night-b1', 'Araz', START + 20 * 60_000, 4);
    const b2 = pull('night-b2', 'Araz', START + 40 * 60_000);
    // Each attempt opens with an event that reads no boss health (a heal, a cast) before any hit:
    // the boss's health of the previous pull must not make that opener a pull of its own.
    for (const p of [a, b1, b2]) {
      const i = p.events.findIndex((e) => e.target_entity_type !== 'boss');
      const [opener] = p.events.splice(i, 1);
      p.events.unshift({
        ...opener!,
        timestamp: new Date(Date.parse(p.events[0]!.timestamp) - 1).toISOString(),
      });
    }
    await ingest('a', accepted(a.events));
    await ingest('b1', accepted(b1.events));
    await ingest('b2', accepted(b2.events));
    await runPipeline(deps(), C, 'run');

    const pulls = await query(
      `SELECT pull_number, encounter_name, outcome FROM ${gold('fact_pull')} ORDER BY pull_number`,
    );
    expect(pulls).toEqual([
      { pull_number: 1, encounter_name: 'Plexus', outcome: a.outcome },
      { pull_number: 2, encounter_name: 'Araz', outcome: 'wipe' },
      { pull_number: 3, encounter_name: 'Araz', outcome: b2.outcome },
    ]);
  });

  it('counts the pulls of each raid from 1 when several raids are rebuilt together, their events interleaved in time', async () => {
    const pull = (seed: string, raid: number, boss: string, at: number, bossHealth = 1) =>
      generateRaid({ seed, raids: 2, eventsPerRaid: 300, start: at, players: 10, boss, bossHealth }, raid);
    // raid001 wipes on Araz and comes back after a break; raid002 kills Plexus in between.
    const first = pull('two-1a', 0, 'Araz', START, 4);
    const other = pull('two-2', 1, 'Plexus', START + 2 * 60_000);
    const second = pull('two-1b', 0, 'Araz', START + 30 * 60_000);
    await ingest('r1', accepted([...first.events, ...second.events]));
    await ingest('r2', accepted(other.events));
    await runPipeline(deps(), C, 'run');

    const pulls = await query(
      `SELECT raid_id, pull_id, pull_number, encounter_name, outcome FROM ${gold('fact_pull')} ORDER BY raid_id, pull_number`,
    );
    expect(pulls).toEqual([
      { raid_id: 'raid001', pull_id: 'raid001_p1', pull_number: 1, encounter_name: 'Araz', outcome: 'wipe' },
      {
        raid_id: 'raid001',
        pull_id: 'raid001_p2',
        pull_number: 2,
        encounter_name: 'Araz',
        outcome: second.outcome,
      },
      {
        raid_id: 'raid002',
        pull_id: 'raid002_p1',
        pull_number: 1,
        encounter_name: 'Plexus',
        outcome: other.outcome,
      },
    ]);
    const perPull = await query(
      `SELECT pull_id, count(*)::INTEGER AS n FROM ${silverEvents()} GROUP BY ALL ORDER BY pull_id`,
    );
    expect(perPull).toEqual([
      { pull_id: 'raid001_p1', n: first.events.length },
      { pull_id: 'raid001_p2', n: second.events.length },
      { pull_id: 'raid002_p1', n: other.events.length },
    ]);
  });
});

describe('gold', () => {
  it('matches sums computed from the raw events: per player, deaths on the victim, raid size without the boss', async () => {
    const raid = generateRaid(
      { seed: 'figures', raids: 1, eventsPerRaid: 1500, start: START, players: 12 },
      0,
    );
    const events = accepted(raid.events);
    await ingest('b1', events.slice(0, 700));
    await ingest('b2', events.slice(700));
    await runPipeline(deps(), C, 'run');

    // Independent sums, straight from the events.
    const isPlayer = (id: string | null) => id?.startsWith('player_') ?? false;
    const players = new Set<string>();
    const want = new Map<
      string,
      {
        damage: number;
        healing: number;
        deaths: number;
        taken: number;
        casts: number;
        crit: number;
        hits: number;
        mana: number;
      }
    >();
    const of = (id: string) => {
      const w = want.get(id) ?? {
        damage: 0,
        healing: 0,
        deaths: 0,
        taken: 0,
        casts: 0,
        crit: 0,
        hits: 0,
        mana: 0,
      };
      want.set(id, w);
      return w;
    };
    for (const e of events) {
      const src = isPlayer(e.source_player_id) ? e.source_player_id : null;
      if (src && e.event_type !== 'player_death' && e.event_type !== 'boss_phase') players.add(src);
      if (e.target_entity_type === 'player' && e.target_entity_id) players.add(e.target_entity_id);
      if (e.event_type === 'combat_damage' && src) {
        of(src).damage += e.damage_amount!;
        of(src).hits += 1;
        if (e.is_critical_hit) of(src).crit += 1;
      }
      if (e.event_type === 'combat_damage' && e.target_entity_type === 'player')
        of(e.target_entity_id!).taken += e.damage_amount!;
      if (e.event_type === 'heal' && src) {
        of(src).healing += e.healing_amount!;
        of(src).hits += 1;
        if (e.is_critical_hit) of(src).crit += 1;
      }
      if (e.event_type === 'player_death') of(e.target_entity_id!).deaths += 1;
      if (e.event_type === 'spell_cast' && src) of(src).casts += 1;
      if (e.event_type === 'mana_regeneration' && src && e.resource_type === 'mana')
        of(src).mana += Math.max(0, e.resource_amount_after! - e.resource_amount_before!);
    }
    const deathEvents = events.filter((e) => e.event_type === 'player_death').length;
    expect(deathEvents).toBeGreaterThan(0);
    const micros = (t: string) => Date.parse(`${t.slice(0, 23)}Z`) * 1000 + Number(t.slice(23, 26));
    const fightMs = (micros(events.at(-1)!.timestamp) - micros(events[0]!.timestamp)) / 1000;

    const stats = await query(`SELECT * FROM ${gold('fact_player_raid_stats')} ORDER BY player_id`);
    expect(stats.map((s) => s.player_id)).toEqual([...players].sort());
    expect(stats.some((s) => String(s.player_id).startsWith('boss_'))).toBe(false);
    for (const s of stats) {
      const w = of(String(s.player_id));
      expect(s.damage).toBeCloseTo(w.damage, 2);
      expect(s.healing).toBeCloseTo(w.healing, 2);
      expect(s.deaths).toBe(w.deaths);
      expect(s.damage_taken).toBeCloseTo(w.taken, 2);
      expect(s.casts).toBe(w.casts);
      expect(s.crit_rate).toBeCloseTo(w.hits ? (w.crit * 100) / w.hits : 0, 1);
      expect(s.mana_gained).toBeCloseTo(w.mana, 1);
      expect(Number(s.fight_time_ms)).toBeCloseTo(fightMs, -1);
      expect(s.dps).toBeCloseTo(w.damage / (fightMs / 1000), 0);
    }
    const totalDamage = [...want.values()].reduce((n, w) => n + w.damage, 0);
    const [summary] = await query(`SELECT * FROM ${gold('fact_raid_summary')}`);
    expect(summary).toMatchObject({ players: players.size, deaths: deathEvents, pulls: 1 });
    expect(summary!.total_damage).toBeCloseTo(totalDamage, 2);
    expect(stats.reduce((n, s) => n + Number(s.deaths), 0)).toBe(deathEvents);
    const [dim] = await query(`SELECT raid_size, source FROM ${gold('dim_raid')}`);
    expect(dim).toEqual({ raid_size: players.size, source: 'generator' });
    expect(players.size).toBe(12);

    // The pull: one per encounter, its outcome from the boss's real end state.
    const [pull] = await query(`SELECT outcome, boss_hp_pct, deaths FROM ${gold('fact_pull')}`);
    const bossHits = events.filter(
      (e) => e.target_entity_type === 'boss' && e.event_type === 'combat_damage',
    );
    expect(pull).toEqual({
      outcome: raid.outcome,
      boss_hp_pct: bossHits.at(-1)!.target_entity_health_pct_after,
      deaths: deathEvents,
    });
  });

  it('dim_player is SCD type 1 and a rerun of the same input writes the same bytes and counts no raid twice', async () => {
    const members: RosterEntry[] = ['Aldrena', 'Borin', 'Kael', 'Mira', 'Tovar', 'Ysolde'].map((name) => ({
      name,
    }));
    const r1 = accepted(
      generateRaid({ seed: 'scd', raids: 2, eventsPerRaid: 300, start: START, roster: members }, 0).events,
    );
    const r2 = accepted(
      generateRaid({ seed: 'scd', raids: 2, eventsPerRaid: 300, start: START, roster: members }, 1).events,
    );
    await ingest('b1', r1);
    await ingest('b2', r2, 1);
    await runPipeline(deps(), C, 'run');
    const dim = await query(
      `SELECT player_id, total_raids, CAST(first_seen_date AS VARCHAR) AS f, CAST(last_seen_date AS VARCHAR) AS l FROM ${gold('dim_player')} ORDER BY 1`,
    );
    expect(dim).toEqual(
      members.map((m) => ({
        player_id: `player_${m.name.toLowerCase()}`,
        total_raids: 2,
        f: '2026-03-02',
        l: '2026-03-03',
      })),
    );
    const before = lakeFiles();
    expect(before.size).toBeGreaterThan(15);

    // raid001 arrives again under another batch id (a client re-sending a whole raid).
    await ingest('b3', r1, 2);
    const rerun = await runPipeline(deps(), C, 'run');
    expect(rerun.silver).toMatchObject({ raids: ['raid001'], duplicates: r1.length });
    expect(rerun.gold?.raids).toEqual(['raid001']);
    expect(lakeFiles()).toEqual(before);

    // The same bronze in a second lake, read from copies as a remote store is (DuckDB reads
    // the first one's files in place): the same bytes.
    const other = path.join(root, 'other');
    fs.cpSync(path.join(objects(), 'bronze'), path.join(other, 'bronze'), { recursive: true });
    const remoteLike: ObjectStore = {
      ...createLocalObjectStore(other),
      localFile: undefined,
      scratch: undefined,
    };
    await runPipeline({ ...deps(), store: remoteLike }, C, 'run');
    expect(lakeFiles(other)).toEqual(before);
  });
});

describe('combat log raids', () => {
  const mage: Unit = {
    guid: 'Player-1084-0A1B2C3D',
    name: 'Aerin-Stormvale-EU',
    flags: '0x514',
    powerType: '0',
    power: '40000',
    maxPower: '50000',
  };
  const priest: Unit = {
    guid: 'Player-1084-0B2C3D4E',
    name: 'Zoë-Stormvale-EU',
    flags: '0x512',
    hp: 900,
    maxHp: 1000,
  };
  const boss: Unit = {
    guid: 'Creature-0-3023-2657-12345-215657-00001A2B3C',
    name: 'Ulgrax the Devourer',
    flags: '0x10a48',
    hp: 750_000,
    maxHp: 1_000_000,
    level: -1,
  };
  const FIREBALL: [number, string, string] = [133, 'Fireball', '0x4'];
  const HEAL: [number, string, string] = [2061, 'Flash Heal', '0x2'];

  it('takes pulls, outcomes, specs and overhealing from the log, and deaths with their killing blow', async () => {
    const w = new LogWriter(22, true);
    let t = Date.UTC(2026, 2, 2, 19, 0, 0);
    const at = (ms = 500) => {
      t += ms;
      return new Date(t);
    };
    const lines = [
      w.line(at(), w.header()),
      w.line(at(), w.zoneChange(2657, 'Nerub-ar Palace', 16)),
      w.line(at(), w.encounterStart(2902, 'Ulgrax the Devourer', 16, 20, 2657)),
      w.line(at(), w.combatantInfo(mage.guid, 63, [600, 610])),
      w.line(at(), w.combatantInfo(priest.guid, 257, [600, 610])),
      w.line(at(), w.spellDamage('SPELL_DAMAGE', mage, boss, FIREBALL, 40_000, { crit: true })),
      w.line(at(), w.heal('SPELL_HEAL', priest, mage, HEAL, 5000, 1500)),
      w.line(at(), w.swing('SWING_DAMAGE', boss, priest, 2500)),
      w.line(at(), w.died(priest)),
      w.line(at(59_000), w.encounterEnd(2902, 'Ulgrax the Devourer', 16, 20, false, 60_000)),
      w.line(at(90_000), w.encounterStart(2902, 'Ulgrax the Devourer', 16, 20, 2657)),
      w.line(at(), w.spellDamage('SPELL_DAMAGE', mage, boss, FIREBALL, 60_000)),
      w.line(at(29_000), w.encounterEnd(2902, 'Ulgrax the Devourer', 16, 20, true, 30_000)),
    ];
    const out = parseCombatLogText(`${lines.join('\n')}\n`, { fileId: 'WoWCombatLog-test.txt', year: 2026 });
    const ingestedAt = new Date(START);
    for (const kind of ['events', 'raids', 'pulls', 'combatants'] as const) {
      await writeBronzeBatch(store, { communityId: C, batchId: 'log1', ingestedAt, kind, rows: out[kind] });
    }
    roster = {
      realm: 'Stormvale',
      characters: [
        {
          memberId: 'm-aerin',
          name: 'Aerin-Stormvale',
          nameKey: 'aerin-stormvale',
          className: null,
          role: null,
          spec: null,
        },
      ],
    };
    await runPipeline(deps(), C, 'run');

    const pulls = await query(
      `SELECT pull_number, outcome, duration_ms::INTEGER AS ms, deaths, difficulty, encounter_name FROM ${gold('fact_pull')} ORDER BY 1`,
    );
    expect(pulls).toEqual([
      {
        pull_number: 1,
        outcome: 'wipe',
        ms: 60_000,
        deaths: 1,
        difficulty: 'Mythic',
        encounter_name: 'Ulgrax the Devourer',
      },
      {
        pull_number: 2,
        outcome: 'kill',
        ms: 30_000,
        deaths: 0,
        difficulty: 'Mythic',
        encounter_name: 'Ulgrax the Devourer',
      },
    ]);
    const players = await query(
      `SELECT name, member_id, class, role, spec, damage, healing, overhealing, deaths, damage_taken, dps FROM ${gold('fact_player_raid_stats')} ORDER BY name`,
    );
    expect(players).toEqual([
      {
        name: 'Aerin-Stormvale-EU',
        member_id: 'm-aerin',
        class: 'mage',
        role: 'dps',
        spec: 'Fire',
        damage: 100_000,
        healing: 0,
        overhealing: 0,
        deaths: 0,
        damage_taken: 0,
        dps: 1111.11,
      },
      {
        name: 'Zoë-Stormvale-EU',
        member_id: null,
        class: 'priest',
        role: 'healer',
        spec: 'Holy',
        damage: 0,
        healing: 3500,
        overhealing: 1500,
        deaths: 1,
        damage_taken: 2500,
        dps: 0,
      },
    ]);
    const [death] = await query(
      `SELECT name, killer_name, amount, offset_ms::INTEGER AS offset_ms FROM ${gold('fact_death')}`,
    );
    expect(death).toEqual({
      name: 'Zoë-Stormvale-EU',
      killer_name: 'Ulgrax the Devourer',
      amount: 2500,
      offset_ms: 3000,
    });
    const [raid] = await query(`SELECT zone_name, difficulty, source, raid_size FROM ${gold('dim_raid')}`);
    expect(raid).toEqual({
      zone_name: 'Nerub-ar Palace',
      difficulty: 'Mythic',
      source: 'combat-log',
      raid_size: 2,
    });
  });
});

import {
  formatTelemetryTime,
  type TTelemetryClass,
  type TTelemetryEventType,
  type TTelemetryResource,
  type TTelemetryRole,
  type TTelemetrySchool,
} from '@guildhall/contracts';
import { Random } from './prng';

/**
 * Synthetic raid telemetry with the seed generator's distributions, made reproducible (same
 * seed, parameters and start → byte-identical events, ids included) and without its mistakes:
 * bosses hit players (damage taken is not always 0), deaths are drawn only for living players,
 * the boss's health is real (it falls with the damage dealt) and the pull ends in a kill when
 * it reaches 0, or a wipe when everyone is dead or the time runs out.
 */

/** One event as the seed's clients post it (the HTTP wire format). */
export interface GeneratedEvent {
  event_id: string;
  event_type: TTelemetryEventType;
  timestamp: string;
  raid_id: string;
  encounter_id: string;
  encounter_duration_ms: number;
  source_player_id: string;
  source_player_name: string;
  source_player_role: TTelemetryRole | null;
  source_player_class: TTelemetryClass | null;
  source_player_level: number;
  ability_id: string | null;
  ability_name: string | null;
  ability_school: TTelemetrySchool | null;
  damage_amount: number | null;
  healing_amount: number | null;
  is_critical_hit: boolean;
  critical_multiplier: number;
  target_entity_id: string | null;
  target_entity_name: string | null;
  target_entity_type: 'player' | 'boss' | null;
  target_entity_health_pct_before: number | null;
  target_entity_health_pct_after: number | null;
  resource_type: TTelemetryResource | null;
  resource_amount_before: number | null;
  resource_amount_after: number | null;
  resource_regeneration_rate: number | null;
  source_system: string;
  data_quality_flags: string[];
  server_latency_ms: number;
  client_latency_ms: number;
}

export interface RosterEntry {
  /** Stable id (default `player_<name>`), so the same member is the same player in every raid. */
  id?: string;
  /** Character name, 1–12 characters (the event model's bound). */
  name: string;
  className?: TTelemetryClass;
  role?: TTelemetryRole;
}

export interface GenerateOptions {
  seed: string | number;
  raids: number;
  eventsPerRaid: number;
  /** Start of the first raid (epoch ms); raid k starts k days later. Required: no hidden clock. */
  start: number;
  /** PUG size when no roster is given (seed default 20). */
  players?: number;
  /** Play with these members instead of generated PUG names. */
  roster?: readonly RosterEntry[];
  /** Pull length in seconds (seed default 300). */
  durationSeconds?: number;
  boss?: string;
  /** The boss's health relative to the seed's (default 1): above 1 a raid is likelier to wipe. */
  bossHealth?: number;
  /** Number of the first raid id (`raid001` by default). */
  firstRaid?: number;
}

export interface GeneratedRaid {
  raidId: string;
  outcome: 'kill' | 'wipe';
  events: GeneratedEvent[];
}

interface SpecDef {
  className: TTelemetryClass;
  role: TTelemetryRole;
  name: string;
}

/** The seed's 34 specs: 5 tank, 6 healer, 23 dps, over the model's 11 classes. */
export const GENERATOR_SPECS: readonly SpecDef[] = [
  ['warrior', 'tank', 'Protection'],
  ['paladin', 'tank', 'Protection'],
  ['death_knight', 'tank', 'Blood'],
  ['druid', 'tank', 'Guardian'],
  ['monk', 'tank', 'Brewmaster'],
  ['paladin', 'healer', 'Holy'],
  ['priest', 'healer', 'Discipline'],
  ['priest', 'healer', 'Holy'],
  ['shaman', 'healer', 'Restoration'],
  ['druid', 'healer', 'Restoration'],
  ['monk', 'healer', 'Mistweaver'],
  ['warrior', 'dps', 'Arms'],
  ['warrior', 'dps', 'Fury'],
  ['paladin', 'dps', 'Retribution'],
  ['hunter', 'dps', 'Beast Mastery'],
  ['hunter', 'dps', 'Marksmanship'],
  ['hunter', 'dps', 'Survival'],
  ['rogue', 'dps', 'Assassination'],
  ['rogue', 'dps', 'Outlaw'],
  ['rogue', 'dps', 'Subtlety'],
  ['priest', 'dps', 'Shadow'],
  ['death_knight', 'dps', 'Frost'],
  ['death_knight', 'dps', 'Unholy'],
  ['shaman', 'dps', 'Elemental'],
  ['shaman', 'dps', 'Enhancement'],
  ['mage', 'dps', 'Arcane'],
  ['mage', 'dps', 'Fire'],
  ['mage', 'dps', 'Frost'],
  ['warlock', 'dps', 'Affliction'],
  ['warlock', 'dps', 'Demonology'],
  ['warlock', 'dps', 'Destruction'],
  ['druid', 'dps', 'Balance'],
  ['druid', 'dps', 'Feral'],
  ['monk', 'dps', 'Windwalker'],
].map(([className, role, name]) => ({ className, role, name }) as SpecDef);

const ROLE_WEIGHTS: [TTelemetryRole, number][] = [
  ['tank', 0.1],
  ['healer', 0.2],
  ['dps', 0.7],
];

type Draw = 'damage' | 'heal' | 'cast' | 'regen' | 'death';
/** Event kinds per role: the spec's own weights (specs of a role share them). */
const KIND_WEIGHTS: Record<TTelemetryRole, [Draw, number][]> = {
  tank: [
    ['damage', 0.55],
    ['cast', 0.25],
    ['regen', 0.15],
    ['death', 0.05],
  ],
  healer: [
    ['heal', 0.6],
    ['cast', 0.2],
    ['regen', 0.15],
    ['death', 0.05],
  ],
  dps: [
    ['damage', 0.7],
    ['cast', 0.2],
    ['regen', 0.05],
    ['death', 0.05],
  ],
};
/** Share of events that are the boss hitting a player (the seed never generated them). */
const BOSS_HIT_SHARE = 0.08;

const PHASES = [
  { n: 1, name: 'Opening', damage: 1.0, heal: 1.0, death: 0.02 },
  { n: 2, name: 'Enrage', damage: 1.5, heal: 1.8, death: 0.08 },
  { n: 3, name: 'Burn', damage: 2.0, heal: 2.5, death: 0.15 },
] as const;

const CLASS_SCHOOL: Record<TTelemetryClass, TTelemetrySchool> = {
  warrior: 'physical',
  paladin: 'holy',
  hunter: 'physical',
  rogue: 'physical',
  priest: 'shadow',
  shaman: 'nature',
  mage: 'fire',
  warlock: 'shadow',
  druid: 'nature',
  death_knight: 'frost',
  monk: 'physical',
};
const CLASS_RESOURCE: Record<TTelemetryClass, TTelemetryResource> = {
  warrior: 'rage',
  paladin: 'mana',
  hunter: 'focus',
  rogue: 'energy',
  priest: 'mana',
  shaman: 'mana',
  mage: 'mana',
  warlock: 'mana',
  druid: 'mana',
  death_knight: 'runic_power',
  monk: 'energy',
};

const SYLLABLES = [
  'ka',
  'el',
  'dor',
  'ri',
  'an',
  'th',
  'mir',
  'sa',
  'gor',
  'li',
  'va',
  'zu',
  'nel',
  'or',
  'is',
  'bra',
];

interface Player {
  id: string;
  name: string;
  className: TTelemetryClass;
  role: TTelemetryRole;
  spec: string;
  alive: boolean;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const clip = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));

function weighted<T>(rng: Random, table: readonly [T, number][]): T {
  let total = 0;
  for (const [, w] of table) total += w;
  let x = rng.next() * total;
  for (const [item, w] of table) {
    x -= w;
    if (x < 0) return item;
  }
  return (table.at(-1) as [T, number])[0];
}

function pugName(rng: Random): string {
  const parts = 2 + rng.int(2);
  let name = '';
  for (let i = 0; i < parts; i++) name += rng.pick(SYLLABLES);
  return (name.charAt(0).toUpperCase() + name.slice(1)).slice(0, 12);
}

function specFor(rng: Random, role?: TTelemetryRole, className?: TTelemetryClass): SpecDef {
  const r = role ?? (className ? undefined : weighted(rng, ROLE_WEIGHTS));
  const pool = GENERATOR_SPECS.filter(
    (s) => (r === undefined || s.role === r) && (className === undefined || s.className === className),
  );
  return rng.pick(pool.length > 0 ? pool : GENERATOR_SPECS.filter((s) => s.className === className));
}

function playersFor(rng: Random, raidId: string, options: GenerateOptions): Player[] {
  if (options.roster && options.roster.length > 0) {
    return options.roster.map((m) => {
      const spec = specFor(rng, m.role, m.className);
      return {
        id: m.id ?? `player_${m.name.toLowerCase()}`,
        name: m.name,
        className: spec.className,
        role: m.role ?? spec.role,
        spec: spec.name,
        alive: true,
      };
    });
  }
  const n = options.players ?? 20;
  return Array.from({ length: n }, (_, i) => {
    const spec = specFor(rng);
    return {
      id: `player_${raidId}_${String(i + 1).padStart(3, '0')}`,
      name: pugName(rng),
      className: spec.className,
      role: spec.role,
      spec: spec.name,
      alive: true,
    };
  });
}

/** One raid's pull. */
export function generateRaid(options: GenerateOptions, raidIndex: number): GeneratedRaid {
  const rng = new Random(`${options.seed}:raid:${raidIndex}`);
  const raidNumber = (options.firstRaid ?? 1) + raidIndex;
  const raidId = `raid${String(raidNumber).padStart(3, '0')}`;
  const bossName = options.boss ?? 'Ragnaros';
  const bossId = `boss_${bossName.toLowerCase().replace(/[^a-z0-9]+/g, '_')}`;
  const encounterId = `enc_${raidId}_${bossId.slice(5)}`;
  const durationMs = (options.durationSeconds ?? 300) * 1000;
  const startMs = options.start + raidIndex * 86_400_000;
  const players = playersFor(rng, raidId, options);
  const healers = players.filter((p) => p.role === 'healer');
  const tanks = players.filter((p) => p.role === 'tank');
  const m = options.eventsPerRaid;

  // Times: Beta(2, 1.5) over the session, sorted.
  const offsets = Array.from({ length: m }, () => rng.beta(2, 1.5) * durationMs).sort((a, b) => a - b);
  const bossMaxHp = 15_000 * (m / 2) * 1.3 * (options.bossHealth ?? 1);
  let bossHp = bossMaxHp;
  let phase: (typeof PHASES)[number] = PHASES[0];
  const events: GeneratedEvent[] = [];

  const base = (type: TTelemetryEventType, atMs: number, source: Player | null): GeneratedEvent => ({
    event_id: rng.uuid(),
    event_type: type,
    timestamp: formatTelemetryTime(Math.round(atMs * 1000)),
    raid_id: raidId,
    encounter_id: encounterId,
    encounter_duration_ms: 0,
    source_player_id: source?.id ?? bossId,
    source_player_name: source?.name ?? bossName.slice(0, 12),
    source_player_role: source?.role ?? null,
    source_player_class: source?.className ?? null,
    source_player_level: 90,
    ability_id: null,
    ability_name: null,
    ability_school: null,
    damage_amount: null,
    healing_amount: null,
    is_critical_hit: false,
    critical_multiplier: 1,
    target_entity_id: null,
    target_entity_name: null,
    target_entity_type: null,
    target_entity_health_pct_before: null,
    target_entity_health_pct_after: null,
    resource_type: null,
    resource_amount_before: null,
    resource_amount_after: null,
    resource_regeneration_rate: null,
    source_system: 'wow-raid-addon-v2.0',
    data_quality_flags: [],
    server_latency_ms: Math.max(0, Math.round(rng.normal(45, 10))),
    client_latency_ms: Math.max(0, Math.round(rng.normal(50, 15))),
  });
  const bossPct = () => round2((bossHp / bossMaxHp) * 100);
  const alive = () => players.filter((p) => p.alive);
  const heal = (at: number, healer: Player) => {
    const targets = alive();
    const target = rng.pick(targets.length > 0 ? targets : players);
    const e = base('heal', at, healer);
    e.ability_id = `spell_${healer.className}_heal`;
    e.ability_name = `${healer.spec} Heal`;
    e.ability_school = CLASS_SCHOOL[healer.className];
    e.healing_amount = round2(clip(rng.normal(9500, 2500) * phase.heal, 3000, 40000));
    e.is_critical_hit = rng.chance(0.12);
    e.critical_multiplier = e.is_critical_hit ? round2(rng.uniform(1.3, 1.9)) : 1;
    e.target_entity_id = target.id;
    e.target_entity_name = target.name;
    e.target_entity_type = 'player';
    events.push(e);
  };

  let outcome: 'kill' | 'wipe' = 'wipe';
  for (const offset of offsets) {
    const at = startMs + offset;
    const living = alive();
    if (living.length === 0) break; // everyone is dead: a wipe
    if (rng.chance(BOSS_HIT_SHARE)) {
      const pool = tanks.filter((p) => p.alive);
      const target = pool.length > 0 && rng.chance(0.6) ? rng.pick(pool) : rng.pick(living);
      const e = base('combat_damage', at, null);
      e.ability_id = `${bossId}_strike`;
      e.ability_name = 'Boss Strike';
      e.ability_school = 'fire';
      e.damage_amount = round2(clip(rng.normal(15_000, 3_000) * phase.damage, 5000, 100_000));
      e.target_entity_id = target.id;
      e.target_entity_name = target.name;
      e.target_entity_type = 'player';
      events.push(e);
      continue;
    }
    const player = rng.pick(living);
    const kind = weighted(rng, KIND_WEIGHTS[player.role]);
    if (kind === 'damage') {
      const e = base('combat_damage', at, player);
      e.ability_id = `spell_${player.className}_${player.spec.toLowerCase().replace(/ /g, '_')}`;
      e.ability_name = `${player.spec} Strike`;
      e.ability_school = CLASS_SCHOOL[player.className];
      e.damage_amount = round2(clip(rng.normal(15_000, 3_000) * phase.damage, 5000, 100_000));
      e.is_critical_hit = rng.chance(0.18);
      e.critical_multiplier = e.is_critical_hit ? round2(rng.uniform(1.5, 2.2)) : 1;
      e.target_entity_id = bossId;
      e.target_entity_name = bossName.slice(0, 12);
      e.target_entity_type = 'boss';
      e.target_entity_health_pct_before = bossPct();
      bossHp = Math.max(0, bossHp - e.damage_amount);
      e.target_entity_health_pct_after = bossPct();
      events.push(e);
      const pct = (bossHp / bossMaxHp) * 100;
      const next = pct <= 40 ? PHASES[2] : pct <= 70 ? PHASES[1] : PHASES[0];
      if (next.n > phase.n && bossHp > 0) {
        phase = next;
        const p = base('boss_phase', at, null);
        p.ability_name = phase.name;
        p.target_entity_id = bossId;
        p.target_entity_name = bossName.slice(0, 12);
        p.target_entity_type = 'boss';
        p.target_entity_health_pct_before = bossPct();
        p.target_entity_health_pct_after = bossPct();
        p.data_quality_flags = [`boss_phase_${phase.n}`];
        events.push(p);
      }
      if (bossHp === 0) {
        outcome = 'kill';
        break;
      }
    } else if (kind === 'heal') {
      heal(at, player);
    } else if (kind === 'cast') {
      const e = base('spell_cast', at, player);
      e.ability_id = `spell_${player.className}_cast`;
      e.ability_name = `${player.spec} Cast`;
      e.ability_school = CLASS_SCHOOL[player.className];
      e.target_entity_id = bossId;
      e.target_entity_name = bossName.slice(0, 12);
      e.target_entity_type = 'boss';
      events.push(e);
    } else if (kind === 'regen') {
      const e = base('mana_regeneration', at, player);
      const before = rng.uniform(20, 80);
      const rate = rng.uniform(50, 150);
      e.resource_type = CLASS_RESOURCE[player.className];
      e.resource_amount_before = round2(before);
      e.resource_regeneration_rate = round2(rate);
      e.resource_amount_after = round2(Math.min(100, before + rate / 10));
      events.push(e);
    } else if (rng.chance(phase.death)) {
      // A death: the boss is the source, the victim the target.
      player.alive = false;
      const e = base('player_death', at, null);
      e.target_entity_id = player.id;
      e.target_entity_name = player.name;
      e.target_entity_type = 'player';
      e.data_quality_flags = ['player_death'];
      events.push(e);
    } else {
      heal(at, healers.find((h) => h.alive) ?? player);
    }
  }
  const first = events[0];
  const last = events.at(-1);
  const fightMs =
    first && last ? Math.round((Date.parse(last.timestamp) - Date.parse(first.timestamp)) / 1) : 0;
  for (const e of events) e.encounter_duration_ms = fightMs;
  return { raidId, outcome, events };
}

/** Every raid, one after the other (each holds one raid's events in memory). */
export function* generateRaids(options: GenerateOptions): Generator<GeneratedRaid> {
  for (let r = 0; r < options.raids; r++) yield generateRaid(options, r);
}

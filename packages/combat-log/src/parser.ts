import {
  TELEMETRY_CLASSES,
  type TTelemetryClass,
  type TTelemetryEvent,
  type TTelemetryResource,
  type TTelemetryRole,
  type TTelemetrySchool,
  type TTelemetryTargetType,
} from '@guildhall/contracts';
import { FieldCursor, splitGroupedFields } from './fields';
import { SPECS } from './specs';

/**
 * The line-level combat log parser: feed it lines in order, take what they produced. It holds
 * everything it needs to go on as plain data (`ParserState`), so a checkpoint taken between two
 * lines resumes exactly there.
 */

/** One telemetry event read from the log; the model's fields plus what the log adds. */
export interface CombatLogEvent extends TTelemetryEvent {
  /** `_HEAL`: amount − effective healing (the model has no field for it). */
  overhealing_amount: number | null;
  /** 1-based line of the log the event comes from. */
  log_line: number;
}

/** One instance session: from a header or a zone change to the next. */
export interface CombatLogRaid {
  raid_id: string;
  instance_id: number | null;
  zone_name: string | null;
  difficulty_id: number | null;
  started_at: string;
  start_line: number;
  log_version: number | null;
  advanced_logging: boolean;
  build_version: string | null;
  project_id: number | null;
}

/** One encounter start…end. Reported at its start (outcome null) and again when it ends. */
export interface CombatLogPull {
  pull_id: string;
  raid_id: string;
  /** 1-based position of the pull in its raid. */
  pull_number: number;
  encounter_id: number;
  encounter_name: string;
  difficulty_id: number;
  group_size: number;
  instance_id: number | null;
  started_at: string;
  ended_at: string | null;
  /** `kill`/`wipe` from ENCOUNTER_END; `incomplete` when the session ended without one. */
  outcome: 'kill' | 'wipe' | 'incomplete' | null;
  fight_time_ms: number | null;
  /** Last health seen on the boss (0 on a kill); null without advanced logging. */
  boss_hp_pct: number | null;
  start_line: number;
}

/** A player's COMBATANT_INFO at a pull start. */
export interface CombatLogCombatant {
  raid_id: string;
  pull_id: string | null;
  player_guid: string;
  spec_id: number | null;
  class_name: string | null;
  role: TTelemetryRole | null;
  /** Mean item level of the equipped items (shirt and tabard aside). */
  item_level: number | null;
  log_line: number;
}

export interface ParserState {
  version: number | null;
  advanced: boolean;
  build: string | null;
  projectId: number | null;
  /** Year of month/day timestamps, and the last month seen (for December → January). */
  year: number;
  lastMonth: number;
  raid: CombatLogRaid | null;
  raidAnnounced: boolean;
  zone: { instanceId: number; name: string; difficultyId: number } | null;
  pull: CombatLogPull | null;
  pullCount: number;
  bossGuids: string[];
  /** The encounter's name and its parts ("A, B" and "A and B" name two bosses). */
  bossNames: string[];
  players: Record<string, { specId: number | null; className: string | null; role: TTelemetryRole | null }>;
  lastHit: Record<
    string,
    { guid: string; name: string; abilityId: string | null; abilityName: string | null }
  >;
  /** Pet or guardian GUID → its owner's GUID (from SPELL_SUMMON or the advanced block's ownerGUID). */
  owners: Record<string, string>;
  /** Names of the players seen as a source or a summoner (owners are credited by GUID and name). */
  names: Record<string, string>;
}

export interface CombatLogStats {
  lines: number;
  events: number;
  /** Lines of event types the telemetry model does not use (auras, casts started, …). */
  ignored: number;
  /** Lines that could not be read (too few fields, bad timestamp). */
  malformed: number;
}

export interface CombatLogParserOptions {
  /** Identity of the file (e.g. its name and first bytes' hash): event and raid ids derive from it. */
  fileId: string;
  /** Year of timestamps written without one (up to 10.x): from the file name or upload date. */
  year: number;
  /** Local time zone of timestamps written without an offset, in minutes east of UTC (default 0). */
  utcOffsetMinutes?: number;
  /** `ingestion_timestamp` of every event (default: the event's own time, so output is reproducible). */
  ingestedAt?: string;
}

export interface CombatLogOutput {
  events: CombatLogEvent[];
  raids: CombatLogRaid[];
  pulls: CombatLogPull[];
  combatants: CombatLogCombatant[];
}

const SCHOOLS: Record<number, TTelemetrySchool> = {
  1: 'physical',
  2: 'holy',
  4: 'fire',
  8: 'nature',
  16: 'frost',
  32: 'shadow',
  64: 'arcane',
};
const POWER_TYPES: Record<string, TTelemetryResource> = {
  '0': 'mana',
  '1': 'rage',
  '2': 'focus',
  '3': 'energy',
  '6': 'runic_power',
};
const TELEMETRY_CLASS_NAMES = new Set<string>(TELEMETRY_CLASSES);
const NO_UNIT = '0000000000000000';
const PLAYER_TYPE = 0x400;
/** Unit flags of a pet (0x1000) or a guardian (0x2000): their hits are credited to the owner. */
const PET_OR_GUARDIAN = 0x3000;
/** Source of ENVIRONMENTAL_DAMAGE (falling, lava, …): no unit, named after what hurt. */
export const ENVIRONMENT_SOURCE_NAME = 'Environment';
/** `data_quality_flags` tag of an event a pet or guardian did, credited to its owner. */
export const PET_TAG = 'pet';

/** A school bit mask as the model's single school: one bit by name, all seven as chaos, else the lowest bit. */
function schoolOf(mask: number): TTelemetrySchool | null {
  if (mask === 0x7f) return 'chaos';
  const exact = SCHOOLS[mask];
  if (exact) return exact;
  if (mask <= 0) return null;
  return SCHOOLS[mask & -mask] ?? null;
}

const nil = (v: string | undefined): string | null => (v === undefined || v === 'nil' || v === '' ? null : v);

/** 64-bit FNV-1a of a string as 16 hex digits. */
export function hash64(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0xcbf29ce4;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c ^ (h1 >>> 7), 0x01000193) >>> 0;
  }
  return h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0');
}

export function initialState(year: number): ParserState {
  return {
    version: null,
    advanced: false,
    build: null,
    projectId: null,
    year,
    lastMonth: 0,
    raid: null,
    raidAnnounced: false,
    zone: null,
    pull: null,
    pullCount: 0,
    bossGuids: [],
    bossNames: [],
    players: {},
    lastHit: {},
    owners: {},
    names: {},
  };
}

export class CombatLogParser {
  readonly stats: CombatLogStats = { lines: 0, events: 0, ignored: 0, malformed: 0 };
  private out: CombatLogOutput = { events: [], raids: [], pulls: [], combatants: [] };
  private readonly fileHash: string;
  private readonly idPrefix: string;
  private readonly offsetMs: number;
  private readonly sourceSystemBase = 'wow-combat-log';
  private sourceSystem = 'wow-combat-log';
  private readonly f = new FieldCursor();
  private isoSecond = Number.NaN;
  private isoPrefix = '';
  private dayKey = '';
  private dayEpoch = 0;
  private dayOffsetMs = 0;

  constructor(
    private readonly options: CombatLogParserOptions,
    public state: ParserState = initialState(options.year),
  ) {
    this.fileHash = hash64(options.fileId);
    const h = this.fileHash;
    this.idPrefix = `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(12, 15)}-8`;
    this.offsetMs = (options.utcOffsetMinutes ?? 0) * 60_000;
    this.setSourceSystem();
  }

  /** Lines are latin1-decoded bytes (one character per byte): text fields are re-read as UTF-8. */
  set latin1(value: boolean) {
    this.f.latin1 = value;
  }

  /** What the lines fed since the last call produced. */
  take(): CombatLogOutput {
    const out = this.out;
    this.out = { events: [], raids: [], pulls: [], combatants: [] };
    return out;
  }

  /** One line (without its line break) and its 1-based number in the file. */
  line(line: string, lineNo: number): void {
    this.stats.lines++;
    // `<date> <time><blanks>EVENT,…`: the event starts after the second run of blanks.
    const dateEnd = line.indexOf(' ');
    if (dateEnd < 0) {
      if (line.trim() !== '') this.stats.malformed++;
      return;
    }
    let timeStart = dateEnd + 1;
    while (line.charCodeAt(timeStart) === 32) timeStart++;
    const timeEnd = line.indexOf(' ', timeStart);
    if (timeEnd < 0) {
      this.stats.malformed++;
      return;
    }
    let eventStart = timeEnd + 1;
    while (line.charCodeAt(eventStart) === 32 || line.charCodeAt(eventStart) === 9) eventStart++;
    let end = line.length;
    if (line.charCodeAt(end - 1) === 13) end--;
    const comma = line.indexOf(',', eventStart);
    const name = line.slice(eventStart, comma < 0 ? end : comma);
    switch (name) {
      case 'SPELL_DAMAGE':
      case 'SPELL_PERIODIC_DAMAGE':
      case 'RANGE_DAMAGE':
      case 'SWING_DAMAGE':
      case 'SPELL_HEAL':
      case 'SPELL_PERIODIC_HEAL':
      case 'SPELL_CAST_SUCCESS':
      case 'SPELL_ENERGIZE':
      case 'SPELL_PERIODIC_ENERGIZE':
      case 'ENVIRONMENTAL_DAMAGE':
      case 'SPELL_SUMMON':
      case 'UNIT_DIED':
      case 'ENCOUNTER_START':
      case 'ENCOUNTER_END':
      case 'ZONE_CHANGE':
      case 'COMBAT_LOG_VERSION':
        break;
      case 'COMBATANT_INFO': {
        const ms = this.time(line, dateEnd, timeStart, timeEnd);
        if (ms === null) return;
        const fields = splitGroupedFields(line.slice(eventStart, end));
        this.combatantInfo(fields, ms, lineNo);
        return;
      }
      default:
        this.stats.ignored++;
        return;
    }
    const ms = this.time(line, dateEnd, timeStart, timeEnd);
    if (ms === null) return;
    const f = this.f.scan(line, eventStart, end);
    switch (name) {
      case 'SPELL_DAMAGE':
      case 'SPELL_PERIODIC_DAMAGE':
      case 'RANGE_DAMAGE':
        this.damage(f, 12, true, ms, lineNo);
        return;
      case 'SWING_DAMAGE':
        this.damage(f, 9, false, ms, lineNo);
        return;
      case 'SPELL_HEAL':
      case 'SPELL_PERIODIC_HEAL':
        this.heal(f, ms, lineNo);
        return;
      case 'SPELL_CAST_SUCCESS':
        this.cast(f, ms, lineNo);
        return;
      case 'SPELL_ENERGIZE':
      case 'SPELL_PERIODIC_ENERGIZE':
        this.energize(f, ms, lineNo);
        return;
      case 'ENVIRONMENTAL_DAMAGE':
        this.environmental(f, ms, lineNo);
        return;
      case 'SPELL_SUMMON':
        this.summon(f);
        return;
      case 'UNIT_DIED':
        this.died(f, ms, lineNo);
        return;
      case 'ENCOUNTER_START':
        this.encounterStart(f.toArray(), ms, lineNo);
        return;
      case 'ENCOUNTER_END':
        this.encounterEnd(f.toArray(), ms);
        return;
      case 'ZONE_CHANGE':
        this.zoneChange(f.toArray(), ms, lineNo);
        return;
      case 'COMBAT_LOG_VERSION':
        this.header(f.toArray());
        return;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Time

  /** The line's time in epoch ms (UTC), or null when it cannot be read. */
  private time(line: string, dateEnd: number, timeStart: number, timeEnd: number): number | null {
    const dateText = line.slice(0, dateEnd);
    if (dateText !== this.dayKey) {
      const parts = dateText.split('/');
      const month = Number(parts[0]);
      const day = Number(parts[1]);
      let year: number;
      if (parts.length === 3) {
        year = Number(parts[2]);
      } else {
        // Month/day only: the year runs on when the months wrap (a December → January log).
        if (this.state.lastMonth === 12 && month === 1) this.state.year++;
        year = this.state.year;
      }
      if (!(month >= 1 && month <= 12 && day >= 1 && day <= 31 && year > 1970)) {
        this.stats.malformed++;
        return null;
      }
      this.state.lastMonth = month;
      this.dayKey = dateText;
      this.dayEpoch = Date.UTC(year, month - 1, day);
      this.dayOffsetMs = parts.length === 3 ? Number.NaN : this.offsetMs;
    }
    // H:MM:SS.fff, then (years-and-offsets form) the hour offset run into the fraction.
    const c1 = line.indexOf(':', timeStart);
    const c2 = line.indexOf(':', c1 + 1);
    const dot = line.indexOf('.', c2 + 1);
    if (c1 < 0 || c2 < 0 || dot < 0 || dot > timeEnd) {
      this.stats.malformed++;
      return null;
    }
    const h = Number(line.slice(timeStart, c1));
    const m = Number(line.slice(c1 + 1, c2));
    const s = Number(line.slice(c2 + 1, dot));
    const msText = line.slice(dot + 1, Math.min(dot + 4, timeEnd));
    const ms = Number(msText.padEnd(3, '0'));
    let offset = this.dayOffsetMs;
    if (Number.isNaN(offset)) {
      const zone = line.slice(dot + 4, timeEnd);
      offset = zone === '' ? 0 : Number(zone) * 3_600_000;
    }
    const t = this.dayEpoch + h * 3_600_000 + m * 60_000 + s * 1000 + ms - offset;
    if (!Number.isFinite(t)) {
      this.stats.malformed++;
      return null;
    }
    return t;
  }

  /** `…SS.mmm000Z`; the date and time up to the second are formatted once per second. */
  private iso(ms: number): string {
    const second = Math.floor(ms / 1000);
    if (second !== this.isoSecond) {
      this.isoSecond = second;
      this.isoPrefix = new Date(second * 1000).toISOString().slice(0, 20);
    }
    const milli = ms - second * 1000;
    return `${this.isoPrefix}${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}000Z`;
  }

  // -------------------------------------------------------------------------------------------
  // Sessions, raids and pulls

  private setSourceSystem(): void {
    const v = this.state.version;
    this.sourceSystem = v === null ? this.sourceSystemBase : `${this.sourceSystemBase}-v${v}`;
  }

  private header(f: string[]): void {
    this.endSession();
    const value = (key: string) => {
      const i = f.indexOf(key);
      return i < 0 ? undefined : f[i + 1];
    };
    const version = Number(f[1]);
    this.state.version = Number.isInteger(version) ? version : null;
    this.state.advanced = value('ADVANCED_LOG_ENABLED') === '1';
    this.state.build = value('BUILD_VERSION') ?? null;
    const project = Number(value('PROJECT_ID'));
    this.state.projectId = Number.isInteger(project) ? project : null;
    this.state.zone = null;
    this.setSourceSystem();
  }

  /** A header (a new logging session) closes the raid and any open pull. */
  private endSession(): void {
    this.closePull(null, 'incomplete');
    this.state.raid = null;
    this.state.raidAnnounced = false;
    this.state.lastHit = {};
    this.state.owners = {};
  }

  private zoneChange(f: string[], ms: number, lineNo: number): void {
    const instanceId = Number(f[1]);
    const zone = { instanceId, name: nil(f[2]) ?? '', difficultyId: Number(f[3]) };
    if (this.state.zone?.instanceId === instanceId && this.state.raid) {
      this.state.zone = zone;
      return;
    }
    this.closePull(null, 'incomplete');
    this.state.zone = zone;
    this.state.raid = null;
    this.state.raidAnnounced = false;
    this.openRaid(ms, lineNo);
  }

  private openRaid(ms: number, lineNo: number): CombatLogRaid {
    const zone = this.state.zone;
    const raid: CombatLogRaid = {
      raid_id: `log_${this.fileHash.slice(0, 12)}_${lineNo}`,
      instance_id: zone?.instanceId ?? null,
      zone_name: zone?.name ?? null,
      difficulty_id: zone && Number.isFinite(zone.difficultyId) ? zone.difficultyId : null,
      started_at: this.iso(ms),
      start_line: lineNo,
      log_version: this.state.version,
      advanced_logging: this.state.advanced,
      build_version: this.state.build,
      project_id: this.state.projectId,
    };
    this.state.raid = raid;
    this.state.raidAnnounced = false;
    this.state.pullCount = 0;
    return raid;
  }

  /** The current raid, reported the first time something belongs to it. */
  private raidFor(ms: number, lineNo: number): CombatLogRaid {
    const raid = this.state.raid ?? this.openRaid(ms, lineNo);
    if (!this.state.raidAnnounced) {
      this.state.raidAnnounced = true;
      this.out.raids.push({ ...raid });
    }
    return raid;
  }

  private encounterStart(f: string[], ms: number, lineNo: number): void {
    this.closePull(null, 'incomplete');
    const raid = this.raidFor(ms, lineNo);
    this.state.pullCount++;
    const pull: CombatLogPull = {
      pull_id: `${raid.raid_id}_p${this.state.pullCount}`,
      raid_id: raid.raid_id,
      pull_number: this.state.pullCount,
      encounter_id: Number(f[1]),
      encounter_name: f[2] ?? '',
      difficulty_id: Number(f[3]),
      group_size: Number(f[4]),
      instance_id: f[5] === undefined ? raid.instance_id : Number(f[5]),
      started_at: this.iso(ms),
      ended_at: null,
      outcome: null,
      fight_time_ms: null,
      boss_hp_pct: null,
      start_line: lineNo,
    };
    this.state.pull = pull;
    this.state.bossGuids = [];
    this.state.bossNames = [pull.encounter_name, ...pull.encounter_name.split(/, | and | & /)];
    this.out.pulls.push({ ...pull });
  }

  private encounterEnd(f: string[], ms: number): void {
    const pull = this.state.pull;
    if (!pull || pull.encounter_id !== Number(f[1])) return;
    const success = f[5] === '1';
    pull.fight_time_ms = f[6] === undefined ? ms - Date.parse(pull.started_at) : Number(f[6]);
    if (success) pull.boss_hp_pct = 0;
    this.closePull(this.iso(ms), success ? 'kill' : 'wipe');
  }

  private closePull(endedAt: string | null, outcome: 'kill' | 'wipe' | 'incomplete'): void {
    const pull = this.state.pull;
    if (!pull) return;
    pull.ended_at = endedAt;
    pull.outcome = outcome;
    this.out.pulls.push({ ...pull });
    this.state.pull = null;
    this.state.bossGuids = [];
    this.state.bossNames = [];
  }

  private combatantInfo(f: string[], ms: number, lineNo: number): void {
    const guid = f[1];
    if (!guid) {
      this.stats.malformed++;
      return;
    }
    const raid = this.raidFor(ms, lineNo);
    let specId: number | null = null;
    let gear: string | undefined;
    for (let i = 2; i < f.length; i++) {
      const field = f[i] as string;
      const c = field.charCodeAt(0);
      if (c === 91 || c === 40) {
        // Gear is the group of (itemId,itemLevel,(…),…) tuples.
        if (gear === undefined && /^\[\(\d+,\d+,\(/.test(field)) gear = field;
        continue;
      }
      if (gear === undefined && specId === null) {
        const next = f[i + 1];
        if (next !== undefined && (next.charCodeAt(0) === 91 || next.charCodeAt(0) === 40)) {
          const n = Number(field);
          specId = Number.isInteger(n) ? n : null;
        }
      }
    }
    let itemLevel: number | null = null;
    if (gear !== undefined) {
      let sum = 0;
      let count = 0;
      let slot = 0;
      for (const m of gear.matchAll(/\((\d+),(\d+),\(/g)) {
        const itemId = Number(m[1]);
        // Slot 4 (shirt) and 19 (tabard) do not count towards the item level.
        if (itemId !== 0 && slot !== 3 && slot !== 18) {
          sum += Number(m[2]);
          count++;
        }
        slot++;
      }
      if (count > 0) itemLevel = Math.round((sum / count) * 100) / 100;
    }
    const spec = specId === null ? undefined : SPECS.get(specId);
    this.state.players[guid] = {
      specId,
      className: spec?.className ?? null,
      role: spec?.role ?? null,
    };
    this.out.combatants.push({
      raid_id: raid.raid_id,
      pull_id: this.state.pull?.pull_id ?? null,
      player_guid: guid,
      spec_id: specId,
      class_name: spec?.className ?? null,
      role: spec?.role ?? null,
      item_level: itemLevel,
      log_line: lineNo,
    });
  }

  // -------------------------------------------------------------------------------------------
  // Combat events

  private targetType(guid: string, name: string | null, flags: number): TTelemetryTargetType | null {
    if (guid === NO_UNIT) return null;
    if (flags & PLAYER_TYPE) return 'player';
    if (guid.startsWith('GameObject')) return 'interactive';
    const pull = this.state.pull;
    if (pull && name !== null) {
      if (this.state.bossGuids.includes(guid)) return 'boss';
      // A boss carries (part of) the encounter's name: "Mug'Zee, Heads of Security" has Mug'Zee.
      if (this.state.bossNames.includes(name)) {
        if (this.state.bossGuids.length < 16) this.state.bossGuids.push(guid);
        return 'boss';
      }
    }
    return 'add';
  }

  /** A new event with the base fields of `f` (source and target) filled. */
  private event(
    type: TTelemetryEvent['event_type'],
    f: FieldCursor,
    ms: number,
    lineNo: number,
    creditOwner = true,
  ): CombatLogEvent {
    const raid = this.raidFor(ms, lineNo);
    let srcGuid = f.get(1) ?? NO_UNIT;
    let srcName = f.text(2) ?? '';
    let tags: string[] = [];
    const srcFlags = Number.parseInt(f.get(3) ?? '0', 16);
    if (srcFlags & PLAYER_TYPE) {
      if (this.state.names[srcGuid] !== srcName) this.state.names[srcGuid] = srcName;
    } else if (creditOwner && srcFlags & PET_OR_GUARDIAN) {
      // A pet's or guardian's hits and heals count for its owner, once the owner is known.
      const owner = this.state.owners[srcGuid];
      if (owner !== undefined) {
        srcGuid = owner;
        srcName = this.state.names[owner] ?? '';
        tags = [PET_TAG];
      }
    }
    const dstGuid = f.get(5) ?? NO_UNIT;
    const dstName = f.text(6);
    const player = this.state.players[srcGuid];
    const timestamp = this.iso(ms);
    const lineHex = lineNo.toString(16).padStart(15, '0');
    this.stats.events++;
    const cls = player?.className;
    return {
      event_id: `${this.idPrefix}${lineHex.slice(0, 3)}-${lineHex.slice(3)}`,
      event_type: type,
      timestamp,
      raid_id: raid.raid_id,
      encounter_id: this.state.pull?.pull_id ?? null,
      encounter_duration_ms: null,
      source_player_id: srcGuid,
      source_player_name: srcName,
      source_player_role: player?.role ?? null,
      source_player_class: cls && TELEMETRY_CLASS_NAMES.has(cls) ? (cls as TTelemetryClass) : null,
      source_player_level: null,
      ability_id: null,
      ability_name: null,
      ability_school: null,
      damage_amount: null,
      healing_amount: null,
      is_critical_hit: false,
      critical_multiplier: 1,
      is_resisted: false,
      is_blocked: false,
      is_absorbed: false,
      target_entity_id: dstGuid === NO_UNIT ? null : dstGuid,
      target_entity_name: dstName,
      target_entity_type: this.targetType(dstGuid, dstName, Number.parseInt(f.get(7) ?? '0', 16)),
      target_entity_health_pct_before: null,
      target_entity_health_pct_after: null,
      resource_type: null,
      resource_amount_before: null,
      resource_amount_after: null,
      resource_regeneration_rate: null,
      ingestion_timestamp: this.options.ingestedAt ?? timestamp,
      source_system: this.sourceSystem,
      data_quality_flags: tags,
      server_latency_ms: null,
      client_latency_ms: null,
      overhealing_amount: null,
      log_line: lineNo,
    };
  }

  private spell(e: CombatLogEvent, f: FieldCursor): void {
    e.ability_id = f.text(9);
    e.ability_name = f.text(10);
    e.ability_school = schoolOf(Number.parseInt(f.get(11) ?? '0', 16));
  }

  /** Health of the unit an advanced block describes, in %, when the block can be trusted. */
  private healthPct(f: FieldCursor, blockStart: number, blockEnd: number): number | null {
    if (!this.state.advanced || blockEnd - blockStart < 16) return null;
    const hp = f.num(blockStart + 2);
    const max = f.num(blockStart + 3);
    if (!(max > 0) || !(hp >= 0)) return null;
    return Math.min(100, (hp / max) * 100);
  }

  private damage(f: FieldCursor, blockStart: number, isSpell: boolean, ms: number, lineNo: number): void {
    const n = f.count;
    const suffix = isSpell && (f.is(n - 1, 'ST') || f.is(n - 1, 'AOE')) ? n - 11 : n - 10;
    if (suffix < blockStart) {
      this.stats.malformed++;
      return;
    }
    const amount = f.num(suffix);
    if (!Number.isFinite(amount)) {
      this.stats.malformed++;
      return;
    }
    // A swing's block describes the attacker: a pet's names its owner.
    if (!isSpell) this.learnOwner(f, blockStart, suffix);
    const e = this.event('combat_damage', f, ms, lineNo);
    if (isSpell) this.spell(e, f);
    else e.ability_school = 'physical';
    e.damage_amount = amount;
    e.is_resisted = f.num(suffix + 4) > 0;
    e.is_blocked = f.num(suffix + 5) > 0;
    e.is_absorbed = f.num(suffix + 6) > 0;
    e.is_critical_hit = f.is(suffix + 7, '1');
    // The block describes the target for spell damage, the attacker for swings.
    if (isSpell) {
      const after = this.healthPct(f, blockStart, suffix);
      if (after !== null) {
        e.target_entity_health_pct_after = after;
        const max = f.num(blockStart + 3);
        e.target_entity_health_pct_before = Math.min(100, after + (amount / max) * 100);
        const pull = this.state.pull;
        if (pull && e.target_entity_type === 'boss') pull.boss_hp_pct = Math.round(after * 100) / 100;
      }
    }
    if (e.target_entity_type === 'player' && e.target_entity_id !== null) {
      this.state.lastHit[e.target_entity_id] = {
        guid: e.source_player_id,
        name: e.source_player_name,
        abilityId: e.ability_id,
        abilityName: isSpell ? e.ability_name : 'Melee',
      };
    }
    this.out.events.push(e);
  }

  private heal(f: FieldCursor, ms: number, lineNo: number): void {
    const suffix = f.count - 5;
    if (suffix < 12) {
      this.stats.malformed++;
      return;
    }
    const amount = f.num(suffix);
    const overheal = f.num(suffix + 2);
    if (!Number.isFinite(amount) || !Number.isFinite(overheal)) {
      this.stats.malformed++;
      return;
    }
    const e = this.event('heal', f, ms, lineNo);
    this.spell(e, f);
    e.healing_amount = amount - overheal;
    e.overhealing_amount = overheal;
    e.is_absorbed = f.num(suffix + 3) > 0;
    e.is_critical_hit = f.is(suffix + 4, '1');
    const after = this.healthPct(f, 12, suffix);
    if (after !== null) {
      e.target_entity_health_pct_after = after;
      const max = f.num(15);
      e.target_entity_health_pct_before = Math.max(0, after - ((amount - overheal) / max) * 100);
    }
    this.out.events.push(e);
  }

  private cast(f: FieldCursor, ms: number, lineNo: number): void {
    if (f.count < 12) {
      this.stats.malformed++;
      return;
    }
    this.learnOwner(f, 12, f.count);
    const e = this.event('spell_cast', f, ms, lineNo);
    this.spell(e, f);
    this.out.events.push(e);
  }

  private energize(f: FieldCursor, ms: number, lineNo: number): void {
    const suffix = f.count - 4;
    if (suffix < 12) {
      this.stats.malformed++;
      return;
    }
    const powerType = f.get(suffix + 2) ?? '';
    const resource = POWER_TYPES[powerType];
    if (resource === undefined) {
      this.stats.ignored++;
      return;
    }
    const gained = f.num(suffix) - f.num(suffix + 1);
    // A pet's power is its own: energize stays with the pet.
    const e = this.event('mana_regeneration', f, ms, lineNo, false);
    this.spell(e, f);
    e.resource_type = resource;
    e.resource_regeneration_rate = Number.isFinite(gained) ? gained : null;
    // The block describes the unit that gained: its power after, as % of its maximum.
    const blockLen = suffix - 12;
    if (this.state.advanced && blockLen >= 16) {
      const types = (f.get(12 + blockLen - 9) ?? '').split('|');
      const k = types.indexOf(powerType);
      if (k >= 0) {
        const current = Number((f.get(12 + blockLen - 8) ?? '').split('|')[k]);
        const max = Number((f.get(12 + blockLen - 7) ?? '').split('|')[k]);
        if (max > 0 && current >= 0) {
          e.resource_amount_after = Math.min(100, (current / max) * 100);
          e.resource_amount_before = Math.max(0, ((current - gained) / max) * 100);
        }
      }
    }
    this.out.events.push(e);
  }

  /** Advanced logging on, the block describing the source: its ownerGUID makes the source a pet. */
  private learnOwner(f: FieldCursor, blockStart: number, blockEnd: number): void {
    if (!this.state.advanced || blockEnd - blockStart < 16 || f.is(blockStart + 1, NO_UNIT)) return;
    const owner = f.get(blockStart + 1);
    const source = f.get(1);
    if (owner === undefined || source === undefined || owner === source || owner === '0') return;
    this.state.owners[source] = this.state.owners[owner] ?? owner;
  }

  /** SPELL_SUMMON: the source (or, for a pet's summon, its owner) owns the summoned unit. */
  private summon(f: FieldCursor): void {
    const source = f.get(1);
    const summoned = f.get(5);
    if (source === undefined || summoned === undefined || source === NO_UNIT || summoned === NO_UNIT) {
      this.stats.ignored++;
      return;
    }
    const owner = this.state.owners[source] ?? source;
    if (Number.parseInt(f.get(3) ?? '0', 16) & PLAYER_TYPE) {
      const name = f.text(2);
      if (name !== null) this.state.names[source] = name;
    }
    this.state.owners[summoned] = owner;
    this.stats.ignored++; // not an event of the model: it only links the two units
  }

  /**
   * ENVIRONMENTAL_DAMAGE: base, the target's block, the environmental type, the damage suffix
   * (v22 may close it with ST/AOE). Damage taken by the target from no unit.
   */
  private environmental(f: FieldCursor, ms: number, lineNo: number): void {
    const n = f.count;
    const suffix = f.is(n - 1, 'ST') || f.is(n - 1, 'AOE') ? n - 11 : n - 10;
    const amount = f.num(suffix);
    if (suffix < 10 || !Number.isFinite(amount)) {
      this.stats.malformed++;
      return;
    }
    const e = this.event('combat_damage', f, ms, lineNo, false);
    e.source_player_id = NO_UNIT;
    e.source_player_name = ENVIRONMENT_SOURCE_NAME;
    e.source_player_role = null;
    e.source_player_class = null;
    e.ability_name = f.text(suffix - 1);
    e.ability_school = schoolOf(f.num(suffix + 3));
    e.damage_amount = amount;
    e.is_resisted = f.num(suffix + 4) > 0;
    e.is_blocked = f.num(suffix + 5) > 0;
    e.is_absorbed = f.num(suffix + 6) > 0;
    e.is_critical_hit = f.is(suffix + 7, '1');
    const after = this.healthPct(f, 9, suffix - 1);
    if (after !== null) {
      e.target_entity_health_pct_after = after;
      e.target_entity_health_pct_before = Math.min(100, after + (amount / f.num(12)) * 100);
    }
    if (e.target_entity_type === 'player' && e.target_entity_id !== null) {
      this.state.lastHit[e.target_entity_id] = {
        guid: NO_UNIT,
        name: ENVIRONMENT_SOURCE_NAME,
        abilityId: null,
        abilityName: e.ability_name,
      };
    }
    this.out.events.push(e);
  }

  private died(f: FieldCursor, ms: number, lineNo: number): void {
    const guid = f.get(5);
    const flags = Number.parseInt(f.get(7) ?? '0', 16);
    if (guid === undefined || !(flags & PLAYER_TYPE)) {
      this.stats.ignored++;
      return;
    }
    // The victim is the target; the source is the killing blow's author (seed convention).
    const killer = this.state.lastHit[guid];
    delete this.state.lastHit[guid];
    const e = this.event('player_death', f, ms, lineNo);
    e.source_player_id = killer?.guid ?? NO_UNIT;
    e.source_player_name = killer?.name ?? '';
    const kp = killer ? this.state.players[killer.guid] : undefined;
    e.source_player_role = kp?.role ?? null;
    e.source_player_class =
      kp?.className && TELEMETRY_CLASS_NAMES.has(kp.className) ? (kp.className as TTelemetryClass) : null;
    e.ability_id = killer?.abilityId ?? null;
    e.ability_name = killer?.abilityName ?? null;
    e.data_quality_flags = ['player_death'];
    this.out.events.push(e);
  }
}

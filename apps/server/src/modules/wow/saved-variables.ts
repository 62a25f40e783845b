import { AppError } from '../../core/errors';
import {
  asBool,
  asClassToken,
  asEpoch,
  asInt,
  asRecord,
  asText,
  emptyObservation,
  entriesOf,
  isDay,
  type RawObservation,
  type RawSnapshot,
} from './observation';

/** The addon's one global. */
export const TRACKER_GLOBAL = 'GuildActivityTrackerDB';

/**
 * Reads the parsed `GuildActivityTracker.lua` globals (see
 * `shared/formats/guild-activity-tracker.md`). Addon state (`settings`, `filters`, `minimap`,
 * `_sync`) is ignored; a section of the wrong type is refused, a bad entry is skipped.
 */
export function readSavedVariables(globals: Record<string, unknown>): RawObservation {
  const db = asRecord(globals[TRACKER_GLOBAL]);
  if (!db) {
    throw new AppError(
      'UPLOAD_NOT_RECOGNISED',
      `not a Guild Activity Tracker file: no ${TRACKER_GLOBAL} table`,
    );
  }
  for (const section of ['data', 'roster', 'mythic', 'stats']) {
    const v = db[section];
    if (v !== undefined && typeof v !== 'object') {
      throw new AppError('UPLOAD_NOT_RECOGNISED', `${TRACKER_GLOBAL}.${section} is not a table`);
    }
  }
  const obs = emptyObservation();
  obs.rosterAt = asEpoch(db.rosterLastUpdateAt);

  const roster = entriesOf(db.roster);
  if (roster.length > 0) {
    obs.roster = [];
    obs.rosterComplete = true;
    for (const [name, value] of roster) {
      const e = asRecord(value);
      if (!e) {
        obs.malformed += 1;
        continue;
      }
      obs.roster.push({
        name,
        rank: asText(e.rank, 100),
        level: asInt(e.level, 1, 200),
        className: asClassToken(e.class),
        online: asBool(e.is_online) ?? false,
      });
    }
  }

  for (const [name, value] of entriesOf(db.data)) {
    const e = asRecord(value);
    if (!e) {
      obs.malformed += 1;
      continue;
    }
    const daily: Record<string, Record<string, number>> = {};
    const table = asRecord(e.daily);
    for (const date in table) {
      const count = table[date];
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > 10_000_000) continue;
      if (!isDay(date)) continue;
      const month = date.slice(0, 7);
      const days = daily[month] ?? {};
      days[date.slice(8)] = count;
      daily[month] = days;
    }
    const rankIndex = asInt(e.rankIndex, 0, 99);
    obs.chat.push({
      name,
      total: asInt(e.total, 0, 2_000_000_000),
      daily,
      lastMessage: asText(e.lastMessage, 1000),
      lastSeenTs: asEpoch(e.lastSeenTS),
      rankName: asText(e.rankName, 100),
      rankIndex: rankIndex === 99 ? null : rankIndex,
    });
  }

  for (const [name, value] of entriesOf(db.mythic)) {
    const e = asRecord(value);
    const score = e ? asInt(e.score, 0, 100_000) : null;
    if (!e || score === null) {
      obs.malformed += 1;
      continue;
    }
    if (score === 0) continue;
    obs.scores.push({ name, score, className: asClassToken(e.class), spec: asText(e.spec, 60) });
  }

  obs.snapshots = readStats(db.stats, obs);
  return obs;
}

/** `stats`: epoch → count, or (older bridges) a list of `{ts, iso, onlineCount, online}`. */
export function readStats(stats: unknown, obs: { malformed: number }): RawSnapshot[] {
  const out: RawSnapshot[] = [];
  for (const [key, value] of entriesOf(stats)) {
    if (typeof value === 'number') {
      const at = asEpoch(key);
      const count = asInt(value, 0, 100_000);
      if (at === null || count === null) obs.malformed += 1;
      else out.push({ at, count, online: null });
      continue;
    }
    const e = asRecord(value);
    const at = e ? (asEpoch(e.ts) ?? isoEpoch(e.iso)) : null;
    const count = e ? asInt(e.onlineCount ?? e.online_count, 0, 100_000) : null;
    if (!e || at === null || count === null) {
      obs.malformed += 1;
      continue;
    }
    const online = onlineNames(e.online);
    out.push({ at, count, online });
  }
  return out;
}

function isoEpoch(v: unknown): number | null {
  if (typeof v !== 'string') return null;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? null : asEpoch(Math.floor(ms / 1000));
}

/** An `online` map (`name → anything truthy`) or list of names. */
function onlineNames(v: unknown): string[] | null {
  if (Array.isArray(v)) return v.filter((n): n is string => typeof n === 'string');
  const r = asRecord(v);
  if (!r) return null;
  return Object.entries(r)
    .filter(([, on]) => on !== false && on !== null && on !== 0)
    .map(([name]) => name);
}

import { AppError } from '../../core/errors';
import { packDailyTable } from './chat-months';
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
  type PackedMonths,
  type RawChatEntry,
  type RawObservation,
  type RawSnapshot,
  RECORDING_ROLES,
  type RecorderInfo,
} from './observation';

/** The addon's one global. */
export const TRACKER_GLOBAL = 'GuildActivityTrackerDB';

/**
 * Reads the parsed `GuildActivityTracker.lua` globals (see
 * `shared/formats/guild-activity-tracker.md`). Addon state (`settings`, `filters`, `minimap`)
 * is ignored and `_sync` tells who recorded; a section of the wrong type is refused, a bad
 * entry is skipped.
 *
 * The roster's time is the newest `stats` key (the addon rebuilds the roster only when it takes
 * a snapshot), not `rosterLastUpdateAt`, which every guild-roster event moves on any PC. A file
 * from a PC whose role does not record (a helper) has a stale roster while its `data`/`stats`
 * are the guild master's: its roster is marked stale.
 */
export function readSavedVariables(
  globals: Record<string, unknown>,
  opts: {
    /** A chat entry already read, for a `data` value that stands for it (see `chat-cache.ts`). */
    reuse?: (value: unknown) => RawChatEntry | undefined;
    /** Chat counts packed per month (`months`, `daily` null), as the parse worker sends them. */
    pack?: boolean;
    /** A `daily` table already packed, for a value that stands for it (see `chat-cache.ts`). */
    reuseDaily?: (value: unknown) => PackedMonths | undefined;
    /** The `stats` table already read, for a value that stands for it. */
    reuseStats?: (value: unknown) => RawSnapshot[] | undefined;
  } = {},
): RawObservation {
  const db = asRecord(globals[TRACKER_GLOBAL]);
  if (!db) {
    throw new AppError(
      'UPLOAD_NOT_RECOGNISED',
      `not a Guild Activity Tracker file: no ${TRACKER_GLOBAL} table`,
    );
  }
  const readStatsAlready = opts.reuseStats?.(db.stats);
  for (const section of ['data', 'roster', 'mythic', 'stats']) {
    const v = db[section];
    if (section === 'stats' && readStatsAlready) continue;
    if (v !== undefined && typeof v !== 'object') {
      throw new AppError('UPLOAD_NOT_RECOGNISED', `${TRACKER_GLOBAL}.${section} is not a table`);
    }
  }
  const obs = emptyObservation('file');
  obs.recorder = readRecorder(db._sync);
  obs.rosterStale = obs.recorder?.recording === false;

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
    const reused = opts.reuse?.(value);
    if (reused) {
      obs.chat.push(reused);
      continue;
    }
    const e = asRecord(value);
    if (!e) {
      obs.malformed += 1;
      continue;
    }
    const table = asRecord(e.daily);
    const months = opts.pack ? (opts.reuseDaily?.(e.daily) ?? packDailyTable(table)) : undefined;
    const daily: Record<string, Record<string, number>> = {};
    const unpacked = opts.pack ? null : table;
    for (const date in unpacked) {
      const count = unpacked[date];
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
      daily: months ? null : daily,
      ...(months ? { months } : {}),
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

  obs.snapshots = readStatsAlready ?? readStats(db.stats, obs);
  const newestSnapshot = obs.snapshots.reduce<number | null>(
    (max, s) => (max === null || s.at > max ? s.at : max),
    null,
  );
  obs.rosterAt = newestSnapshot ?? asEpoch(db.rosterLastUpdateAt);
  if (obs.recorder?.recording) {
    let last = obs.recorder.lastRecordedAt;
    if (newestSnapshot !== null && (last === null || newestSnapshot > last)) last = newestSnapshot;
    for (const e of obs.chat)
      if (e.lastSeenTs !== null && (last === null || e.lastSeenTs > last)) last = e.lastSeenTs;
    obs.recorder.lastRecordedAt = last;
  }
  return obs;
}

/**
 * `_sync`: the PC's id and role, when it last synced with the guild master, and what it
 * recorded that the master has not merged yet (`pending` deltas, `backlog` payloads
 * `A:name,total,lastSeenTS,…;…\nS:ts,count;…`). Null for a file without `_sync`.
 */
export function readRecorder(value: unknown): RecorderInfo | null {
  const sync = asRecord(value);
  if (!sync) return null;
  const role = asText(sync.role, 40);
  const info: RecorderInfo = {
    clientId: asText(typeof sync.clientId === 'number' ? String(sync.clientId) : sync.clientId, 100),
    role,
    recording: role === null ? null : RECORDING_ROLES.has(role),
    lastRecordedAt: null,
    lastSyncedAt: null,
    pendingMessages: 0,
    pendingSnapshots: 0,
  };
  const recorded = (at: number | null) => {
    if (at !== null && (info.lastRecordedAt === null || at > info.lastRecordedAt)) info.lastRecordedAt = at;
  };
  const synced = (at: number | null) => {
    if (at !== null && (info.lastSyncedAt === null || at > info.lastSyncedAt)) info.lastSyncedAt = at;
  };
  synced(asEpoch(sync.lastSnapshotAppliedAt));
  for (const [, peer] of entriesOf(sync.peers)) synced(asEpoch(asRecord(peer)?.lastSyncTS));

  const pending = asRecord(sync.pending);
  for (const [, e] of entriesOf(pending?.activity)) {
    const entry = asRecord(e);
    info.pendingMessages += asInt(entry?.total, 0, 2_000_000_000) ?? 0;
    recorded(asEpoch(entry?.lastSeenTS));
  }
  for (const [ts] of entriesOf(pending?.stats)) {
    info.pendingSnapshots += 1;
    recorded(asEpoch(ts));
  }
  for (const [, payload] of entriesOf(sync.backlog)) {
    if (typeof payload !== 'string') continue;
    const newline = payload.indexOf('\nS:');
    const chat = payload.slice(payload.startsWith('A:') ? 2 : 0, newline < 0 ? undefined : newline);
    for (const token of chat.split(';')) {
      const fields = token.split(',');
      if (fields.length < 3) continue;
      info.pendingMessages += asInt(fields[1], 0, 2_000_000_000) ?? 0;
      recorded(asEpoch(fields[2]));
    }
    if (newline < 0) continue;
    for (const token of payload.slice(newline + 3).split(';')) {
      const ts = asEpoch(token.split(',')[0]);
      if (ts === null) continue;
      info.pendingSnapshots += 1;
      recorded(ts);
    }
  }
  return info;
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
    // The real bridge always sends `online: {}`: an empty list beside a non-zero count is
    // "unknown", not "nobody online" (it must not wipe a list stored from the file).
    const listed = onlineNames(e.online);
    const online = listed && listed.length === 0 && count > 0 ? null : listed;
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

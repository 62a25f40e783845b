/**
 * What one upload tells about a guild, before names are resolved: the common shape of the
 * SavedVariables file and of the legacy bridge's batches. Times are epoch seconds.
 */
export interface RawRosterEntry {
  name: string;
  rank: string | null;
  level: number | null;
  className: string | null;
  /** null when the source does not say (legacy batches). */
  online: boolean | null;
}

export interface RawChatEntry {
  name: string;
  total: number | null;
  /**
   * Messages per local date, grouped by month: `YYYY-MM` → `DD` → count; null when the source
   * has no daily table.
   */
  daily: Record<string, Record<string, number>> | null;
  /** The same counts packed per month (`packChat`, in the parse worker); replaces `daily`. */
  months?: PackedMonths;
  lastMessage: string | null;
  lastSeenTs: number | null;
  rankName: string | null;
  rankIndex: number | null;
}

/**
 * A chat entry's months of daily counts, packed into a few strings (see `chat-months.ts`):
 * month `i` is `months` characters 7i…7i+7 (`YYYY-MM`), `digests` characters 12i…12i+12, and
 * `days` from `ends[i - 1]` (or 0) to `ends[i]`; it has `counts[i]` days.
 */
export interface PackedMonths {
  months: string;
  digests: string;
  days: string;
  ends: number[];
  counts: number[];
}

/** One month of daily chat counts, unpacked (see `chat-months.ts`). */
export interface PackedMonth {
  /** `YYYY-MM`. */
  month: string;
  /** Digest of the month's days and counts, compared with the one stored on the character. */
  digest: string;
  /** The days as JSON text: `{"01":3,"17":1}`. */
  days: string;
  /** How many days. */
  count: number;
}

export interface RawScoreEntry {
  name: string;
  score: number;
  className: string | null;
  spec: string | null;
}

export interface RawSnapshot {
  at: number;
  count: number;
  /** Names online at that instant, when the source lists them. */
  online: string[] | null;
}

/** What a file's `_sync` table tells about the PC that wrote it (the addon's replication state). */
export interface RecorderInfo {
  /** `_sync.clientId`: one per PC. */
  clientId: string | null;
  /** `_sync.role`: `master`, `collector`, `idle`, `follower`…; null when the file has none. */
  role: string | null;
  /** Whether that role records chat and snapshots (null: unknown, an addon without `_sync`). */
  recording: boolean | null;
  /** The newest snapshot or chat line this PC recorded itself (epoch seconds). */
  lastRecordedAt: number | null;
  /** When it last applied the guild master's snapshot, or a helper acknowledged one. */
  lastSyncedAt: number | null;
  /** Chat messages and snapshots recorded here and not yet merged into the master's data. */
  pendingMessages: number;
  pendingSnapshots: number;
}

/** Roles whose addon records chat and snapshots (see the format doc). */
export const RECORDING_ROLES: ReadonlySet<string> = new Set(['master', 'collector']);

export interface RawObservation {
  /** A whole SavedVariables file or a legacy bridge batch. */
  kind: 'file' | 'legacy';
  /**
   * When the roster was rebuilt (the time transitions are measured at): the file's newest
   * snapshot, since the addon rebuilds the roster only when it takes one.
   */
  rosterAt: number | null;
  /**
   * The roster may be older than `rosterAt` (a helper PC's: stale roster, the master's
   * snapshots): it never moves a stored roster, and its online flags are not presence.
   */
  rosterStale: boolean;
  recorder: RecorderInfo | null;
  /** null: this upload carries no roster. */
  roster: RawRosterEntry[] | null;
  /** Everyone absent from `roster` (and from `alsoPresent`) has left the guild. */
  rosterComplete: boolean;
  /** Names known to be present though not listed here (earlier batches of a legacy session). */
  alsoPresent: string[];
  /** Names that left (legacy delta mode). */
  removed: string[];
  chat: RawChatEntry[];
  scores: RawScoreEntry[];
  snapshots: RawSnapshot[];
  /** Entries skipped because their shape was wrong. */
  malformed: number;
}

export const emptyObservation = (kind: RawObservation['kind'] = 'file'): RawObservation => ({
  kind,
  rosterAt: null,
  rosterStale: false,
  recorder: null,
  roster: null,
  rosterComplete: false,
  alsoPresent: [],
  removed: [],
  chat: [],
  scores: [],
  snapshots: [],
  malformed: 0,
});

// Lenient readers: the file is written by an addon and edited by nobody, but a bad entry must
// cost only that entry.
export const asRecord = (v: unknown): Record<string, unknown> | null =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;

export const asText = (v: unknown, max = 500): string | null =>
  typeof v === 'string' && v.trim() !== '' ? v.slice(0, max) : null;

export const asInt = (v: unknown, min: number, max: number): number | null => {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) && n >= min && n <= max ? Math.trunc(n) : null;
};

export const asNumber = (v: unknown, min: number, max: number): number | null => {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) && n >= min && n <= max ? n : null;
};

export const asBool = (v: unknown): boolean | null =>
  typeof v === 'boolean' ? v : v === 1 || v === 'true' ? true : v === 0 || v === 'false' ? false : null;

/** A class token as the game writes it (`DEATHKNIGHT`). */
export const asClassToken = (v: unknown): string | null =>
  typeof v === 'string' && /^[A-Z]{3,20}$/.test(v.trim().toUpperCase()) ? v.trim().toUpperCase() : null;

/** Epoch seconds between 2004 (the game's release) and 2100. */
export const asEpoch = (v: unknown): number | null => asInt(v, 1_072_915_200, 4_102_444_800);

const DAY_KEY = /^(19|20|21)\d\d-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A calendar date `YYYY-MM-DD` (02-30 and the like refused). Hot: 700,000 calls per big file. */
export function isDay(text: string): boolean {
  if (!DAY_KEY.test(text)) return false;
  const day = Number(text.slice(8, 10));
  if (day <= 28) return true;
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(5, 7));
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : MONTH_DAYS[month - 1]!);
}

/** Entries of a table the parser turned into an array or an object. */
export function entriesOf(v: unknown): [string, unknown][] {
  if (Array.isArray(v)) return v.map((item, i) => [String(i + 1), item]);
  const r = asRecord(v);
  return r ? Object.entries(r) : [];
}

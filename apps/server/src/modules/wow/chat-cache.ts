import crypto from 'node:crypto';
import { parseLuaValue, parseSavedVariables } from '@guildhall/lua';
import type { PackedMonths, RawChatEntry, RawObservation, RawSnapshot } from './observation';
import { packPlainDaily, plainDailyEnd, plainStatsEnd, readPlainStats } from './plain-tables';
import { readSavedVariables, TRACKER_GLOBAL } from './saved-variables';

/**
 * Reads an uploaded file reusing what earlier uploads parsed. Most of a guild file is its
 * `data` table (every player's daily chat for years), and from one day to the next most of its
 * entries are unchanged, byte for byte. A scan that only follows strings, comments and braces
 * finds each `["Name"] = { … }` entry of `GuildActivityTrackerDB.data`; an entry whose text
 * (name included) was read before is replaced by a marker before the Lua parse, and its read,
 * packed chat entry is taken from a content-addressed cache. The answer is exactly what
 * `readSavedVariables(parseSavedVariables(bytes), { pack: true })` answers: a file the scan does not
 * recognise, or any error, goes the full way (so a syntax error reports its true position).
 *
 * The cache lives in the parse worker (one per process), bounded by the text it stands for.
 */
export interface ChatCache {
  get(key: string): RawChatEntry | undefined;
  set(key: string, entry: RawChatEntry, size: number): void;
  /** The keys and text lengths of the entries of this name still cached, newest first. */
  recent(name: string): { key: string; size: number }[];
}

/** Entries of one name remembered for `recent` (one per community that has that name, say). */
const RECENT_PER_NAME = 4;

/** Text of cached entries kept at most (the cached entries are a fraction of it). */
const CACHE_TEXT_BYTES = 64 * 1024 * 1024;

export function createChatCache(limit = CACHE_TEXT_BYTES): ChatCache {
  const entries = new Map<string, { entry: RawChatEntry; size: number }>();
  const byName = new Map<string, string[]>();
  let total = 0;
  return {
    get(key) {
      const hit = entries.get(key);
      if (!hit) return undefined;
      // Least recently used first: a hit moves to the end.
      entries.delete(key);
      entries.set(key, hit);
      return hit.entry;
    },
    set(key, entry, size) {
      if (size > limit || entries.has(key)) return;
      entries.set(key, { entry, size });
      total += size;
      const keys = (byName.get(entry.name) ?? []).filter((k) => entries.has(k));
      byName.set(entry.name, [key, ...keys].slice(0, RECENT_PER_NAME));
      for (const [k, v] of entries) {
        if (total <= limit) break;
        entries.delete(k);
        total -= v.size;
      }
    },
    recent(name) {
      const out: { key: string; size: number }[] = [];
      for (const key of byName.get(name) ?? []) {
        const hit = entries.get(key);
        if (hit) out.push({ key, size: hit.size });
      }
      return out;
    },
  };
}

const decoder = new TextDecoder('utf-8');

export function readUpload(bytes: Uint8Array, maxBytes: number, cache: ChatCache): RawObservation {
  if (bytes.byteLength <= maxBytes) {
    const source = decoder.decode(bytes);
    // Lone surrogates are for the full parse to mend; the scan works on well-formed text.
    const seen = (name: string, start: number) => {
      for (const { key, size } of cache.recent(name)) {
        const end = start + size;
        if (end > source.length || source.charCodeAt(end - 1) !== RBRACE) continue;
        if (crypto.hash('sha256', source.slice(start, end), 'base64url') === key) return { end, key };
      }
      return null;
    };
    const scanned = (source as string & { isWellFormed(): boolean }).isWellFormed()
      ? scanFile(source, seen)
      : null;
    if (scanned) {
      try {
        return readReusing(source, scanned, maxBytes, cache);
      } catch {
        // The full parse below throws what this file deserves, at its true position.
      }
    }
  }
  return readSavedVariables(parseSavedVariables(bytes, { maxBytes }), { pack: true });
}

interface Entry {
  name: string;
  /** The entry's text: from `[` of its key to the `}` closing its table. */
  start: number;
  end: number;
  /** Where its table starts. */
  value: number;
  /** Its `daily` table (`{` to after `}`) when plain (see `plain-tables.ts`). */
  daily: Range | null;
  /** Its text's cache key, when the scan already matched it with a cached entry's. */
  key?: string;
}

interface Range {
  start: number;
  end: number;
}

/** What the scan found: the chat entries, and the `stats` table when plain. */
export interface ScannedFile {
  entries: Entry[];
  stats: Range | null;
}

function readReusing(
  source: string,
  { entries, stats }: ScannedFile,
  maxBytes: number,
  cache: ChatCache,
): RawObservation {
  const marker = `gh-cached:${crypto.randomBytes(12).toString('hex')}:`;
  const reused = new Map<string, RawChatEntry>();
  const dailies = new Map<string, PackedMonths>();
  let snapshots: RawSnapshot[] | null = null;
  const keys: string[] = [];
  // The text the Lua parse reads: reused entries, plain `daily` tables and a plain `stats`
  // table stand as marker strings, in the order they occur.
  const cuts: { start: number; end: number; id: string }[] = [];
  for (const e of entries) {
    const key = e.key ?? crypto.hash('sha256', source.slice(e.start, e.end), 'base64url');
    keys.push(key);
    const hit = cache.get(key);
    if (hit) {
      const id = `${marker}${reused.size}`;
      reused.set(id, hit);
      cuts.push({ start: e.value, end: e.end, id });
    } else if (e.daily) {
      const id = `${marker}d${dailies.size}`;
      dailies.set(id, packPlainDaily(source.slice(e.daily.start, e.daily.end)));
      cuts.push({ start: e.daily.start, end: e.daily.end, id });
    }
  }
  if (stats) {
    snapshots = readPlainStats(source.slice(stats.start, stats.end));
    if (snapshots) cuts.push({ start: stats.start, end: stats.end, id: `${marker}stats` });
  }
  cuts.sort((a, b) => a.start - b.start);
  let text = '';
  let from = 0;
  for (const cut of cuts) {
    text += `${source.slice(from, cut.start)}"${cut.id}"`;
    from = cut.end;
  }
  text += source.slice(from);
  let consumed = 0;
  const obs = readSavedVariables(parseSavedVariables(text, { maxBytes }), {
    pack: true,
    reuse: (value) => {
      const hit = typeof value === 'string' ? reused.get(value) : undefined;
      if (hit) consumed++;
      return hit;
    },
    // A marker a later `daily` (or `stats`) key replaced is not read: Lua keeps the later one.
    reuseDaily: (value) => (typeof value === 'string' ? dailies.get(value) : undefined),
    reuseStats: (value) => (value === `${marker}stats` && snapshots ? snapshots : undefined),
  });
  // Every marker read once, every entry read as scanned: else the scan misjudged the file.
  if (consumed !== reused.size || obs.chat.length !== entries.length) throw new Error('scan mismatch');
  // Remember what was read afresh: names are unique among the entries (the scan checks).
  const byName = new Map<string, number>();
  for (let i = 0; i < entries.length; i++) byName.set(entries[i]!.name, i);
  for (const chat of obs.chat) {
    const i = byName.get(chat.name);
    if (i === undefined) continue;
    const e = entries[i]!;
    cache.set(keys[i]!, chat, e.end - e.start);
  }
  return obs;
}

// Character codes.
const LF = 10;
const DQUOTE = 34;
const SQUOTE = 39;
const COMMA = 44;
const MINUS = 45;
const SEMICOLON = 59;
const EQUALS = 61;
const LBRACKET = 91;
const BACKSLASH = 92;
const RBRACKET = 93;
const LBRACE = 123;
const RBRACE = 125;

/** What can open a string, a comment or a long bracket, or move the depth. */
const SPECIAL = new Uint8Array(128);
for (const c of [DQUOTE, SQUOTE, MINUS, LBRACKET, LBRACE, RBRACE]) SPECIAL[c] = 1;

const isSpace = (c: number) => c === 32 || (c >= 9 && c <= 13);
const isIdent = (c: number) =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;

/**
 * The entries of `GuildActivityTrackerDB.data` and where they are, when that table has the
 * game's shape: only `["Name"] = { … }` entries (no name twice), separated
 * by `,`/`;`, spaces and comments. Null otherwise, or when the text is not balanced: the caller
 * then parses the whole file. Strings, long strings and comments are skipped as Lua reads them,
 * so a brace inside one never counts.
 */
export function findChatEntries(s: string): Entry[] | null {
  return scanFile(s)?.entries ?? null;
}

/**
 * `findChatEntries`, plus where the entries' `daily` tables and the tracker's `stats` table
 * are, when they are plain (`plain-tables.ts`): those are stepped over whole.
 */
export function scanFile(
  s: string,
  /**
   * An entry of this name read before whose text is the same from `start` on (its end and
   * cache key), or null: the scan steps over it without reading its text again. The same bytes
   * from the same place (between two entries of `data`) are the same entry, ending at the same
   * `}`.
   */
  seen?: (name: string, start: number) => { end: number; key: string } | null,
): ScannedFile | null {
  const n = s.length;
  let depth = 0;
  let global = '';
  let name = '';
  /** Depth of the tracker's table and of its `data` table, when inside them. */
  let inTracker = false;
  let trackers = 0;
  let dataDepth = -1;
  let found = false;
  let dataKeys = 0;
  /** The last string read: its content and where it started and ended. */
  let lastString = '';
  let lastStringStart = -1;
  let lastStringEnd = -1;
  let entry: Entry | null = null;
  const entries: Entry[] = [];
  const names = new Set<string>();
  let stats: Range | null = null;
  for (let i = 0; i < n; ) {
    if (depth >= 2 && !(depth === dataDepth && entry === null)) {
      // Inside a table below the tracker's: only strings, comments and braces matter.
      while (i < n) {
        const d = s.charCodeAt(i);
        if (d < 128 && SPECIAL[d] === 1) break;
        i++;
      }
      if (i >= n) break;
    }
    const c = s.charCodeAt(i);
    if (c === DQUOTE || c === SQUOTE) {
      let j = i + 1;
      let escaped = false;
      for (;;) {
        if (j >= n) return null;
        const d = s.charCodeAt(j);
        if (d === c) break;
        if (d === BACKSLASH) {
          escaped = true;
          j += 2;
          continue;
        }
        if (d === LF || d === 13) return null;
        j++;
      }
      // Only keys of the tracker's table, of `data` and of its entries are read (the rest are
      // days and text); an entry's key with escapes is none the scan looks for.
      const wanted = (depth === 1 && inTracker) || (depth === dataDepth && entry === null);
      const inEntry = entry !== null && depth === dataDepth + 1;
      lastString =
        !wanted && !(inEntry && !escaped) ? '' : escaped ? readLiteral(s.slice(i, j + 1)) : s.slice(i + 1, j);
      // A second `data` key (the later wins in Lua) would not be the table scanned: give up.
      if (
        depth === 1 &&
        inTracker &&
        lastString === 'data' &&
        prevNonSpace(s, i) === LBRACKET &&
        ++dataKeys > 1
      )
        return null;
      lastStringStart = i;
      lastStringEnd = j + 1;
      if (depth === dataDepth && entry === null) {
        // A key of the data table: `["Name"] = {` and nothing else.
        if (c !== DQUOTE || s.charCodeAt(i - 1) !== LBRACKET) return null;
        const same = seen?.(lastString, i - 1);
        if (same) {
          if (names.has(lastString)) return null;
          names.add(lastString);
          const value = s.indexOf('{', j + 1);
          entries.push({ name: lastString, start: i - 1, end: same.end, value, daily: null, key: same.key });
          i = same.end;
          continue;
        }
      }
      i = j + 1;
      continue;
    }
    if (c === MINUS && s.charCodeAt(i + 1) === MINUS) {
      const level = longBracket(s, i + 2);
      if (level >= 0) {
        const close = s.indexOf(`]${'='.repeat(level)}]`, i + 4 + level);
        if (close < 0) return null;
        i = close + level + 2;
      } else {
        const eol = s.indexOf('\n', i);
        i = eol < 0 ? n : eol + 1;
      }
      continue;
    }
    if (c === LBRACKET) {
      const level = longBracket(s, i);
      if (level >= 0) {
        if (depth === dataDepth && entry === null) return null;
        const close = s.indexOf(`]${'='.repeat(level)}]`, i + 2 + level);
        if (close < 0) return null;
        i = close + level + 2;
        continue;
      }
      if (depth === dataDepth && entry === null && s.charCodeAt(i + 1) !== DQUOTE) return null;
      i++;
      continue;
    }
    if (c === LBRACE) {
      if (depth === 0) {
        inTracker = global === TRACKER_GLOBAL;
        if (inTracker && ++trackers > 1) return null;
      } else if (
        (depth === 1 && inTracker && lastString === 'stats') ||
        (entry !== null && depth === dataDepth + 1 && lastString === 'daily')
      ) {
        // A plain table is stepped over whole; one that is not is scanned as any other.
        const end = keyBefore(s, lastStringStart, lastStringEnd, i)
          ? depth === 1
            ? plainStatsEnd(s, i)
            : plainDailyEnd(s, i)
          : -1;
        if (end >= 0) {
          if (depth === 1) stats = { start: i, end };
          // (A second `daily` key in one entry: the later one, which Lua keeps.)
          else entry!.daily = { start: i, end };
          i = end;
          continue;
        }
      } else if (
        depth === 1 &&
        inTracker &&
        lastString === 'data' &&
        keyBefore(s, lastStringStart, lastStringEnd, i)
      ) {
        dataDepth = 2;
        found = true;
      } else if (depth === dataDepth && entry === null) {
        if (!keyBefore(s, lastStringStart, lastStringEnd, i) || names.has(lastString)) return null;
        names.add(lastString);
        entry = { name: lastString, start: lastStringStart - 1, end: -1, value: i, daily: null };
      }
      depth++;
      i++;
      continue;
    }
    if (c === RBRACE) {
      depth--;
      if (depth < 0) return null;
      if (entry !== null && depth === dataDepth) {
        entry.end = i + 1;
        entries.push(entry);
        entry = null;
      } else if (depth === dataDepth - 1) dataDepth = -1;
      if (depth === 0) inTracker = false;
      i++;
      continue;
    }
    if (depth === dataDepth && entry === null) {
      // Between entries: only separators (`]`, `=` and spaces around a key are checked above).
      if (!(isSpace(c) || c === COMMA || c === SEMICOLON || c === RBRACKET || c === EQUALS)) return null;
      i++;
      continue;
    }
    if ((depth === 0 || (depth === 1 && inTracker)) && isIdent(c)) {
      let j = i + 1;
      while (j < n && isIdent(s.charCodeAt(j))) j++;
      name = s.slice(i, j);
      // `data = …` (a name key) would be the same table as `["data"]`.
      if (depth === 1 && name === 'data') return null;
      i = j;
      continue;
    }
    if (depth === 0 && c === EQUALS) global = name;
    i++;
  }
  return depth === 0 && found && entry === null ? { entries, stats } : null;
}

/** Whether `["key"] = ` (spaces allowed) stands between a key string and `at`. */
function keyBefore(s: string, stringStart: number, stringEnd: number, at: number): boolean {
  if (stringStart < 1 || s.charCodeAt(stringStart - 1) !== LBRACKET) return false;
  let i = stringEnd;
  while (isSpace(s.charCodeAt(i))) i++;
  if (s.charCodeAt(i) !== RBRACKET) return false;
  i++;
  while (isSpace(s.charCodeAt(i))) i++;
  if (s.charCodeAt(i) !== EQUALS) return false;
  i++;
  while (isSpace(s.charCodeAt(i))) i++;
  return i === at;
}

/** A string literal with escapes, read as the parser reads it (names with accents have them). */
function readLiteral(literal: string): string {
  try {
    const value = parseLuaValue(literal);
    return typeof value === 'string' ? value : '';
  } catch {
    return '';
  }
}

function prevNonSpace(s: string, i: number): number {
  let j = i - 1;
  while (j >= 0 && isSpace(s.charCodeAt(j))) j--;
  return j < 0 ? -1 : s.charCodeAt(j);
}

/** The level of a long bracket (`[[` is 0, `[==[` is 2) opening at `i`, or -1. */
function longBracket(s: string, i: number): number {
  if (s.charCodeAt(i) !== LBRACKET) return -1;
  let j = i + 1;
  while (s.charCodeAt(j) === EQUALS) j++;
  return s.charCodeAt(j) === LBRACKET ? j - i - 1 : -1;
}

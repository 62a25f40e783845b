import crypto from 'node:crypto';
import type { PackedMonths } from './observation';
import { type PackedSnapshots, packPlainDaily, readPlainStats } from './plain-tables';

/**
 * The part of reading an upload that is a pure function of its text and of ranges the scan
 * found (`chat-cache.ts`): each chat entry's cache key (a hash of its text) and plain `daily`
 * table, and the plain `stats` table. Most of a first upload's parse is this, and it splits
 * into independent pieces: the parse worker does one share and a helper thread, holding the
 * same text, the other (`parse-helper.ts`).
 */
export interface TextWork {
  entries: { start: number; end: number; daily: { start: number; end: number } | null }[];
  stats: { start: number; end: number } | null;
}

export interface TextWorkDone {
  /** Per entry, in order: its text's cache key and its plain `daily` table packed (or null). */
  keys: string[];
  dailies: (PackedMonths | null)[];
  /** The plain `stats` table read (null without one, or when out of range: see `readPlainStats`). */
  stats: PackedSnapshots | null;
}

export const entryKey = (source: string, start: number, end: number): string =>
  crypto.hash('sha256', source.slice(start, end), 'base64url');

export function doTextWork(source: string, work: TextWork): TextWorkDone {
  const keys: string[] = [];
  const dailies: (PackedMonths | null)[] = [];
  for (const e of work.entries) {
    keys.push(entryKey(source, e.start, e.end));
    dailies.push(e.daily ? packPlainDaily(source.slice(e.daily.start, e.daily.end)) : null);
  }
  const stats = work.stats ? readPlainStats(source.slice(work.stats.start, work.stats.end)) : null;
  return { keys, dailies, stats };
}

/**
 * Reading `stats` costs about twice what the same length of chat entries costs, per character
 * (measured on the 19 MB bench file).
 */
const STATS_WEIGHT = 2;

/**
 * Cuts the work in two of about the same cost (by text length): the first for this thread, the
 * second (the `stats` table and the last entries) for the helper.
 */
export function splitWork(work: TextWork): [TextWork, TextWork] {
  const size = (e: TextWork['entries'][number]) => e.end - e.start;
  let total = work.stats ? (work.stats.end - work.stats.start) * STATS_WEIGHT : 0;
  for (const e of work.entries) total += size(e);
  let theirs = work.stats ? (work.stats.end - work.stats.start) * STATS_WEIGHT : 0;
  let cut = work.entries.length;
  while (cut > 0 && theirs + size(work.entries[cut - 1]!) <= total / 2) theirs += size(work.entries[--cut]!);
  return [
    { entries: work.entries.slice(0, cut), stats: null },
    { entries: work.entries.slice(cut), stats: work.stats },
  ];
}

/** The two shares' answers, in the order `splitWork` cut them. */
export function joinWork(mine: TextWorkDone, theirs: TextWorkDone): TextWorkDone {
  return {
    keys: [...mine.keys, ...theirs.keys],
    dailies: [...mine.dailies, ...theirs.dailies],
    stats: theirs.stats,
  };
}

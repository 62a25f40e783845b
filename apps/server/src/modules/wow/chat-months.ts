import crypto from 'node:crypto';
import { isDay, type PackedMonth, type RawObservation } from './observation';

/**
 * Packs daily chat counts (`YYYY-MM` → `DD` → count) into one string per month: the days as
 * JSON text (days in order) and the month's digest, which ingestion compares with the digest
 * stored on the character to skip months that did not change. Done in the parse worker, so the
 * main thread neither hashes years of days nor holds them as hundreds of thousands of objects.
 */
export function packDaily(daily: Record<string, Record<string, number>>): PackedMonth[] {
  const out: PackedMonth[] = [];
  for (const month in daily) {
    const days = daily[month]!;
    const keys = Object.keys(days).sort();
    // The digest's text is the one ingestion has always hashed: stored digests stay valid.
    let text = '';
    let json = '';
    for (const d of keys) {
      text += `${d}:${days[d]},`;
      json += `${json ? ',' : ''}${JSON.stringify(d)}:${days[d]}`;
    }
    const digest = crypto.createHash('sha1').update(text).digest('base64url').slice(0, 12);
    out.push({ month, digest, days: `{${json}}`, count: keys.length });
  }
  return out;
}

/**
 * `packDaily` straight from the file's `daily` table (`YYYY-MM-DD` → count), keeping what
 * `readSavedVariables` keeps (whole counts up to 10 million, real dates), without building the
 * month → day objects first.
 */
export function packDailyTable(table: Record<string, unknown> | null): PackedMonth[] {
  return table ? packDailyEntries(Object.entries(table)) : [];
}

/** `packDailyTable` over a table's entries in their order (`YYYY-MM-DD`, count). */
export function packDailyEntries(entries: Iterable<[string, unknown]>): PackedMonth[] {
  const groups = new Map<string, { day: string; count: number }[]>();
  for (const [date, count] of entries) {
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > 10_000_000) continue;
    if (!isDay(date)) continue;
    const month = date.slice(0, 7);
    let days = groups.get(month);
    if (!days) {
      days = [];
      groups.set(month, days);
    }
    days.push({ day: date.slice(8), count });
  }
  const out: PackedMonth[] = [];
  for (const [month, days] of groups) {
    days.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
    let text = '';
    let json = '';
    for (const { day, count } of days) {
      text += `${day}:${count},`;
      json += `${json ? ',' : ''}"${day}":${count}`;
    }
    const digest = crypto.createHash('sha1').update(text).digest('base64url').slice(0, 12);
    out.push({ month, digest, days: `{${json}}`, count: days.length });
  }
  return out;
}

/** Replaces every chat entry's `daily` with its packed `months` (in place; answers `obs`). */
export function packChat(obs: RawObservation): RawObservation {
  for (const e of obs.chat) {
    if (!e.daily) continue;
    e.months = packDaily(e.daily);
    e.daily = null;
  }
  return obs;
}

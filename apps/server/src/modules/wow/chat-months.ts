import crypto from 'node:crypto';
import { isDay, type PackedMonth, type PackedMonths, type RawObservation } from './observation';

/** Characters of a month (`YYYY-MM`) and of a digest in `PackedMonths`. */
const MONTH_CHARS = 7;
const DIGEST_CHARS = 12;

/**
 * Builds a chat entry's `PackedMonths` one month at a time: a few strings and two short
 * arrays, which cross the thread boundary as a handful of values instead of an object per month
 * (decoding 30,000 month objects was most of the main thread's time on a re-upload).
 */
export class MonthPacker {
  private months = '';
  private digests = '';
  private days = '';
  private readonly ends: number[] = [];
  private readonly counts: number[] = [];

  /**
   * Adds a month: `digestText` is the text ingestion has always hashed (`DD:count,` per day, in
   * order: stored digests stay valid), `json` the days as JSON (`{"01":3,"17":1}`).
   */
  add(month: string, digestText: string, json: string, count: number): void {
    this.months += month;
    this.digests += crypto.hash('sha1', digestText, 'base64url').slice(0, DIGEST_CHARS);
    this.days += json;
    this.ends.push(this.days.length);
    this.counts.push(count);
  }

  done(): PackedMonths {
    return {
      months: this.months,
      digests: this.digests,
      days: this.days,
      ends: this.ends,
      counts: this.counts,
    };
  }
}

/** How many months a `PackedMonths` holds. */
export const monthCount = (p: PackedMonths): number => p.counts.length;

/** `YYYY-MM` of month `i`. */
export const monthOf = (p: PackedMonths, i: number): string =>
  p.months.slice(i * MONTH_CHARS, (i + 1) * MONTH_CHARS);

/** Month `i` unpacked. */
export function monthAt(p: PackedMonths, i: number): PackedMonth {
  return {
    month: monthOf(p, i),
    digest: p.digests.slice(i * DIGEST_CHARS, (i + 1) * DIGEST_CHARS),
    days: p.days.slice(i === 0 ? 0 : p.ends[i - 1], p.ends[i]),
    count: p.counts[i]!,
  };
}

/**
 * The months' digests as the character's `chatDigest` holds them once every month is merged
 * into an empty one: `JSON.stringify({ [month]: digest, … })` in month order (months, digests
 * need no escaping).
 */
export function digestsText(p: PackedMonths): string {
  let out = '{';
  for (let i = 0; i < p.counts.length; i++) {
    out += `${i ? ',' : ''}"${monthOf(p, i)}":"${p.digests.slice(i * DIGEST_CHARS, (i + 1) * DIGEST_CHARS)}"`;
  }
  return `${out}}`;
}

/**
 * Packs daily chat counts (`YYYY-MM` → `DD` → count) per month: the days as JSON text (days in
 * order) and the month's digest, which ingestion compares with the digest stored on the
 * character to skip months that did not change. Done in the parse worker, so the main thread
 * neither hashes years of days nor holds them as hundreds of thousands of objects.
 */
export function packDaily(daily: Record<string, Record<string, number>>): PackedMonths {
  const out = new MonthPacker();
  for (const month in daily) {
    const days = daily[month]!;
    const keys = Object.keys(days).sort();
    let text = '';
    let json = '';
    for (const d of keys) {
      text += `${d}:${days[d]},`;
      json += `${json ? ',' : ''}${JSON.stringify(d)}:${days[d]}`;
    }
    out.add(month, text, `{${json}}`, keys.length);
  }
  return out.done();
}

/**
 * `packDaily` straight from the file's `daily` table (`YYYY-MM-DD` → count), keeping what
 * `readSavedVariables` keeps (whole counts up to 10 million, real dates), without building the
 * month → day objects first.
 */
export function packDailyTable(table: Record<string, unknown> | null): PackedMonths {
  return packDailyEntries(table ? Object.entries(table) : []);
}

/** `packDailyTable` over a table's entries in their order (`YYYY-MM-DD`, count). */
export function packDailyEntries(entries: Iterable<[string, unknown]>): PackedMonths {
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
  const out = new MonthPacker();
  for (const [month, days] of groups) {
    days.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
    let text = '';
    let json = '';
    for (const { day, count } of days) {
      text += `${day}:${count},`;
      json += `${json ? ',' : ''}"${day}":${count}`;
    }
    out.add(month, text, `{${json}}`, days.length);
  }
  return out.done();
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

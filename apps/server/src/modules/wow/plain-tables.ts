import { MonthPacker } from './chat-months';
import type { PackedMonths, RawSnapshot } from './observation';

/**
 * Readers for the two tables that make up most of a guild file, when written exactly as the
 * game writes them: a chat entry's `daily` (`["YYYY-MM-DD"] = N,` lines; 680,000 of them in a
 * big file) and `stats` (`[epoch] = N,` lines; 50,000). Read as text, they skip the Lua parse's
 * hundreds of thousands of object keys (most of the parse's time went to them and to collecting
 * them). A table with anything else in it (a comment, another kind of key or value) is not
 * plain: the caller leaves it to the Lua parse, so the answer is the same either way.
 */

/** Lua's white space (JavaScript's `\s` has more). */
const W = '[ \\t\\n\\v\\f\\r]*';
/**
 * A table body from after its `{` through its `}`, holding only plain `daily` lines. Counts
 * have at most seven digits, so every one is below `packDailyTable`'s bound of ten million.
 */
const DAILY_BODY = new RegExp(
  `${W}(?:\\["\\d{4}-\\d\\d-\\d\\d"\\]${W}=${W}\\d{1,7}${W}(?:[,;]${W}|(?=\\})))*\\}`,
  'y',
);
/** The same for `stats`: ten-digit epoch keys, counts up to six digits. */
const STATS_BODY = new RegExp(`${W}(?:\\[\\d{10}\\]${W}=${W}\\d{1,6}${W}(?:[,;]${W}|(?=\\})))*\\}`, 'y');

/** Where a plain `daily` table opening at `open` (its `{`) ends (after its `}`), or -1. */
export function plainDailyEnd(s: string, open: number): number {
  DAILY_BODY.lastIndex = open + 1;
  return DAILY_BODY.test(s) ? DAILY_BODY.lastIndex : -1;
}

/** Where a plain `stats` table opening at `open` ends, or -1. */
export function plainStatsEnd(s: string, open: number): number {
  STATS_BODY.lastIndex = open + 1;
  return STATS_BODY.test(s) ? STATS_BODY.lastIndex : -1;
}

const MONTH_DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const DAY_TEXT = Array.from({ length: 32 }, (_, d) => String(d).padStart(2, '0'));
const digit = (s: string, i: number) => s.charCodeAt(i) - 48;

/** The months a `daily` key may name: years 1900–2199 (`yy` 19–21, below). */
const FIRST_YEAR = 1900;
const MONTHS = 300 * 12;
/**
 * Day counts by month (32 slots each, -1 for none), for one table at a time and cleared after
 * it. One array for every call: thousands of small typed arrays a file were most of this
 * reader's garbage (each has a backing store to allocate and sweep).
 */
const dayCounts = new Int32Array(MONTHS * 32).fill(-1);

/**
 * A plain `daily` table's text (`{ … }`, checked by `plainDailyEnd`) packed as
 * `packDailyTable` packs the parsed table, without an object per day: months in the order
 * their first valid day appears, days in order, a day written twice with its last count (as a
 * Lua table constructor keeps it), dates `isDay` refuses left out.
 */
export function packPlainDaily(text: string): PackedMonths {
  /** Months (indexes into `dayCounts`, in 32s) in the order their first day appears. */
  const months: number[] = [];
  for (let k = text.indexOf('["'); k >= 0; k = text.indexOf('["', k + 14)) {
    // `["YYYY-MM-DD"]`: the digits are there (checked by the pattern); the date may not be real.
    const yy = digit(text, k + 2) * 10 + digit(text, k + 3);
    const year = yy * 100 + digit(text, k + 4) * 10 + digit(text, k + 5);
    const month = digit(text, k + 7) * 10 + digit(text, k + 8);
    const day = digit(text, k + 10) * 10 + digit(text, k + 11);
    let i = text.indexOf('=', k + 14) + 1;
    while (digit(text, i) < 0 || digit(text, i) > 9) i++;
    let count = 0;
    for (let d = digit(text, i); d >= 0 && d <= 9; d = digit(text, ++i)) count = count * 10 + d;
    if (yy < 19 || yy > 21 || month < 1 || month > 12 || day < 1) continue;
    const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    if (day > (month === 2 && leap ? 29 : MONTH_DAYS[month]!)) continue;
    const at = ((year - FIRST_YEAR) * 12 + month - 1) * 32;
    if (!monthSeen(at)) months.push(at);
    dayCounts[at + day] = count;
  }
  const out = new MonthPacker();
  for (const at of months) {
    let digestText = '';
    let json = '';
    let n = 0;
    for (let d = 1; d <= 31; d++) {
      const count = dayCounts[at + d]!;
      if (count < 0) continue;
      dayCounts[at + d] = -1;
      digestText += `${DAY_TEXT[d]}:${count},`;
      json += `${n++ ? ',' : ''}"${DAY_TEXT[d]}":${count}`;
    }
    dayCounts[at] = -1;
    const month = at / 32;
    const name = `${FIRST_YEAR + Math.floor(month / 12)}-${DAY_TEXT[(month % 12) + 1]}`;
    // The digest of `packDailyTable` (stored digests stay valid).
    out.add(name, digestText, `{${json}}`, n);
  }
  return out.done();
}

/** Whether a month already has a day in this table; marks it (slot 0, no day uses it) if not. */
function monthSeen(at: number): boolean {
  if (dayCounts[at] === 0) return true;
  dayCounts[at] = 0;
  return false;
}

/**
 * A plain `stats` table's text read as `readStats` reads the parsed table (ascending times, a
 * time written twice counted once with its last count), or null when an entry is out of range
 * (left to `readStats`, which counts it as malformed).
 */
export function readPlainStats(text: string): RawSnapshot[] | null {
  const counts = new Map<number, number>();
  for (let k = text.indexOf('['); k >= 0; k = text.indexOf('[', k + 12)) {
    // `[dddddddddd]`, then white space, `=`, white space and the count's digits.
    let at = 0;
    for (let i = k + 1; i <= k + 10; i++) at = at * 10 + digit(text, i);
    let i = text.indexOf('=', k + 12) + 1;
    while (digit(text, i) < 0 || digit(text, i) > 9) i++;
    let count = 0;
    for (let d = digit(text, i); d >= 0 && d <= 9; d = digit(text, ++i)) count = count * 10 + d;
    // `asEpoch` and `asInt(…, 0, 100_000)` of `readStats`.
    if (at < 1_072_915_200 || at > 4_102_444_800 || count > 100_000) return null;
    counts.set(at, count);
  }
  return [...counts.keys()].sort((a, b) => a - b).map((at) => ({ at, count: counts.get(at)!, online: null }));
}

/**
 * Wall-clock times in an IANA zone ("Friday 20:00 Madrid time") to UTC instants and back,
 * with Intl's time-zone data: the same answers as Temporal, without the polyfill.
 */

export interface WallTime {
  year: number;
  /** 1–12. */
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/**
 * What a wall time that occurs twice (clocks turned back) or never (clocks turned forward)
 * means, as Temporal names it: `compatible` takes the earlier of two and, in a gap, the time
 * the clocks show after the jump (02:30 on a spring-forward night becomes 03:30).
 */
export type Disambiguation = 'compatible' | 'earlier' | 'later' | 'reject';

export class WallTimeError extends Error {
  constructor(
    readonly code: 'SKIPPED_TIME' | 'AMBIGUOUS_TIME' | 'UNKNOWN_TIME_ZONE',
    message: string,
  ) {
    super(message);
    this.name = 'WallTimeError';
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
        weekday: 'short',
      });
    } catch {
      throw new WallTimeError('UNKNOWN_TIME_ZONE', `unknown time zone ${timeZone}`);
    }
    formatters.set(timeZone, f);
  }
  return f;
}

export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** The wall time (and weekday, 0 = Sunday) an instant shows in a zone. */
export function wallTimeOf(at: Date, timeZone: string): WallTime & { second: number; weekday: number } {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS.indexOf(parts.weekday ?? ''),
  };
}

/** The zone's offset from UTC at an instant, in minutes (Madrid in summer: +120). */
export function zoneOffsetMinutes(at: Date, timeZone: string): number {
  const w = wallTimeOf(at, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

const sameWall = (a: WallTime, b: WallTime) =>
  a.year === b.year && a.month === b.month && a.day === b.day && a.hour === b.hour && a.minute === b.minute;

/**
 * The instant a wall time names in a zone. Offsets change at most once a day, so the offsets a
 * day either side are the only candidates: two that fit mean the hour repeats, none that
 * it was skipped.
 */
export function zonedTimeToUtc(
  wall: WallTime,
  timeZone: string,
  disambiguation: Disambiguation = 'compatible',
): Date {
  const guess = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
  const before = zoneOffsetMinutes(new Date(guess - 86_400_000), timeZone);
  const after = zoneOffsetMinutes(new Date(guess + 86_400_000), timeZone);
  const fits = [...new Set([before, after])]
    .map((offset) => guess - offset * 60_000)
    .filter((t) => sameWall(wallTimeOf(new Date(t), timeZone), wall))
    .sort((a, b) => a - b);
  const label = `${wall.year}-${pad(wall.month)}-${pad(wall.day)} ${pad(wall.hour)}:${pad(wall.minute)} in ${timeZone}`;
  if (fits.length === 1) return new Date(fits[0]!);
  if (fits.length === 2) {
    if (disambiguation === 'reject')
      throw new WallTimeError('AMBIGUOUS_TIME', `${label} happens twice (the clocks go back)`);
    return new Date(disambiguation === 'later' ? fits[1]! : fits[0]!);
  }
  if (disambiguation === 'reject')
    throw new WallTimeError('SKIPPED_TIME', `${label} does not exist (the clocks go forward)`);
  // In a gap the offset before the jump reads the wall time past it; the one after, before it.
  return new Date(guess - (disambiguation === 'earlier' ? after : before) * 60_000);
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The next time after `from` that the zone's clocks show `hour:minute` on `weekday`
 * (0 = Sunday): "publish Friday 20:00 Madrid time".
 */
export function nextWeekdayAt(
  from: Date,
  timeZone: string,
  weekday: number,
  hour: number,
  minute: number,
  disambiguation: Disambiguation = 'compatible',
): Date {
  const today = wallTimeOf(from, timeZone);
  for (let add = 0; add <= 7; add++) {
    // Noon UTC of the zone's calendar day `add` days on: the calendar arithmetic ignores offsets.
    const day = new Date(Date.UTC(today.year, today.month - 1, today.day + add, 12));
    if (day.getUTCDay() !== weekday) continue;
    const at = zonedTimeToUtc(
      { year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate(), hour, minute },
      timeZone,
      disambiguation,
    );
    if (at.getTime() > from.getTime()) return at;
  }
  throw new Error('unreachable: a weekday recurs within eight days');
}

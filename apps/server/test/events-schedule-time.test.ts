import { describe, expect, it } from 'vitest';
import {
  nextWeekdayAt,
  WallTimeError,
  wallTimeOf,
  zonedTimeToUtc,
  zoneOffsetMinutes,
} from '../src/modules/events/schedule-time';

const iso = (d: Date) => d.toISOString();
const wall = (y: number, mo: number, d: number, h: number, mi = 0) => ({
  year: y,
  month: mo,
  day: d,
  hour: h,
  minute: mi,
});

describe('wall-clock times in an IANA zone: the same answers as Temporal, from Intl', () => {
  it('Europe/Madrid: the spring-forward hour does not exist, the fall-back hour happens twice', () => {
    // 2026-03-29 02:00 CET → 03:00 CEST.
    expect(iso(zonedTimeToUtc(wall(2026, 3, 29, 1, 30), 'Europe/Madrid'))).toBe('2026-03-29T00:30:00.000Z');
    expect(iso(zonedTimeToUtc(wall(2026, 3, 29, 2, 30), 'Europe/Madrid'))).toBe('2026-03-29T01:30:00.000Z');
    expect(wallTimeOf(zonedTimeToUtc(wall(2026, 3, 29, 2, 30), 'Europe/Madrid'), 'Europe/Madrid').hour).toBe(
      3,
    );
    expect(iso(zonedTimeToUtc(wall(2026, 3, 29, 2, 30), 'Europe/Madrid', 'earlier'))).toBe(
      '2026-03-29T00:30:00.000Z',
    );
    expect(() => zonedTimeToUtc(wall(2026, 3, 29, 2, 30), 'Europe/Madrid', 'reject')).toThrow(WallTimeError);
    // 2026-10-25 03:00 CEST → 02:00 CET: 02:30 happens at 00:30Z and again at 01:30Z.
    expect(iso(zonedTimeToUtc(wall(2026, 10, 25, 2, 30), 'Europe/Madrid'))).toBe('2026-10-25T00:30:00.000Z');
    expect(iso(zonedTimeToUtc(wall(2026, 10, 25, 2, 30), 'Europe/Madrid', 'later'))).toBe(
      '2026-10-25T01:30:00.000Z',
    );
    expect(() => zonedTimeToUtc(wall(2026, 10, 25, 2, 30), 'Europe/Madrid', 'reject')).toThrow(/twice/);
    expect(zoneOffsetMinutes(new Date('2026-01-10T12:00:00Z'), 'Europe/Madrid')).toBe(60);
    expect(zoneOffsetMinutes(new Date('2026-07-10T12:00:00Z'), 'Europe/Madrid')).toBe(120);
  });

  it('"publish Friday 20:00 Madrid time" is 19:00 UTC before the change and 18:00 UTC after', () => {
    expect(iso(nextWeekdayAt(new Date('2026-03-25T10:00:00Z'), 'Europe/Madrid', 5, 20, 0))).toBe(
      '2026-03-27T19:00:00.000Z',
    );
    expect(iso(nextWeekdayAt(new Date('2026-04-01T10:00:00Z'), 'Europe/Madrid', 5, 20, 0))).toBe(
      '2026-04-03T18:00:00.000Z',
    );
    // On the Friday itself, after 20:00, it is the next Friday.
    expect(iso(nextWeekdayAt(new Date('2026-04-03T18:30:00Z'), 'Europe/Madrid', 5, 20, 0))).toBe(
      '2026-04-10T18:00:00.000Z',
    );
    // Sunday 02:30 on the spring-forward night reads 03:30.
    expect(iso(nextWeekdayAt(new Date('2026-03-26T00:00:00Z'), 'Europe/Madrid', 0, 2, 30))).toBe(
      '2026-03-29T01:30:00.000Z',
    );
  });

  it('America/Mexico_City: no daylight saving since October 2022, as the tz data says', () => {
    expect(zoneOffsetMinutes(new Date('2022-07-01T12:00:00Z'), 'America/Mexico_City')).toBe(-300);
    expect(zoneOffsetMinutes(new Date('2026-01-15T12:00:00Z'), 'America/Mexico_City')).toBe(-360);
    expect(zoneOffsetMinutes(new Date('2026-07-15T12:00:00Z'), 'America/Mexico_City')).toBe(-360);
    // The first Sunday of April used to skip 02:00–03:00; now 02:30 exists, once, at UTC−6.
    expect(iso(zonedTimeToUtc(wall(2026, 4, 5, 2, 30), 'America/Mexico_City', 'reject'))).toBe(
      '2026-04-05T08:30:00.000Z',
    );
    expect(iso(zonedTimeToUtc(wall(2026, 10, 25, 1, 30), 'America/Mexico_City', 'reject'))).toBe(
      '2026-10-25T07:30:00.000Z',
    );
  });

  it('America/Santiago: southern summer time, changing at midnight', () => {
    // Summer time (−03) ends when Saturday 2026-04-04 reaches 24:00: 23:00–23:59 happen twice.
    expect(iso(zonedTimeToUtc(wall(2026, 4, 4, 23, 30), 'America/Santiago'))).toBe(
      '2026-04-05T02:30:00.000Z',
    );
    expect(iso(zonedTimeToUtc(wall(2026, 4, 4, 23, 30), 'America/Santiago', 'later'))).toBe(
      '2026-04-05T03:30:00.000Z',
    );
    // It starts again when Saturday 2026-09-05 reaches 24:00: Sunday 00:00–00:59 never happens.
    expect(() => zonedTimeToUtc(wall(2026, 9, 6, 0, 30), 'America/Santiago', 'reject')).toThrow(
      /does not exist/,
    );
    expect(iso(zonedTimeToUtc(wall(2026, 9, 6, 0, 30), 'America/Santiago'))).toBe('2026-09-06T04:30:00.000Z');
    expect(wallTimeOf(new Date('2026-09-06T04:30:00Z'), 'America/Santiago')).toMatchObject({
      day: 6,
      hour: 1,
      minute: 30,
    });
    expect(zoneOffsetMinutes(new Date('2026-01-15T12:00:00Z'), 'America/Santiago')).toBe(-180);
    expect(zoneOffsetMinutes(new Date('2026-07-15T12:00:00Z'), 'America/Santiago')).toBe(-240);
  });

  it('an unknown zone is a clear error', () => {
    expect(() => zonedTimeToUtc(wall(2026, 1, 1, 12), 'Mars/Olympus_Mons')).toThrow(/unknown time zone/);
  });
});

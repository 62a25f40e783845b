import { describe, expect, it } from 'vitest';
import { planEventSchedule } from '../src/modules/events/schedule';
import { findFirings } from '../src/modules/events/schedule.repo';
import { zonedTimeToUtc } from '../src/modules/events/schedule-time';
import { at, insertEvent, minutes, plus, scheduleSetup, tick } from './events-schedule-fixtures';

const TIMEOUT = 120_000;

const setup = scheduleSetup;

describe('daylight saving: offsets are real durations before the UTC start', () => {
  const cases = [
    // 20:00 on the Sunday the clocks went forward: the day-before reminder is at 19:00 Saturday's wall time.
    {
      zone: 'Europe/Madrid',
      wall: { year: 2026, month: 3, day: 29, hour: 20, minute: 0 },
      start: '2026-03-29T18:00:00.000Z',
      dayBefore: '2026-03-28T18:00:00.000Z',
      wallBefore: '19:00',
    },
    // No DST any more: 24 h before is the same wall time.
    {
      zone: 'America/Mexico_City',
      wall: { year: 2026, month: 4, day: 5, hour: 20, minute: 0 },
      start: '2026-04-06T02:00:00.000Z',
      dayBefore: '2026-04-05T02:00:00.000Z',
      wallBefore: '20:00',
    },
    // Southern autumn: summer time ended at Saturday's midnight; 24 h before Sunday 20:00 is Saturday 21:00.
    {
      zone: 'America/Santiago',
      wall: { year: 2026, month: 4, day: 5, hour: 20, minute: 0 },
      start: '2026-04-06T00:00:00.000Z',
      dayBefore: '2026-04-05T00:00:00.000Z',
      wallBefore: '21:00',
    },
  ];

  for (const c of cases)
    it(
      `${c.zone}: the event planned in its wall time, the reminders fire at the right instants`,
      async () => {
        const { store, rest, deps } = await setup();
        const startsAt = zonedTimeToUtc(c.wall, c.zone);
        expect(startsAt.toISOString()).toBe(c.start);
        const event = await insertEvent(store, { startsAt, timeZone: c.zone, reminderOffsets: [1440, 60] });
        await planEventSchedule(store.ctx.db, event, at('2026-03-01T00:00:00Z'));
        const reminders = (await findFirings(store.ctx.db, event.id)).filter((f) => f.kind === 'reminder');
        expect(reminders.map((f) => f.dueAt.toISOString())).toEqual([
          c.dayBefore,
          new Date(startsAt.getTime() - minutes(60)).toISOString(),
        ]);
        const wallOfDue = new Intl.DateTimeFormat('en-GB', {
          timeZone: c.zone,
          hour: '2-digit',
          minute: '2-digit',
          hourCycle: 'h23',
        }).format(reminders[0]!.dueAt);
        expect(wallOfDue).toBe(c.wallBefore);
        // A fake clock walking through the day: each reminder fires in the minute it is due, not a wall-clock hour off.
        const dayBefore = new Date(c.dayBefore);
        for (const offset of [-61, -60, -1]) await tick(deps(), plus(dayBefore, minutes(offset)));
        expect(rest.posted).toHaveLength(0);
        await tick(deps(), dayBefore);
        expect(rest.posted).toHaveLength(1);
        await tick(deps(), plus(startsAt, minutes(-61)));
        expect(rest.posted).toHaveLength(1);
        await tick(deps(), plus(startsAt, minutes(-60)));
        expect(rest.posted).toHaveLength(2);
      },
      TIMEOUT,
    );
});

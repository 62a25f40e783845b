import { describe, expect, it } from 'vitest';
import { planEventSchedule } from '../src/modules/events/schedule';
import { findFirings } from '../src/modules/events/schedule.repo';
import { findSyncRows } from '../src/modules/events/sync.repo';
import {
  at,
  type EventRow,
  insertEvent,
  readEvent,
  type Store,
  scheduleSetup,
  tick,
  updateEvent,
} from './events-schedule-fixtures';

const TIMEOUT = 120_000;

const setup = scheduleSetup;

const summary = async (store: Store, eventId: string) =>
  (await findFirings(store.ctx.db, eventId)).map((f) => ({
    kind: f.kind,
    offset: f.offsetMinutes,
    dueAt: f.dueAt.toISOString(),
    state: f.state,
  }));

describe('the events scheduler: planned firings, re-planned with every change', () => {
  it(
    'plans publication, the sign-up window, reminders, start and end; moves them with the event; cancels them with it',
    async () => {
      const { store } = await setup();
      const now = at('2026-12-01T10:00:00Z');
      const event = await insertEvent(store, {
        status: 'draft',
        startsAt: at('2026-12-10T19:00:00Z'),
        durationMinutes: 90,
        publishAt: at('2026-12-04T19:00:00Z'),
        registrationOpensAt: at('2026-12-05T10:00:00Z'),
        registrationClosesAt: at('2026-12-10T18:00:00Z'),
        reminderOffsets: [1440, 60, 15],
      });
      expect(await planEventSchedule(store.ctx.db, event, now)).toEqual({ added: 8, moved: 0, cancelled: 0 });
      expect(await summary(store, event.id)).toEqual([
        { kind: 'publish', offset: 0, dueAt: '2026-12-04T19:00:00.000Z', state: 'pending' },
        { kind: 'registration_open', offset: 0, dueAt: '2026-12-05T10:00:00.000Z', state: 'pending' },
        { kind: 'reminder', offset: 1440, dueAt: '2026-12-09T19:00:00.000Z', state: 'pending' },
        { kind: 'registration_close', offset: 0, dueAt: '2026-12-10T18:00:00.000Z', state: 'pending' },
        { kind: 'reminder', offset: 60, dueAt: '2026-12-10T18:00:00.000Z', state: 'pending' },
        { kind: 'reminder', offset: 15, dueAt: '2026-12-10T18:45:00.000Z', state: 'pending' },
        { kind: 'start', offset: 0, dueAt: '2026-12-10T19:00:00.000Z', state: 'pending' },
        { kind: 'complete', offset: 0, dueAt: '2026-12-10T20:30:00.000Z', state: 'pending' },
      ]);
      // Planning again changes nothing.
      expect(await planEventSchedule(store.ctx.db, event, now)).toEqual({ added: 0, moved: 0, cancelled: 0 });

      // A day later, the 15-minute reminder dropped: the pending firings move, none is doubled.
      const moved = await updateEvent(store, event.id, {
        startsAt: at('2026-12-11T19:00:00Z'),
        reminderOffsets: [1440, 60],
        version: 2,
      });
      expect(await planEventSchedule(store.ctx.db, moved, now)).toEqual({ added: 0, moved: 4, cancelled: 1 });
      const after = await summary(store, event.id);
      expect(after.filter((f) => f.state === 'pending')).toHaveLength(7);
      expect(after.find((f) => f.kind === 'reminder' && f.offset === 60)?.dueAt).toBe(
        '2026-12-11T18:00:00.000Z',
      );
      expect(after.find((f) => f.offset === 15)?.state).toBe('cancelled');

      // Cancelled: every pending firing is cancelled, with the reason kept.
      const cancelled = await updateEvent(store, event.id, { status: 'cancelled', version: 3 });
      expect(await planEventSchedule(store.ctx.db, cancelled, now)).toMatchObject({ cancelled: 7 });
      const rows = await findFirings(store.ctx.db, event.id);
      expect(rows.every((f) => f.state === 'cancelled')).toBe(true);
      expect(rows.at(-1)?.note).toBe('event cancelled, version 3');
    },
    TIMEOUT,
  );

  it(
    'a plain draft gets no schedule; a reminder already past when first planned is not planned',
    async () => {
      const { store } = await setup();
      const draft = await insertEvent(store, { status: 'draft', reminderOffsets: [60] });
      expect(await planEventSchedule(store.ctx.db, draft, at('2026-12-01T10:00:00Z'))).toEqual({
        added: 0,
        moved: 0,
        cancelled: 0,
      });
      const soon = await insertEvent(store, {
        startsAt: at('2026-12-01T10:30:00Z'),
        reminderOffsets: [1440, 60, 15],
      });
      await planEventSchedule(store.ctx.db, soon, at('2026-12-01T10:00:00Z'));
      expect((await summary(store, soon.id)).map((f) => `${f.kind}:${f.offset}`)).toEqual([
        'reminder:15',
        'start:0',
        'complete:0',
      ]);
    },
    TIMEOUT,
  );

  it(
    'fires publication, start and end as status changes with a version bump, queueing the Discord side',
    async () => {
      const { store, deps } = await setup();
      const event = await insertEvent(store, {
        status: 'draft',
        startsAt: at('2026-12-10T19:00:00Z'),
        durationMinutes: 60,
        publishAt: at('2026-12-04T19:00:00Z'),
      });
      await planEventSchedule(store.ctx.db, event, at('2026-12-01T00:00:00Z'));
      expect(await tick(deps(), '2026-12-04T18:59:00Z')).toMatchObject({ sent: 0 });
      expect(await tick(deps(), '2026-12-04T19:00:00Z')).toMatchObject({ sent: 1 });
      let now = await readEvent(store, event.id);
      expect(now).toMatchObject({ status: 'scheduled', version: 2, updatedBy: 'scheduler' });
      expect(now.publishedAt?.toISOString()).toBe('2026-12-04T19:00:00.000Z');
      expect((await findSyncRows(store.ctx.db, event.id)).map((r) => r.target)).toEqual([
        'message',
        'scheduled_event',
      ]);

      await tick(deps(), '2026-12-10T19:00:30Z');
      now = await readEvent(store, event.id);
      expect(now).toMatchObject({ status: 'active', version: 3 });
      await tick(deps(), '2026-12-10T20:01:00Z');
      expect(await readEvent(store, event.id)).toMatchObject({ status: 'completed', version: 4 });
      expect((await summary(store, event.id)).map((f) => `${f.kind}:${f.state}`)).toEqual([
        'publish:sent',
        'start:sent',
        'complete:sent',
      ]);
    },
    TIMEOUT,
  );

  it(
    'sends a reminder late when still useful, and records it missed when not: never lost in silence',
    async () => {
      const { store, rest, deps } = await setup();
      const start = at('2026-12-10T19:00:00Z');
      const late = await insertEvent(store, { startsAt: start, reminderOffsets: [60] });
      const tooLate = await insertEvent(store, { startsAt: start, reminderOffsets: [1440] });
      const started = await insertEvent(store, {
        startsAt: at('2026-12-10T18:30:00Z'),
        reminderOffsets: [60],
      });
      const twoDue = await insertEvent(store, { startsAt: start, reminderOffsets: [60, 15] });
      for (const e of [late, tooLate, started, twoDue])
        await planEventSchedule(store.ctx.db, e, at('2026-12-01T00:00:00Z'));

      // The process was down from 2026-12-09 12:00 to 18:50 on the 10th.
      const report = await tick(deps({ lateGraceMinutes: 120 }), '2026-12-10T18:50:00Z');
      // Sent: two reminders and the start of the event already under way; missed: three reminders.
      expect(report).toMatchObject({ sent: 3, missed: 3 });
      const state = async (id: string) =>
        (await findFirings(store.ctx.db, id))
          .filter((f) => f.kind === 'reminder')
          .map((f) => [f.offsetMinutes, f.state, f.note]);
      expect(await state(late.id)).toEqual([[60, 'sent', 'late by 50 min; 1 sent']]);
      expect(await state(tooLate.id)).toEqual([[1440, 'missed', 'late by 1430 min (grace 120 min)']]);
      expect(await state(started.id)).toEqual([[60, 'missed', 'late by 80 min: the event had started']]);
      expect(await state(twoDue.id)).toEqual([
        [60, 'missed', 'superseded by the 15-minute reminder'],
        [15, 'sent', 'late by 5 min; 1 sent'],
      ]);
      // The late reminder's text still tells the truth: Discord renders "in 10 minutes".
      expect(rest.posted.map((p) => p.channelId).sort()).toEqual([late.channelId, twoDue.channelId].sort());
      expect(rest.posted[0]!.body.content).toMatch(/<t:1796929200:R>/);
    },
    TIMEOUT,
  );

  it(
    'without the bot, reminders wait (status changes still happen), go out when it is back, or are missed once too late',
    async () => {
      const { store, rest, deps } = await setup();
      const event = await insertEvent(store, { startsAt: at('2026-12-10T19:00:00Z'), reminderOffsets: [60] });
      const other = await insertEvent(store, { startsAt: at('2026-12-10T18:10:00Z'), reminderOffsets: [60] });
      for (const e of [event, other]) await planEventSchedule(store.ctx.db, e, at('2026-12-01T00:00:00Z'));
      expect(await tick(deps({ discord: null }), '2026-12-10T18:00:00Z')).toMatchObject({
        sent: 0,
        waiting: 2,
      });
      expect((await findFirings(store.ctx.db, event.id))[0]).toMatchObject({
        kind: 'reminder',
        state: 'pending',
        attempts: 0,
        note: 'waiting for the bot',
      });
      // Still no bot when the other event starts: its reminder is missed, and its start happens.
      expect(await tick(deps({ discord: null }), '2026-12-10T18:15:00Z')).toMatchObject({
        waiting: 1,
        missed: 1,
        sent: 1,
      });
      expect((await findFirings(store.ctx.db, other.id)).map((f) => `${f.kind}:${f.state}`)).toEqual([
        'reminder:missed',
        'start:sent',
        'complete:pending',
      ]);
      expect(await tick(deps(), '2026-12-10T18:20:00Z')).toMatchObject({ sent: 1 });
      expect(rest.posted).toHaveLength(1);
      expect((await findFirings(store.ctx.db, event.id))[0]).toMatchObject({ state: 'sent', attempts: 1 });
    },
    TIMEOUT,
  );
});

describe('the events service plugs in its own steps', () => {
  it(
    'publication and the sign-up window call its hooks inside the firing transaction',
    async () => {
      const { store, deps } = await setup();
      const event = await insertEvent(store, {
        status: 'draft',
        publishAt: at('2026-12-04T19:00:00Z'),
        registrationOpensAt: at('2026-12-05T10:00:00Z'),
        registrationClosesAt: at('2026-12-10T18:00:00Z'),
      });
      await planEventSchedule(store.ctx.db, event, at('2026-12-01T00:00:00Z'));
      const calls: string[] = [];
      const hooks = {
        publish: async (_tx: unknown, e: EventRow) => void calls.push(`publish ${e.id}`),
        registrationOpened: async (_tx: unknown, e: EventRow) => void calls.push(`open ${e.id}`),
        registrationClosed: async (_tx: unknown, e: EventRow) => void calls.push(`close ${e.id}`),
      };
      await tick(deps({ hooks }), '2026-12-10T18:00:00Z');
      expect(calls).toEqual([`publish ${event.id}`, `open ${event.id}`, `close ${event.id}`]);
      // The hook owns publication: the scheduler did not change the event itself.
      expect(await readEvent(store, event.id)).toMatchObject({ status: 'draft', version: 1 });
      // A hook that throws leaves the firing pending for a retry, with the error noted.
      const failing = await insertEvent(store, { status: 'draft', publishAt: at('2026-12-04T19:00:00Z') });
      await planEventSchedule(store.ctx.db, failing, at('2026-12-01T00:00:00Z'));
      const boom = { publish: async () => Promise.reject(new Error('announcement channel gone')) };
      expect(await tick(deps({ hooks: boom }), '2026-12-10T18:00:00Z')).toMatchObject({ retrying: 1 });
      const [publish] = await findFirings(store.ctx.db, failing.id);
      expect(publish).toMatchObject({ state: 'pending', note: 'attempt 1: announcement channel gone' });
    },
    TIMEOUT,
  );
});

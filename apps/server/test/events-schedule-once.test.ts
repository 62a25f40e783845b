import { describe, expect, it } from 'vitest';
import { planEventSchedule } from '../src/modules/events/schedule';
import { claimDueFirings, findFirings } from '../src/modules/events/schedule.repo';
import {
  at,
  insertEvent,
  minutes,
  plus,
  readEvent,
  scheduleSetup,
  signupsOf,
  tick,
} from './events-schedule-fixtures';

const TIMEOUT = 120_000;

const setup = scheduleSetup;

describe('exactly once, across workers and restarts', () => {
  it(
    'two workers ticking at once fire every firing once',
    async () => {
      const { store, rest, discord } = await setup();
      const other = await store.secondProcess();
      const ids: string[] = [];
      for (let i = 0; i < 12; i++) {
        const e = await insertEvent(store, {
          startsAt: at('2026-12-10T19:00:00Z'),
          reminderOffsets: [60],
          registrationOpensAt: at('2026-12-10T17:00:00Z'),
        });
        await planEventSchedule(store.ctx.db, e, at('2026-12-01T00:00:00Z'));
        ids.push(e.id);
      }
      const signups = signupsOf(Object.fromEntries(ids.map((id) => [id, ['111111111111111111']])));
      const now = '2026-12-10T18:00:00Z';
      const [a, b] = await Promise.all([
        tick({ db: store.ctx.db, discord, signups }, now, 'worker-a'),
        tick({ db: other.db, discord, signups }, now, 'worker-b'),
      ]);
      expect(a.sent + b.sent).toBe(24);
      expect(a.lost + b.lost).toBe(0);
      // One channel post and one DM per event, and no more.
      expect(rest.posted).toHaveLength(24);
      expect(new Set(rest.posted.map((p) => p.channelId)).size).toBe(13);
      const firings = (await Promise.all(ids.map((id) => findFirings(store.ctx.db, id)))).flat();
      expect(
        firings.filter((f) => f.dueAt <= new Date(now)).every((f) => f.state === 'sent' && f.attempts === 1),
      ).toBe(true);
      // Another round finds nothing left to do.
      expect(await tick({ db: other.db, discord, signups }, now, 'worker-b')).toMatchObject({ sent: 0 });
    },
    TIMEOUT,
  );

  it(
    'a worker that dies holding a firing lets it go when its lease ends; the restarted process fires it once',
    async () => {
      const { store, rest, discord } = await setup();
      const event = await insertEvent(store, { startsAt: at('2026-12-10T19:00:00Z'), reminderOffsets: [60] });
      await planEventSchedule(store.ctx.db, event, at('2026-12-01T00:00:00Z'));
      const due = at('2026-12-10T18:00:00Z');
      // Worker A claims it, then the process dies before acting.
      const claimed = await claimDueFirings(store.ctx.db, {
        now: due,
        workerId: 'dead-worker',
        leaseUntil: plus(due, minutes(5)),
        limit: 10,
      });
      expect(claimed).toHaveLength(1);
      await store.restart();
      const deps = { db: store.ctx.db, discord, signups: signupsOf({}) };
      expect(await tick(deps, plus(due, minutes(1)), 'new-worker')).toMatchObject({ sent: 0 });
      expect(rest.posted).toHaveLength(0);
      expect(await tick(deps, plus(due, minutes(6)), 'new-worker')).toMatchObject({ sent: 1 });
      expect(await tick(deps, plus(due, minutes(7)), 'new-worker')).toMatchObject({ sent: 0 });
      expect(rest.posted).toHaveLength(1);
      expect((await findFirings(store.ctx.db, event.id))[0]).toMatchObject({
        state: 'sent',
        attempts: 2,
        claimedBy: 'new-worker',
        note: 'late by 6 min; 1 sent',
      });
    },
    TIMEOUT,
  );

  it(
    'a worker whose lease ran out cannot finish what another worker took over',
    async () => {
      const { store, deps } = await setup();
      const event = await insertEvent(store, {
        status: 'scheduled',
        startsAt: at('2026-12-10T19:00:00Z'),
        durationMinutes: 60,
      });
      await planEventSchedule(store.ctx.db, event, at('2026-12-01T00:00:00Z'));
      const due = at('2026-12-10T19:00:00Z');
      await claimDueFirings(store.ctx.db, {
        now: due,
        workerId: 'slow',
        leaseUntil: plus(due, minutes(5)),
        limit: 1,
      });
      // The slow worker's lease is over; B takes the start over and fires it.
      expect(await tick(deps(), plus(due, minutes(6)), 'worker-b')).toMatchObject({ sent: 1 });
      expect(await readEvent(store, event.id)).toMatchObject({ status: 'active', version: 2 });
      // The slow worker now tries to finish its copy: nothing it does sticks.
      const { finishFiring } = await import('../src/modules/events/schedule.repo');
      const [start] = (await findFirings(store.ctx.db, event.id)).filter((f) => f.kind === 'start');
      expect(await finishFiring(store.ctx.db, start!.id, 'slow', { state: 'sent', at: due })).toBe(false);
    },
    TIMEOUT,
  );
});

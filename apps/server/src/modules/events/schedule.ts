import type { Executor } from '../../core/db';
import type { events } from './events.tables';
import * as repo from './schedule.repo';
import type { FiringKind } from './schedule.tables';

export type EventRow = typeof events.$inferSelect;

/** A firing the event's current state asks for. */
export interface PlannedFiring {
  kind: FiringKind;
  offsetMinutes: number;
  dueAt: Date;
}

const MINUTE = 60_000;

/** Only events that are, or will be by themselves, published get a schedule: a plain draft waits to be published. */
const onTheCalendar = (e: EventRow) => e.status === 'scheduled' || (e.status === 'draft' && !!e.publishAt);

/**
 * What the event's schedule is now. Offsets are durations before the UTC start, so a
 * 24-hour reminder across a daylight-saving change is 24 real hours before, whatever the
 * clocks show. A reminder already past when it is first planned (an event created an hour
 * before it starts, with a day-before reminder) was never due and is not planned.
 */
export function desiredFirings(event: EventRow): PlannedFiring[] {
  const start = event.startsAt.getTime();
  const out: PlannedFiring[] = [];
  const add = (kind: FiringKind, at: Date | number, offsetMinutes = 0) =>
    out.push({ kind, offsetMinutes, dueAt: new Date(at) });
  if (event.status === 'draft' && event.publishAt) add('publish', event.publishAt);
  if (onTheCalendar(event)) {
    if (event.registrationOpensAt) add('registration_open', event.registrationOpensAt);
    if (event.registrationClosesAt) add('registration_close', event.registrationClosesAt);
    for (const offset of new Set(event.reminderOffsets))
      if (offset > 0) add('reminder', start - offset * MINUTE, offset);
    add('start', start);
  }
  if (onTheCalendar(event) || event.status === 'active')
    add('complete', start + event.durationMinutes * MINUTE);
  return out;
}

export interface PlanReport {
  added: number;
  moved: number;
  cancelled: number;
}

/**
 * Brings the event's planned firings in line with it: call after every change to the event
 * (in the same transaction). Moved times move the pending firings; firings the event no
 * longer asks for (a cancelled or archived event: all of them) are cancelled, with the
 * reason kept; a firing that already fired at the same time is not planned again.
 */
export async function planEventSchedule(db: Executor, event: EventRow, now: Date): Promise<PlanReport> {
  const desired = desiredFirings(event);
  const existing = await repo.lockEventFirings(db, event.id);
  const key = (f: { kind: string; offsetMinutes: number }) => `${f.kind}:${f.offsetMinutes}`;
  const pending = new Map(existing.filter((f) => f.state === 'pending').map((f) => [key(f), f]));
  const report: PlanReport = { added: 0, moved: 0, cancelled: 0 };
  for (const want of desired) {
    const current = pending.get(key(want));
    pending.delete(key(want));
    if (current) {
      if (current.dueAt.getTime() !== want.dueAt.getTime()) {
        await repo.moveFiring(db, current.id, want.dueAt);
        report.moved += 1;
      }
      continue;
    }
    const done = existing.some(
      (f) => f.state !== 'pending' && key(f) === key(want) && f.dueAt.getTime() === want.dueAt.getTime(),
    );
    if (done) continue;
    if (want.kind === 'reminder' && want.dueAt.getTime() <= now.getTime()) continue;
    await repo.insertFiring(db, { eventId: event.id, communityId: event.communityId, ...want });
    report.added += 1;
  }
  const stale = [...pending.values()].map((f) => f.id);
  if (stale.length > 0) {
    await repo.cancelFirings(db, stale, `event ${event.status}, version ${event.version}`);
    report.cancelled = stale.length;
  }
  return report;
}

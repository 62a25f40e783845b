import type { FastifyBaseLogger } from 'fastify';
import type { Executor } from '../../core/db';
import type { DiscordActions } from '../bot';
import { type SignupReader, sendReminder } from './reminders';
import { type EventRow, planEventSchedule } from './schedule';
import * as repo from './schedule.repo';
import type { FiringKind, FiringState } from './schedule.tables';
import { enqueueEventSync } from './sync';

/**
 * What the events service does itself when a firing comes due, in the firing's transaction;
 * each replaces the scheduler's own plain step (publish: draft → scheduled, then re-plan and
 * sync; the window's opening and closing: the message is refreshed so its buttons follow).
 * A hook that changes the event re-plans and queues the sync itself, as after any change.
 */
export interface ScheduleHooks {
  publish?(tx: Executor, event: EventRow, now: Date): Promise<void>;
  registrationOpened?(tx: Executor, event: EventRow, now: Date): Promise<void>;
  registrationClosed?(tx: Executor, event: EventRow, now: Date): Promise<void>;
}

export interface ScheduleDeps {
  db: Executor;
  /** The bot's REST; null without DISCORD_TOKEN: reminders then wait, and are recorded missed once too late. */
  discord: DiscordActions | null;
  signups: SignupReader;
  hooks?: ScheduleHooks;
  /** How late a reminder may still go out (and only before the start). */
  lateGraceMinutes?: number;
  log?: FastifyBaseLogger;
}

export interface TickReport {
  sent: number;
  /** Reminders still useful but waiting for the bot (no DISCORD_TOKEN). */
  waiting: number;
  missed: number;
  cancelled: number;
  failed: number;
  retrying: number;
  /** Firings another worker took over (lease lost) or a re-plan cancelled while this one held them. */
  lost: number;
}

export const DEFAULT_LATE_GRACE_MINUTES = 120;
/** Long enough for a reminder to a few hundred members; a worker that died frees its firings after it. */
const LEASE_MS = 5 * 60_000;
const MAX_ATTEMPTS = 5;
const MAX_PER_TICK = 500;

const minutesLate = (firing: repo.FiringRow, now: Date) =>
  Math.floor((now.getTime() - firing.dueAt.getTime()) / 60_000);

/**
 * One scheduler tick: claims the due firings (atomically, so several workers share them and
 * none fires twice) and fires each. Run every minute by the tick job; after a restart the
 * first tick catches up on what came due meanwhile.
 */
export async function runDueFirings(
  deps: ScheduleDeps,
  opts: { now: Date; workerId: string; limit?: number },
): Promise<TickReport> {
  const report: TickReport = {
    sent: 0,
    waiting: 0,
    missed: 0,
    cancelled: 0,
    failed: 0,
    retrying: 0,
    lost: 0,
  };
  let handled = 0;
  while (handled < MAX_PER_TICK) {
    const batch = await repo.claimDueFirings(deps.db, {
      now: opts.now,
      workerId: opts.workerId,
      leaseUntil: new Date(opts.now.getTime() + LEASE_MS),
      limit: Math.min(opts.limit ?? 50, MAX_PER_TICK - handled),
    });
    if (batch.length === 0) break;
    for (const firing of batch) {
      handled += 1;
      const outcome = await fireSafely(deps, firing, opts.now, opts.workerId);
      report[outcome] += 1;
    }
  }
  return report;
}

type Outcome = keyof TickReport;

async function fireSafely(
  deps: ScheduleDeps,
  firing: repo.FiringRow,
  now: Date,
  workerId: string,
): Promise<Outcome> {
  try {
    return await fire(deps, firing, now, workerId);
  } catch (err) {
    const error = (err instanceof Error ? err.message : String(err)).slice(0, 300);
    deps.log?.warn({ firing: firing.id, kind: firing.kind, eventId: firing.eventId, err }, 'firing failed');
    if (firing.attempts >= MAX_ATTEMPTS) {
      await repo.finishFiring(deps.db, firing.id, workerId, { state: 'failed', at: now, note: error });
      return 'failed';
    }
    // Not again in this tick: after 1, 2, 4, 8 minutes.
    const retryAt = new Date(now.getTime() + 60_000 * 2 ** (firing.attempts - 1));
    await repo.releaseFiring(deps.db, firing.id, workerId, retryAt, `attempt ${firing.attempts}: ${error}`);
    return 'retrying';
  }
}

/** Ends the firing without acting (missed, cancelled). */
async function end(
  deps: ScheduleDeps,
  firing: repo.FiringRow,
  workerId: string,
  state: Exclude<FiringState, 'pending' | 'failed'>,
  now: Date,
  note: string | null,
): Promise<Outcome> {
  const ok = await repo.finishFiring(deps.db, firing.id, workerId, { state, at: now, note });
  return ok ? (state as Outcome) : 'lost';
}

async function fire(
  deps: ScheduleDeps,
  firing: repo.FiringRow,
  now: Date,
  workerId: string,
): Promise<Outcome> {
  const event = await repo.findEvent(deps.db, firing.eventId);
  if (!event) return end(deps, firing, workerId, 'cancelled', now, 'event deleted');
  const kind = firing.kind;
  if (kind === 'reminder') return remind(deps, firing, event, now, workerId);
  const late = minutesLate(firing, now);
  const note = late >= 1 ? `late by ${late} min` : null;
  // The state change and the firing's end commit together: a worker that lost its lease rolls back.
  const fired = await deps.db.transaction(async (tx) => {
    if (!(await repo.finishFiring(tx, firing.id, workerId, { state: 'sent', at: now, note }))) return false;
    const changed = await transition(tx, deps.hooks, kind, event, now);
    if (changed) {
      await planEventSchedule(tx, changed, now);
      await enqueueEventSync(tx, changed, 'edited', now);
    }
    return true;
  });
  return fired ? 'sent' : 'lost';
}

/** Applies a firing's state change; answers the event when the change asks for a re-plan and a sync. */
async function transition(
  tx: Executor,
  hooks: ScheduleHooks | undefined,
  kind: Exclude<FiringKind, 'reminder'>,
  event: EventRow,
  now: Date,
): Promise<EventRow | undefined> {
  switch (kind) {
    case 'publish':
      if (hooks?.publish) {
        await hooks.publish(tx, event, now);
        return undefined;
      }
      return repo.transitionEvent(tx, event.id, 'draft', 'scheduled', now, { publishedAt: now });
    case 'registration_open':
    case 'registration_close': {
      const hook = kind === 'registration_open' ? hooks?.registrationOpened : hooks?.registrationClosed;
      if (hook) await hook(tx, event, now);
      else await enqueueEventSync(tx, event, 'edited', now);
      return undefined;
    }
    case 'start':
      return repo.transitionEvent(tx, event.id, 'scheduled', 'active', now);
    case 'complete':
      return repo.transitionEvent(tx, event.id, 'active', 'completed', now);
  }
}

/**
 * A reminder goes out if it is still useful: the event is scheduled and has not started, it is
 * at most the grace late, and no later reminder of the same event is also due (after an
 * outage, "starts in 15 minutes" says all that "starts in an hour" would). Otherwise it is
 * recorded as missed, with why.
 */
async function remind(
  deps: ScheduleDeps,
  firing: repo.FiringRow,
  event: EventRow,
  now: Date,
  workerId: string,
): Promise<Outcome> {
  if (event.status !== 'scheduled')
    return end(
      deps,
      firing,
      workerId,
      event.status === 'draft' ? 'cancelled' : 'missed',
      now,
      `event ${event.status}`,
    );
  const late = minutesLate(firing, now);
  if (now.getTime() >= event.startsAt.getTime())
    return end(deps, firing, workerId, 'missed', now, `late by ${late} min: the event had started`);
  const grace = deps.lateGraceMinutes ?? DEFAULT_LATE_GRACE_MINUTES;
  if (late > grace)
    return end(deps, firing, workerId, 'missed', now, `late by ${late} min (grace ${grace} min)`);
  const later = await repo.findLaterDueReminder(deps.db, firing, now);
  if (later)
    return end(
      deps,
      firing,
      workerId,
      'missed',
      now,
      `superseded by the ${later.offsetMinutes}-minute reminder`,
    );
  if (!deps.discord) {
    await repo.deferFiring(
      deps.db,
      firing.id,
      workerId,
      new Date(now.getTime() + 60_000),
      'waiting for the bot',
    );
    return 'waiting';
  }
  const voice = await repo.findCommunityVoice(deps.db, event.communityId);
  const sent = await sendReminder(
    { db: deps.db, discord: deps.discord, signups: deps.signups, log: deps.log },
    firing,
    event,
    voice.language,
    now,
  );
  const parts = [
    `${sent.sent} sent`,
    sent.cannotDm ? `${sent.cannotDm} cannot be DMed` : '',
    sent.failed ? `${sent.failed} failed` : '',
  ];
  const note = [late >= 1 ? `late by ${late} min` : '', parts.filter(Boolean).join(', ')]
    .filter(Boolean)
    .join('; ');
  return end(deps, firing, workerId, 'sent', now, note);
}

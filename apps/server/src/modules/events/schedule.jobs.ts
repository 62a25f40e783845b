import crypto from 'node:crypto';
import os from 'node:os';
import { z } from 'zod';
import type { AppContext } from '../../core/context';
import { type AnyJobDefinition, defineJob } from '../../core/queue';
import { createBotRest, createDiscordActions, type DiscordActions, type OutgoingMessage } from '../bot';
import type { SignupReader } from './reminders';
import type { EventRow } from './schedule';
import { runDueFirings, type ScheduleHooks } from './schedule-runner';
import { drainEventSync } from './sync';

export const EVENTS_SCHEDULE_TICK_JOB = 'events.schedule-tick';
export const EVENTS_SYNC_DRAIN_JOB = 'events.sync-drain';

/** What the events service plugs into its scheduler and outbox. */
export interface EventJobsOptions {
  signups: SignupReader;
  hooks?: ScheduleHooks;
  renderMessage?: (event: EventRow, lang: 'en' | 'es') => OutgoingMessage | Promise<OutgoingMessage>;
  lateGraceMinutes?: number;
  /** The clock (tests move it); the wall clock otherwise. */
  now?: () => Date;
  /** The bot's REST; by default one built from DISCORD_TOKEN, or none without it. */
  discord?: DiscordActions | null;
}

/**
 * The scheduler's tick and the outbox's drain, every minute on the core queue. Several
 * workers may run them at once: both claim their rows with `for update skip locked`.
 */
export function eventScheduleJobs(ctx: AppContext, opts: EventJobsOptions): AnyJobDefinition[] {
  const now = opts.now ?? (() => new Date());
  const discord =
    opts.discord !== undefined
      ? opts.discord
      : ctx.config.DISCORD_TOKEN
        ? createDiscordActions(createBotRest(ctx.config))
        : null;
  const workerId = `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;
  return [
    defineJob({
      name: EVENTS_SCHEDULE_TICK_JOB,
      payload: z.object({}),
      schedule: '* * * * *',
      // The tick is its own retry: what fails stays pending for the next minute.
      retry: { attempts: 1, backoffMs: 1_000 },
      handler: () =>
        runDueFirings(
          {
            db: ctx.db,
            discord,
            signups: opts.signups,
            hooks: opts.hooks,
            lateGraceMinutes: opts.lateGraceMinutes,
            log: ctx.log,
          },
          { now: now(), workerId },
        ),
    }),
    defineJob({
      name: EVENTS_SYNC_DRAIN_JOB,
      payload: z.object({}),
      schedule: '* * * * *',
      retry: { attempts: 1, backoffMs: 1_000 },
      handler: () =>
        drainEventSync(
          { db: ctx.db, discord, renderMessage: opts.renderMessage, log: ctx.log },
          { now: now() },
        ),
    }),
  ];
}

import type { FastifyBaseLogger } from 'fastify';
import type { Executor } from '../../core/db';
import { type SkippedRun, skipRun } from '../../core/queue';
import type { DiscordActions, DiscordFailure, OutgoingMessage } from '../bot';
import { findCommunityVoice, findEvent } from './schedule.repo';
import * as repo from './sync.repo';
import type { SyncTarget } from './sync.tables';
import { defaultEventMessage, scheduledEventBody, scheduledEventPatch } from './sync-discord';

type EventRow = repo.EventRow;

/**
 * What changed: an edit or a status change on the web or by the scheduler (the message and
 * the Scheduled Event follow), a deletion (both are removed), or an edit made in Discord on
 * the Scheduled Event itself, or its sign-ups moving (only the message follows, with its counts).
 */
export type EventChange = 'edited' | 'deleted' | 'discord-edit' | 'signups';

/**
 * Queues the Discord side of a change, in the transaction of the change: call after every
 * write to an event (and before deleting one, with `deleted`). Repeated changes fold into one
 * pending row per target.
 */
export async function enqueueEventSync(
  db: Executor,
  event: EventRow,
  change: EventChange,
  now: Date = new Date(),
): Promise<void> {
  const targets: SyncTarget[] =
    change === 'discord-edit' || change === 'signups' ? ['message'] : ['message', 'scheduled_event'];
  for (const target of targets)
    await repo.upsertPendingSync(db, {
      eventId: event.id,
      communityId: event.communityId,
      target,
      eventVersion: event.version,
      snapshot: {
        channelId: event.channelId,
        messageId: event.messageId,
        scheduledEventId: event.discordScheduledEventId,
      },
      now,
    });
}

export interface EventSyncDeps {
  db: Executor;
  /** The bot's REST; null when no DISCORD_TOKEN is set (the outbox then waits). */
  discord: DiscordActions | null;
  /** The event's message as the events service renders it (with its sign-up buttons). */
  renderMessage?: (event: EventRow, lang: 'en' | 'es') => OutgoingMessage | Promise<OutgoingMessage>;
  log?: FastifyBaseLogger;
}

export interface SyncReport {
  sent: number;
  retrying: number;
  failed: number;
}

/** First retry after 30 s, doubling to an hour at most: a long outage is waited out, never given up on. */
const BACKOFF_BASE_MS = 30_000;
const BACKOFF_MAX_MS = 3_600_000;
const HOLD_MS = 5 * 60_000;

type Step = { ok: true } | { ok: false; permanent: boolean; error: string };

const done: Step = { ok: true };

function failed(f: DiscordFailure): Step {
  const transient = f.status === undefined || f.status >= 500;
  return {
    ok: false,
    permanent: !transient,
    error: `${f.code}${f.status ? ` ${f.status}` : ''}: ${f.message}`,
  };
}

/**
 * Sends what the outbox holds, when the bot's REST is there. A failure that may pass (Discord
 * unreachable, 5xx) is retried with backoff and without limit, so nothing queued while the bot
 * is down is lost; a refusal (missing permissions, invalid body) is recorded as failed. 429s
 * never reach here: discord.js waits them out.
 */
export async function drainEventSync(
  deps: EventSyncDeps,
  opts: { now: Date; limit?: number },
): Promise<SyncReport | (SyncReport & SkippedRun)> {
  const report: SyncReport = { sent: 0, retrying: 0, failed: 0 };
  if (!deps.discord)
    return skipRun('DISCORD_NOT_CONFIGURED', 'DISCORD_TOKEN is not set; the outbox waits for it', {
      ...report,
    });
  const discord = deps.discord;
  const rows = await repo.claimDueSync(deps.db, {
    now: opts.now,
    holdUntil: new Date(opts.now.getTime() + HOLD_MS),
    limit: opts.limit ?? 100,
  });
  for (const [i, row] of rows.entries()) {
    let step: Step;
    try {
      step = await syncOne(deps, discord, row, opts.now);
    } catch (err) {
      // Discord unreachable: the rest of the batch would fail the same way; all wait for a later run.
      step = { ok: false, permanent: false, error: err instanceof Error ? err.message : String(err) };
      await repo.releaseSync(
        deps.db,
        rows.slice(i + 1).map((r) => r.id),
      );
      await retryLater(deps, row, step.error, opts.now, report);
      break;
    }
    if (step.ok) {
      await repo.markSyncSent(deps.db, row, opts.now);
      report.sent += 1;
    } else if (step.permanent) {
      await repo.markSyncFailed(deps.db, row.id, row.attempts + 1, step.error);
      deps.log?.warn({ eventId: row.eventId, target: row.target, error: step.error }, 'event sync refused');
      report.failed += 1;
    } else {
      await retryLater(deps, row, step.error, opts.now, report);
    }
  }
  return report;
}

async function retryLater(
  deps: EventSyncDeps,
  row: repo.SyncRow,
  error: string,
  now: Date,
  report: SyncReport,
) {
  const attempts = row.attempts + 1;
  const wait = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (attempts - 1));
  await repo.rescheduleSync(deps.db, row.id, {
    attempts,
    nextAttemptAt: new Date(now.getTime() + wait),
    lastError: error,
  });
  report.retrying += 1;
}

async function syncOne(
  deps: EventSyncDeps,
  discord: DiscordActions,
  row: repo.SyncRow,
  now: Date,
): Promise<Step> {
  const event = (await findEvent(deps.db, row.eventId)) ?? null;
  const voice = await findCommunityVoice(deps.db, row.communityId);
  if (row.target === 'message') return syncMessage(deps, discord, row, event, voice.language);
  if (!voice.guildId) return done; // no server linked: nothing to mirror
  return syncScheduledEvent(deps, discord, row, event, voice.guildId, voice.name, now);
}

async function syncMessage(
  deps: EventSyncDeps,
  discord: DiscordActions,
  row: repo.SyncRow,
  event: EventRow | null,
  lang: 'en' | 'es',
): Promise<Step> {
  if (!event) {
    const { channelId, messageId } = row.snapshot;
    if (!channelId || !messageId) return done;
    const out = await discord.deleteMessage(channelId, messageId);
    return out.ok || out.code === 'UNKNOWN_MESSAGE' ? done : failed(out);
  }
  if (!event.channelId || event.status === 'draft') return done;
  const message = await (deps.renderMessage ?? defaultEventMessage)(event, lang);
  if (event.messageId) {
    const out = await discord.editMessage(event.channelId, event.messageId, message);
    if (out.ok) return done;
    if (out.code !== 'UNKNOWN_MESSAGE') return failed(out);
    // Someone deleted it in Discord: post it again below.
  }
  const posted = await discord.postMessage(event.channelId, {
    ...message,
    nonce: `gh-m${row.id}-${row.revision}`,
  });
  if (!posted.ok) return failed(posted);
  await repo.setDiscordIds(deps.db, event.id, { messageId: posted.messageId });
  return done;
}

async function syncScheduledEvent(
  deps: EventSyncDeps,
  discord: DiscordActions,
  row: repo.SyncRow,
  event: EventRow | null,
  guildId: string,
  location: string,
  now: Date,
): Promise<Step> {
  const existing = event ? event.discordScheduledEventId : row.snapshot.scheduledEventId;
  const gone =
    !event || event.status === 'draft' || event.status === 'cancelled' || event.status === 'archived';
  if (gone) {
    if (!existing) return done;
    const out = await discord.deleteScheduledEvent(guildId, existing);
    if (!out.ok && out.code !== 'UNKNOWN_SCHEDULED_EVENT') return failed(out);
    if (event) await repo.setDiscordIds(deps.db, event.id, { discordScheduledEventId: null });
    return done;
  }
  if (existing) {
    const body = event.status === 'completed' ? { status: 3 as const } : scheduledEventPatch(event, location);
    const out = await discord.editScheduledEvent(guildId, existing, body);
    if (out.ok) return done;
    // Discord refuses edits to an event it already ended: nothing left to mirror.
    if (event.status === 'completed' && out.status === 400) return done;
    if (out.code !== 'UNKNOWN_SCHEDULED_EVENT') return failed(out);
    // Deleted in Discord: created again below, as the web still has it.
  }
  // Discord refuses a Scheduled Event that starts in the past.
  if (event.status !== 'scheduled' || event.startsAt.getTime() <= now.getTime()) {
    if (existing) await repo.setDiscordIds(deps.db, event.id, { discordScheduledEventId: null });
    return done;
  }
  const created = await discord.createScheduledEvent(guildId, scheduledEventBody(event, location));
  if (!created.ok) return failed(created);
  await repo.setDiscordIds(deps.db, event.id, { discordScheduledEventId: created.event.id });
  return done;
}

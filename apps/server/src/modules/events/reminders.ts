import type { FastifyBaseLogger } from 'fastify';
import type { Executor } from '../../core/db';
import { type DiscordActions, type L10n, translate } from '../bot';
import * as repo from './reminders.repo';
import type { EventRow, FiringRow } from './schedule.repo';

/** Who signed up for an event: the events service plugs its sign-ups in here. */
export type SignupReader = (eventId: string) => Promise<{ discordUserId: string }[]>;

const texts = {
  channel: {
    en: '⏰ **{title}** starts <t:{ts}:R> (<t:{ts}:F>).',
    es: '⏰ **{title}** empieza <t:{ts}:R> (<t:{ts}:F>).',
  },
  dm: {
    en: '⏰ Reminder: **{title}** starts <t:{ts}:R> (<t:{ts}:F>). You are signed up.',
    es: '⏰ Recordatorio: **{title}** empieza <t:{ts}:R> (<t:{ts}:F>). Estás inscrito.',
  },
} satisfies Record<string, L10n>;

/**
 * Discord timestamps show each reader the start in their own zone and "in 40 minutes" as it
 * is when read, so a reminder sent late still says the truth.
 */
export function reminderText(kind: 'channel' | 'dm', event: EventRow, lang: 'en' | 'es'): string {
  return translate(texts[kind], lang, {
    title: event.title.replace(/[*_~`|]/g, '\\$&'),
    ts: Math.floor(event.startsAt.getTime() / 1000),
  });
}

export interface ReminderReport {
  sent: number;
  cannotDm: number;
  failed: number;
}

/**
 * Sends one reminder: to the event's channel and by DM to everyone signed up. Each recipient
 * is recorded as it is reached, so a firing retried after a crash skips them; the message's
 * nonce (with `enforce_nonce`) makes Discord answer a resend in the crash window with the
 * message it already has. A member who closed their DMs (50007) is recorded and the others
 * still get theirs. A failure that may pass (Discord unreachable) is thrown for a retry.
 */
export async function sendReminder(
  deps: { db: Executor; discord: DiscordActions; signups: SignupReader; log?: FastifyBaseLogger },
  firing: FiringRow,
  event: EventRow,
  lang: 'en' | 'es',
  now: Date,
): Promise<ReminderReport> {
  const done = new Set(await repo.findDeliveredRecipients(deps.db, firing.id));
  const report: ReminderReport = { sent: 0, cannotDm: 0, failed: 0 };
  const nonce = `gh-r${firing.id}`;
  const targets: { recipient: string; send: () => ReturnType<DiscordActions['postMessage']> }[] = [];
  if (event.channelId) {
    const channelId = event.channelId;
    targets.push({
      recipient: 'channel',
      send: () =>
        deps.discord.postMessage(channelId, { content: reminderText('channel', event, lang), nonce }),
    });
  }
  const members = new Set((await deps.signups(event.id)).map((s) => s.discordUserId));
  for (const userId of members)
    targets.push({
      recipient: userId,
      send: () => deps.discord.sendDm(userId, { content: reminderText('dm', event, lang), nonce }),
    });
  let transient: unknown;
  for (const target of targets) {
    if (done.has(target.recipient)) continue;
    let outcome: Awaited<ReturnType<typeof target.send>>;
    try {
      outcome = await target.send();
    } catch (err) {
      // Discord unreachable: the others are tried, this one waits for the firing's retry.
      transient ??= err;
      continue;
    }
    if (outcome.ok) report.sent += 1;
    else if (outcome.code === 'CANNOT_DM') report.cannotDm += 1;
    else report.failed += 1;
    if (!outcome.ok)
      deps.log?.warn(
        { eventId: event.id, firing: firing.id, recipient: target.recipient, code: outcome.code },
        'reminder not delivered',
      );
    await repo.recordDelivery(deps.db, {
      firingId: firing.id,
      recipient: target.recipient,
      outcome: outcome.ok ? 'sent' : outcome.code === 'CANNOT_DM' ? 'cannot_dm' : 'failed',
      messageId: outcome.ok ? outcome.messageId : null,
      error: outcome.ok ? null : `${outcome.code}: ${outcome.message}`.slice(0, 300),
      at: now,
    });
  }
  if (transient) throw transient;
  return report;
}

export { findDeliveries as listReminderDeliveries } from './reminders.repo';

import type { APIGuildScheduledEvent } from 'discord-api-types/v10';
import type { Executor } from '../../core/db';
import { planEventSchedule } from './schedule';
import { enqueueEventSync } from './sync';
import * as repo from './sync.repo';
import { scheduledEventDescription, scheduledEventName } from './sync-discord';

type EventRow = repo.EventRow;

/** An edit that names the version it was made on; an older one than stored is refused. */
export type VersionedEdit = Partial<Pick<EventRow, 'title' | 'description' | 'startsAt' | 'durationMinutes'>>;

export type VersionedResult =
  | { ok: true; event: EventRow }
  | { ok: false; code: 'EVENT_NOT_FOUND' }
  | { ok: false; code: 'VERSION_CONFLICT'; currentVersion: number };

/**
 * Writes an edit made on `expectedVersion` (the one the editor loaded): if the event moved on
 * meanwhile (another officer, or an edit in Discord), nothing is written and the caller answers
 * 409 with the current version, instead of silently overwriting. On success the schedule is
 * re-planned and the Discord side queued, in the same transaction.
 */
export async function editEventAtVersion(
  db: Executor,
  eventId: string,
  expectedVersion: number,
  edit: VersionedEdit,
  who: string,
  now: Date = new Date(),
): Promise<VersionedResult> {
  return db.transaction(async (tx) => {
    const updated = await repo.updateEventAtVersion(tx, eventId, expectedVersion, {
      ...edit,
      updatedBy: who,
      updatedAt: now,
    });
    if (!updated) {
      const current = await repo.findEvent(tx, eventId);
      return current
        ? { ok: false, code: 'VERSION_CONFLICT', currentVersion: current.version }
        : { ok: false, code: 'EVENT_NOT_FOUND' };
    }
    await planEventSchedule(tx, updated, now);
    await enqueueEventSync(tx, updated, 'edited', now);
    return { ok: true, event: updated };
  });
}

/** What a Scheduled Event edited in Discord changes in the event; empty for the echo of our own edit. */
export function editFromDiscord(event: EventRow, data: APIGuildScheduledEvent): VersionedEdit {
  const edit: VersionedEdit = {};
  if (data.name !== scheduledEventName(event)) edit.title = data.name;
  // What we sent was cut to Discord's 1000 characters: an unchanged cut keeps the full text.
  if ((data.description ?? '') !== scheduledEventDescription(event))
    edit.description = data.description ?? '';
  const start = new Date(data.scheduled_start_time);
  if (start.getTime() !== event.startsAt.getTime()) edit.startsAt = start;
  if (data.scheduled_end_time) {
    const minutes = Math.round((Date.parse(data.scheduled_end_time) - start.getTime()) / 60_000);
    if (minutes > 0 && minutes !== event.durationMinutes) edit.durationMinutes = minutes;
  }
  return edit;
}

export type DiscordEditResult =
  | { applied: true; event: EventRow }
  | { applied: false; reason: 'unknown' | 'unchanged' | 'busy' };

/**
 * A GUILD_SCHEDULED_EVENT_UPDATE: the name, description and times edited in Discord flow back
 * into the event as a new version (so a web edit made on the version before is a conflict),
 * the schedule follows the new start and the event's message is queued for an update. An edit
 * racing a web save is read again and applied over it, as Discord has no version to offer.
 */
export async function applyDiscordScheduledEventEdit(
  db: Executor,
  data: APIGuildScheduledEvent,
  now: Date = new Date(),
): Promise<DiscordEditResult> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const event = await repo.findEventByScheduledEvent(db, data.id);
    if (!event) return { applied: false, reason: 'unknown' };
    const edit = editFromDiscord(event, data);
    if (Object.keys(edit).length === 0) return { applied: false, reason: 'unchanged' };
    const result = await db.transaction(async (tx) => {
      const updated = await repo.updateEventAtVersion(tx, event.id, event.version, {
        ...edit,
        updatedBy: `discord:${data.creator_id ?? data.guild_id}`,
        updatedAt: now,
      });
      if (!updated) return undefined;
      await planEventSchedule(tx, updated, now);
      await enqueueEventSync(tx, updated, 'discord-edit', now);
      return updated;
    });
    if (result) return { applied: true, event: result };
  }
  return { applied: false, reason: 'busy' };
}

/** A Scheduled Event deleted in Discord: the event keeps going, without its mirror. */
export async function forgetDiscordScheduledEvent(db: Executor, scheduledEventId: string): Promise<boolean> {
  const event = await repo.findEventByScheduledEvent(db, scheduledEventId);
  if (!event) return false;
  await repo.setDiscordIds(db, event.id, { discordScheduledEventId: null });
  return true;
}

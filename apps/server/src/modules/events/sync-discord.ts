import type {
  RESTPatchAPIGuildScheduledEventJSONBody,
  RESTPostAPIGuildScheduledEventJSONBody,
} from 'discord-api-types/v10';
import {
  GuildScheduledEventEntityType,
  GuildScheduledEventPrivacyLevel,
  GuildScheduledEventStatus,
} from 'discord-api-types/v10';
import { type L10n, type OutgoingMessage, translate } from '../bot';
import type { EventRow } from './sync.repo';

/** Discord's limits on a Scheduled Event's fields. */
const NAME_MAX = 100;
const DESCRIPTION_MAX = 1000;
const LOCATION_MAX = 100;

const endOf = (e: EventRow) => new Date(e.startsAt.getTime() + e.durationMinutes * 60_000);

export const scheduledEventName = (e: EventRow) => e.title.slice(0, NAME_MAX);
export const scheduledEventDescription = (e: EventRow) => e.description.slice(0, DESCRIPTION_MAX);

/**
 * The event as an EXTERNAL Scheduled Event (no voice channel to hold it): Discord then wants a
 * location and an end time.
 */
export function scheduledEventBody(e: EventRow, location: string): RESTPostAPIGuildScheduledEventJSONBody {
  const description = scheduledEventDescription(e);
  return {
    name: scheduledEventName(e),
    ...(description ? { description } : {}),
    scheduled_start_time: e.startsAt.toISOString(),
    scheduled_end_time: endOf(e).toISOString(),
    privacy_level: GuildScheduledEventPrivacyLevel.GuildOnly,
    entity_type: GuildScheduledEventEntityType.External,
    entity_metadata: { location: (location || 'Guildhall').slice(0, LOCATION_MAX) },
  };
}

/** An edit carries the fields again, plus the status Discord lets apps set (scheduled → active → completed). */
export function scheduledEventPatch(e: EventRow, location: string): RESTPatchAPIGuildScheduledEventJSONBody {
  const { privacy_level: _p, ...body } = scheduledEventBody(e, location);
  return {
    ...body,
    description: scheduledEventDescription(e) || null,
    ...(e.status === 'active' ? { status: GuildScheduledEventStatus.Active } : {}),
  };
}

const texts = {
  starts: { en: 'Starts', es: 'Empieza' },
  status: { en: 'Status', es: 'Estado' },
  scheduled: { en: 'Scheduled', es: 'Programado' },
  active: { en: 'Under way', es: 'En curso' },
  completed: { en: 'Finished', es: 'Terminado' },
  cancelled: { en: 'Cancelled', es: 'Cancelado' },
  archived: { en: 'Archived', es: 'Archivado' },
  draft: { en: 'Draft', es: 'Borrador' },
} satisfies Record<string, L10n>;

/**
 * A plain rendering of the event's message, for when the events service plugs in no renderer
 * of its own (its announcement, with the sign-up buttons, replaces it).
 */
export function defaultEventMessage(e: EventRow, lang: 'en' | 'es'): OutgoingMessage {
  const ts = Math.floor(e.startsAt.getTime() / 1000);
  return {
    embeds: [
      {
        title: e.title.slice(0, 256),
        ...(e.description ? { description: e.description.slice(0, 4000) } : {}),
        fields: [
          { name: translate(texts.starts, lang), value: `<t:${ts}:F> (<t:${ts}:R>)`, inline: true },
          { name: translate(texts.status, lang), value: translate(texts[e.status], lang), inline: true },
        ],
      },
    ],
  };
}

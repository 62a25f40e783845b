import type { TEvent } from '@guildhall/contracts';
import type { EventRow } from './events.repo';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The API's view of an event: dates as ISO strings, sign-up counts when the caller has them. */
export function presentEvent(row: EventRow, counts?: { confirmed: number; waitlisted: number }): TEvent {
  return {
    id: row.id,
    communityId: row.communityId,
    title: row.title,
    description: row.description,
    startsAt: row.startsAt.toISOString(),
    timeZone: row.timeZone,
    durationMinutes: row.durationMinutes,
    status: row.status,
    capacity: row.capacity,
    caps: row.caps,
    registrationOpensAt: iso(row.registrationOpensAt),
    registrationClosesAt: iso(row.registrationClosesAt),
    publishAt: iso(row.publishAt),
    reminderOffsets: row.reminderOffsets,
    racing: row.racing ?? null,
    channelId: row.channelId,
    messageId: row.messageId,
    version: row.version,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedBy: row.updatedBy,
    updatedAt: row.updatedAt.toISOString(),
    publishedAt: iso(row.publishedAt),
    archivedAt: iso(row.archivedAt),
    cancelledAt: iso(row.cancelledAt),
    ...(counts ? { signups: counts } : {}),
  };
}

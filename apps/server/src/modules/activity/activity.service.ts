import {
  type TActivityEvent,
  type TActivityEventKind,
  type TAttendance,
  type TFeedItem,
  type THeatmap,
  zActivityEvent,
  type zAttendanceQuery,
  type zFeedQuery,
  type zHeatmapQuery,
} from '@guildhall/contracts';
import type { z } from 'zod';
import type { Executor } from '../../core/db';
import type { Community } from '../communities';
import * as repo from './activity.repo';

export type { ChatDayRow, ChatMonthRow, PresenceRow, SnapshotRow } from './activity.repo';

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

/**
 * An event to record: its typed `{ kind, data }` (one schema per kind, `@guildhall/contracts`)
 * and where it belongs; `at` is when it happened in the game (not when it was uploaded).
 */
export type ActivityEventInput = TActivityEvent & {
  communityId: string;
  memberId: string | null;
  characterId: string | null;
  at: Date;
};

export type RecordedActivityEvent = ActivityEventInput & { id: number };

/**
 * Appends activity events (the feed, rank history, alerts); pass the transaction so they
 * commit with the change they describe. Each event's data is checked against its kind's
 * schema: a writer that breaks it fails here, not in a reader later.
 */
export async function recordActivityEvents(
  tx: Executor,
  events: ActivityEventInput[],
): Promise<RecordedActivityEvent[]> {
  if (events.length === 0) return [];
  const rows = events.map((e) => {
    const checked = zActivityEvent.parse({ kind: e.kind, data: e.data });
    return { ...e, ...checked } as ActivityEventInput;
  });
  const ids = await repo.insertEvents(tx, rows);
  return rows.map((e, i) => ({ ...e, id: ids[i]! }));
}

export const recordSnapshots = repo.insertSnapshots;
export const mergeChatDays = repo.mergeChatDays;
export const mergeChatMonths = repo.mergeChatMonths;
export const recordPresence = repo.insertPresence;
export const maxOnline = repo.findMaxOnline;

/**
 * The daily online report: once the data reaches into a new local day, the day before gets
 * one `online_record` event with its peak ("25 members online — record of the day"), once.
 * Only the latest completed day: a first import of a year of history announces one day, not 365.
 */
export async function dayReportEvent(
  db: Executor,
  community: { id: string; timezone: string },
  latest: Date,
): Promise<ActivityEventInput | null> {
  const yesterday = localDay(new Date(latest.getTime() - 86_400_000), community.timezone);
  if (localDay(latest, community.timezone) === yesterday) return null;
  if (await repo.hasDayReport(db, community.id, yesterday)) return null;
  const peak = await repo.findDayPeak(db, community.id, yesterday, community.timezone);
  if (!peak) return null;
  return {
    communityId: community.id,
    memberId: null,
    characterId: null,
    kind: 'online_record',
    at: peak.at,
    data: { day: yesterday, count: peak.count },
  };
}
export const latestSnapshot = repo.findLatestSnapshot;

/**
 * The instant the community's data describes: its latest snapshot or presence. Read models
 * end their windows there, so a guild whose uploads stopped still shows its last weeks.
 */
export async function latestActivityAt(db: Executor, communityId: string): Promise<Date | null> {
  return repo.findLatestActivityAt(db, communityId);
}

/** `YYYY-MM-DD` of an instant in a time zone. */
export function localDay(at: Date, timezone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

/** Adds days to a `YYYY-MM-DD` date. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export async function messagesBetween(db: Executor, communityId: string, fromDay: string, toDay: string) {
  return repo.sumMessages(db, communityId, fromDay, toDay);
}

export async function heatmap(
  db: Executor,
  community: Community,
  query: z.infer<typeof zHeatmapQuery>,
): Promise<THeatmap> {
  const to = query.to ? new Date(query.to) : ((await latestActivityAt(db, community.id)) ?? new Date());
  const from = new Date(to.getTime() - query.weeks * WEEK_MS);
  const rows = await repo.findHeatmap(db, community.id, community.timezone, from, to);
  const byCell = new Map(rows.map((r) => [r.weekday * 24 + r.hour, r]));
  const cells = Array.from({ length: 7 * 24 }, (_, i) => {
    const row = byCell.get(i);
    return {
      weekday: Math.floor(i / 24),
      hour: i % 24,
      average: row ? Math.round(row.average * 100) / 100 : null,
      max: row?.max ?? null,
      samples: row?.samples ?? 0,
    };
  });
  return { timezone: community.timezone, from: from.toISOString(), to: to.toISOString(), cells };
}

export async function feed(
  db: Executor,
  communityId: string,
  query: z.infer<typeof zFeedQuery>,
): Promise<{ items: TFeedItem[]; total: number }> {
  const kinds = query.kind
    ? (query.kind.split(',').filter((k) => k !== '') as TActivityEventKind[])
    : undefined;
  const { rows, total } = await repo.findEvents(db, {
    communityId,
    ...(kinds ? { kinds } : {}),
    ...(query.memberId ? { memberId: query.memberId } : {}),
    ...(query.before ? { before: new Date(query.before) } : {}),
    limit: query.limit,
    offset: query.offset,
  });
  return { items: rows.map((r) => ({ ...r, at: r.at.toISOString() })), total };
}

export interface AttendanceMember {
  memberId: string;
  name: string;
  class: string | null;
  rank: string | null;
  active: boolean;
}

/**
 * Attendance: for each configured raid night of the last `weeks` weeks (in the community's
 * time zone), was the member seen online during it? Only windows in which anyone was seen
 * count, so a week without uploads does not count as everyone absent.
 */
export async function attendance(
  db: Executor,
  community: Community,
  members: AttendanceMember[],
  query: z.infer<typeof zAttendanceQuery>,
): Promise<TAttendance> {
  const to = (await latestActivityAt(db, community.id)) ?? new Date();
  const from = new Date(to.getTime() - query.weeks * WEEK_MS);
  const nights = community.settings.raidNights ?? [];
  const windows = await repo.findRaidWindows(db, nights, community.timezone, from, to);
  const seen = await repo.findPresenceInWindows(db, community.id, windows);
  const observed = new Set(seen.map((s) => s.window));
  const attended = new Map<string, number>();
  for (const s of seen) attended.set(s.memberId, (attended.get(s.memberId) ?? 0) + 1);
  const listed = members.filter((m) => query.all || m.active);
  const items = listed
    .map((m) => {
      const n = attended.get(m.memberId) ?? 0;
      return {
        ...m,
        attended: n,
        windows: observed.size,
        share: observed.size ? Math.round((n / observed.size) * 1000) / 1000 : null,
      };
    })
    .sort((a, b) => (b.share ?? -1) - (a.share ?? -1) || a.name.localeCompare(b.name));
  return {
    items: items.slice(query.offset, query.offset + query.limit),
    total: items.length,
    from: from.toISOString(),
    to: to.toISOString(),
    timezone: community.timezone,
    windows: windows.length,
    observedWindows: observed.size,
  };
}

export async function memberHistory(
  db: Executor,
  community: Community,
  memberId: string,
  days: number,
): Promise<{
  chat: { date: string; count: number }[];
  online: { date: string; count: number }[];
  ranks: (TActivityEvent & { at: Date })[];
}> {
  const asOf = (await latestActivityAt(db, community.id)) ?? new Date();
  const toDay = localDay(asOf, community.timezone);
  const fromDay = addDays(toDay, -(days - 1));
  const [chat, online, ranks] = await Promise.all([
    repo.findMemberChat(db, memberId, fromDay, toDay),
    repo.findMemberPresenceDays(db, memberId, community.timezone, new Date(asOf.getTime() - days * DAY_MS)),
    repo.findMemberEvents(db, memberId, ['join', 'leave', 'rank_change'], 200),
  ]);
  return { chat, online, ranks };
}

import crypto from 'node:crypto';
import type { AppContext } from '../../core/context';
import { AppError } from '../../core/errors';
import { deriveKey, safeEqual } from '../../core/secrets';
import { requireCommunity } from '../communities';
import type { EventRow } from './events.repo';
import { findCalendarEvents } from './events.repo';
import { type IcsEvent, writeCalendar } from './ics';
import { findEventIdsOfMember } from './signups.repo';

/** What a feed token names: the community, and the member whose sign-ups it shows. */
export interface FeedClaim {
  communityId: string;
  /** A Discord user id: only the events they signed up to. Absent: every event. */
  member?: string;
}

/**
 * Calendar apps cannot send a cookie or a header, so the feed URL carries its own proof: a
 * token signed with a key derived from the installation's secret (HMAC-SHA256), naming the
 * community and, for a member's feed, the member.
 */
function feedKey(ctx: AppContext): Buffer {
  return deriveKey(Buffer.from(ctx.cookieSecret, 'base64url'), 'calendar-feed');
}

const mac = (ctx: AppContext, body: string) =>
  crypto.createHmac('sha256', feedKey(ctx)).update(body).digest('base64url');

export function signFeedToken(ctx: AppContext, claim: FeedClaim): string {
  const body = Buffer.from(JSON.stringify({ c: claim.communityId, m: claim.member })).toString('base64url');
  return `v1.${body}.${mac(ctx, body)}`;
}

export function verifyFeedToken(ctx: AppContext, communityId: string, token: string): FeedClaim {
  const [version, body, sig] = token.split('.');
  const bad = () => new AppError('INVALID_CALENDAR_TOKEN', 'this calendar link is not valid: copy it again');
  if (version !== 'v1' || !body || !sig || !safeEqual(sig, mac(ctx, body))) throw bad();
  let claim: { c?: unknown; m?: unknown };
  try {
    claim = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (claim.c !== communityId) throw bad();
  return { communityId, ...(typeof claim.m === 'string' ? { member: claim.m } : {}) };
}

export function feedUrl(ctx: AppContext, claim: FeedClaim): string {
  const base = ctx.config.PUBLIC_URL?.replace(/\/+$/, '') ?? '';
  return `${base}/api/v1/communities/${claim.communityId}/calendar.ics?token=${signFeedToken(ctx, claim)}`;
}

function toIcs(row: EventRow, host: string): IcsEvent {
  return {
    uid: `${row.id}@${host}`,
    summary: row.title,
    description: row.description,
    start: row.startsAt,
    end: new Date(row.startsAt.getTime() + row.durationMinutes * 60_000),
    modified: row.updatedAt,
    created: row.createdAt,
    sequence: row.version,
    status: row.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
  };
}

/** The feed's text: every published event of the community, or only the member's. */
export async function calendarFeed(ctx: AppContext, claim: FeedClaim): Promise<string> {
  const community = await requireCommunity(ctx.db, claim.communityId);
  let rows = await findCalendarEvents(ctx.db, claim.communityId);
  if (claim.member) {
    const mine = await findEventIdsOfMember(ctx.db, claim.communityId, claim.member);
    rows = rows.filter((r) => mine.has(r.id));
  }
  return writeCalendar({
    name: community.name,
    events: rows.map((r) => toIcs(r, 'guildhall')),
  });
}

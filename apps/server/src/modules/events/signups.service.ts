import type { TSignup } from '@guildhall/contracts';
import type { AppContext } from '../../core/context';
import type { Executor } from '../../core/db';
import { AppError } from '../../core/errors';
import { findLink } from '../bot';
import { findDiscordAccount } from '../identity';
import { emitEventChanged } from './events.hooks';
import type { EventRow } from './events.repo';
import { lockEvent, requireEvent } from './events.service';
import { fits, promoteWaiting } from './seats';
import type { SignupRow } from './signups.repo';
import * as repo from './signups.repo';
import { enqueueEventSync } from './sync';

export interface SignupRequest {
  discordUserId: string;
  displayName: string;
  userId?: string | null;
  role?: string | null;
  class?: string | null;
}

/**
 * When sign-ups are open: a published (or running) event, inside its window, which by
 * default opens at publication and closes at the start.
 */
export function signupWindow(event: EventRow): { opensAt: Date | null; closesAt: Date } {
  return {
    opensAt: event.registrationOpensAt ?? event.publishedAt,
    closesAt: event.registrationClosesAt ?? event.startsAt,
  };
}

function checkOpen(event: EventRow, now: Date): void {
  if (event.status !== 'scheduled' && event.status !== 'active')
    throw new AppError('SIGNUPS_CLOSED', `sign-ups are closed: the event is ${event.status}`, {
      status: event.status,
    });
  const { opensAt, closesAt } = signupWindow(event);
  if (opensAt && now < opensAt)
    throw new AppError('SIGNUPS_CLOSED', `sign-ups open at ${opensAt.toISOString()}`, {
      opensAt: opensAt.toISOString(),
    });
  if (now >= closesAt)
    throw new AppError('SIGNUPS_CLOSED', `sign-ups closed at ${closesAt.toISOString()}`, {
      closesAt: closesAt.toISOString(),
    });
}

export function presentSignup(row: SignupRow, position: number): TSignup {
  return {
    discordUserId: row.discordUserId,
    displayName: row.displayName,
    status: row.status === 'confirmed' ? 'confirmed' : 'waitlisted',
    position,
    role: row.role,
    class: row.class,
  };
}

/**
 * Signs a Discord user up: a seat if one fits, else the back of the waitlist. The event's row
 * lock orders concurrent sign-ups, so seats never overfill and the line keeps arrival order;
 * the unique (event, user) index keeps anyone from being in twice. Signing up again while in
 * answers the existing place (`created: false`).
 */
export async function signUp(
  ctx: AppContext,
  communityId: string,
  eventId: string,
  req: SignupRequest,
  now = new Date(),
): Promise<{ signup: TSignup; created: boolean; event: EventRow }> {
  const out = await ctx.db.transaction(async (tx) => {
    const event = await lockEvent(tx, communityId, eventId);
    const existing = await repo.findSignup(tx, event.id, req.discordUserId);
    if (existing && (existing.status === 'confirmed' || existing.status === 'waitlisted'))
      return { row: existing, position: await repo.positionOf(tx, existing), created: false, event };
    checkOpen(event, now);
    const wanted = { role: req.role ?? null, class: req.class ?? null };
    const counts = await repo.seatsAndNextKey(tx, event.id, wanted.role, wanted.class);
    const seats = {
      total: counts.total,
      roles: new Map(wanted.role ? [[wanted.role, counts.role]] : []),
      classes: new Map(wanted.class ? [[wanted.class, counts.class]] : []),
    };
    // Every change that frees a seat promotes the line at once (see promoteWaiting), so
    // nobody waiting could take this seat: no line to jump.
    const status = fits(event, seats, wanted) ? 'confirmed' : 'waitlisted';
    const values = {
      displayName: req.displayName,
      userId: req.userId ?? existing?.userId ?? null,
      ...wanted,
      status,
      orderKey: counts.nextKey,
    } as const;
    const row = existing
      ? await repo.updateSignup(tx, existing.id, { ...values, signedUpAt: now })
      : await repo.insertSignup(tx, { eventId: event.id, discordUserId: req.discordUserId, ...values });
    // The newest arrival: last of its status.
    const position = (status === 'confirmed' ? counts.total : counts.waiting) + 1;
    // The announcement's counts follow.
    await enqueueEventSync(tx, event, 'signups', now);
    return { row, position, created: true, event };
  });
  if (out.created) await emitEventChanged(ctx, { kind: 'signups', event: out.event });
  return { signup: presentSignup(out.row, out.position), created: out.created, event: out.event };
}

/** Leaves an event (`withdrawn`, or `removed` when they left the server); the freed seat goes to the line. */
export async function withdraw(
  ctx: AppContext,
  communityId: string,
  eventId: string,
  discordUserId: string,
  as: 'withdrawn' | 'removed' = 'withdrawn',
): Promise<{ promoted: number; event: EventRow }> {
  const out = await ctx.db.transaction(async (tx) => {
    const event = await lockEvent(tx, communityId, eventId);
    // Once over (or called off) the list is history: nobody leaves it, nobody moves up.
    if (event.status !== 'scheduled' && event.status !== 'active')
      throw new AppError('SIGNUPS_CLOSED', `sign-ups are closed: the event is ${event.status}`, {
        status: event.status,
      });
    const promoted = await leave(tx, event, discordUserId, as);
    await enqueueEventSync(tx, event, 'signups');
    return { event, promoted };
  });
  await emitEventChanged(ctx, { kind: 'signups', event: out.event });
  return out;
}

async function leave(
  tx: Executor,
  event: EventRow,
  discordUserId: string,
  as: 'withdrawn' | 'removed',
): Promise<number> {
  const row = await repo.findSignup(tx, event.id, discordUserId);
  if (!row || (row.status !== 'confirmed' && row.status !== 'waitlisted'))
    throw new AppError('SIGNUP_NOT_FOUND', 'this Discord user is not signed up to the event');
  await repo.updateSignup(tx, row.id, { status: as });
  return row.status === 'confirmed' ? promoteWaiting(tx, event) : 0;
}

export async function listSignups(
  db: Executor,
  communityId: string,
  eventId: string,
): Promise<{ items: TSignup[]; total: number }> {
  const event = await requireEvent(db, communityId, eventId);
  const active = await repo.findActiveSignups(db, event.id);
  const next = { confirmed: 0, waitlisted: 0 };
  const confirmed: TSignup[] = [];
  const waitlisted: TSignup[] = [];
  for (const s of active) {
    if (s.status === 'confirmed') confirmed.push(presentSignup(s, ++next.confirmed));
    else waitlisted.push(presentSignup(s, ++next.waitlisted));
  }
  const items = [...confirmed, ...waitlisted];
  return { items, total: items.length };
}

/**
 * A member left the Discord server (GUILD_MEMBER_REMOVE): their places in the linked
 * community's open events go, and those waiting move up. Answers how many events it touched.
 */
export async function removeDepartedMember(
  ctx: AppContext,
  guildId: string,
  discordUserId: string,
): Promise<number> {
  const communityId = (await findLink(ctx, guildId))?.communityId;
  if (!communityId) return 0;
  const open = await repo.findOpenEventsOfMember(ctx.db, communityId, discordUserId);
  let touched = 0;
  for (const { eventId } of open) {
    try {
      await withdraw(ctx, communityId, eventId, discordUserId, 'removed');
      touched += 1;
    } catch (err) {
      // Withdrew on their own in between: nothing left to remove.
      if (!(err instanceof AppError && err.code === 'SIGNUP_NOT_FOUND')) throw err;
    }
  }
  return touched;
}

/** The Discord account behind a signed-in user, which their own sign-ups use. */
export async function discordAccountOf(db: Executor, userId: string) {
  const account = await findDiscordAccount(db, userId);
  if (!account)
    throw new AppError(
      'DISCORD_ACCOUNT_NOT_LINKED',
      'sign in with Discord once so your sign-ups use your Discord account',
    );
  return account;
}

import type { TEventCreate, TEventListQuery, TEventUpdate } from '@guildhall/contracts';
import type { AppContext } from '../../core/context';
import type { Executor } from '../../core/db';
import { AppError } from '../../core/errors';
import { type Actor, recordAudit } from '../audit';
import { isUuid, requireCommunity } from '../communities';
import { type EventChangeKind, emitEventChanged } from './events.hooks';
import { presentEvent } from './events.present';
import type { EventInsert, EventRow } from './events.repo';
import * as repo from './events.repo';
import type { EventStatus } from './events.tables';
import { planEventSchedule } from './schedule';
import { promoteWaiting } from './seats';
import { countByEvent } from './signups.repo';
import { enqueueEventSync } from './sync';

/** How an actor is written in `createdBy` / `updatedBy`: `user:<id>`, `api_key:<id>`, `discord:<id>`. */
export const actorLabel = (actor: Actor) => `${actor.type}:${actor.id ?? actor.name ?? 'unknown'}`;

/** A unique violation, whichever driver raised it and however deep drizzle wrapped it. */
function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    if ((e as { code?: unknown }).code === '23505') return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

const titleTaken = (title: string) =>
  new AppError('EVENT_TITLE_TAKEN', `another event of this community is already called "${title}"`, {
    title,
  });

const dateOrNull = (v: string | null | undefined) => (v === undefined ? undefined : v ? new Date(v) : null);

/** The request's optional fields as column values (absent stays absent, null clears). */
function columnsOf(input: Partial<TEventCreate>): Partial<EventInsert> {
  const out: Partial<EventInsert> = {};
  if (input.title !== undefined) out.title = input.title;
  if (input.description !== undefined) out.description = input.description;
  if (input.startsAt !== undefined) out.startsAt = new Date(input.startsAt);
  if (input.timeZone !== undefined) out.timeZone = input.timeZone;
  if (input.durationMinutes !== undefined) out.durationMinutes = input.durationMinutes;
  if (input.capacity !== undefined) out.capacity = input.capacity;
  if (input.caps !== undefined) out.caps = input.caps;
  if (input.registrationOpensAt !== undefined)
    out.registrationOpensAt = dateOrNull(input.registrationOpensAt);
  if (input.registrationClosesAt !== undefined)
    out.registrationClosesAt = dateOrNull(input.registrationClosesAt);
  if (input.publishAt !== undefined) out.publishAt = dateOrNull(input.publishAt);
  if (input.reminderOffsets !== undefined) out.reminderOffsets = input.reminderOffsets;
  if (input.racing !== undefined) out.racing = input.racing;
  if (input.channelId !== undefined) out.channelId = input.channelId;
  return out;
}

function checkWindow(row: Pick<EventRow, 'registrationOpensAt' | 'registrationClosesAt'>) {
  const { registrationOpensAt: opens, registrationClosesAt: closes } = row;
  if (opens && closes && opens >= closes)
    throw new AppError('VALIDATION_FAILED', 'the sign-up window must open before it closes', {
      field: 'registrationClosesAt',
    });
}

export async function createEvent(
  ctx: AppContext,
  communityId: string,
  input: TEventCreate,
  actor: Actor,
): Promise<EventRow> {
  const community = await requireCommunity(ctx.db, communityId);
  const by = actorLabel(actor);
  const values: EventInsert = {
    ...columnsOf(input),
    communityId,
    title: input.title,
    startsAt: new Date(input.startsAt),
    capacity: input.capacity,
    // The community's zone (UTC when it never chose one) unless the event names its own.
    timeZone: input.timeZone ?? community.timezone,
    createdBy: by,
    updatedBy: by,
  };
  checkWindow({
    registrationOpensAt: values.registrationOpensAt ?? null,
    registrationClosesAt: values.registrationClosesAt ?? null,
  });
  let row: EventRow;
  try {
    row = await ctx.db.transaction(async (tx) => {
      if (await repo.titleTaken(tx, communityId, input.title)) throw titleTaken(input.title);
      const created = await repo.insertEvent(tx, values);
      await recordAudit(tx, {
        communityId,
        actor,
        action: 'event.create',
        target: { type: 'event', id: created.id },
        details: { title: created.title },
      });
      await followChange(tx, created);
      return created;
    });
  } catch (err) {
    // Two creations racing past the check: the unique index decides.
    if (isUniqueViolation(err)) throw titleTaken(input.title);
    throw err;
  }
  await emitEventChanged(ctx, { kind: 'created', event: row });
  return row;
}

export async function getEvent(db: Executor, communityId: string, id: string): Promise<EventRow | undefined> {
  return isUuid(id) ? repo.findEvent(db, communityId, id) : undefined;
}

export async function requireEvent(db: Executor, communityId: string, id: string): Promise<EventRow> {
  const row = await getEvent(db, communityId, id);
  if (!row) throw new AppError('EVENT_NOT_FOUND', 'event not found');
  return row;
}

/**
 * What every change to an event brings along, in its own transaction so neither is lost: its
 * firings re-planned (publication, sign-up window, reminders) and its Discord side queued.
 */
async function followChange(tx: Executor, event: EventRow): Promise<void> {
  const now = new Date();
  await planEventSchedule(tx, event, now);
  await enqueueEventSync(tx, event, 'edited', now);
}

/** Locks the event for the rest of the transaction (see `repo.lockEvent`), or 404. */
export async function lockEvent(tx: Executor, communityId: string, id: string): Promise<EventRow> {
  const row = isUuid(id) ? await repo.lockEvent(tx, communityId, id) : undefined;
  if (!row) throw new AppError('EVENT_NOT_FOUND', 'event not found');
  return row;
}

export async function listEvents(db: Executor, communityId: string, q: TEventListQuery) {
  const { rows, total } = await repo.findEvents(db, communityId, {
    q: q.q,
    from: q.from ? new Date(q.from) : undefined,
    to: q.to ? new Date(q.to) : undefined,
    status: q.status,
    limit: q.limit,
    offset: q.offset,
  });
  const counts = await countByEvent(
    db,
    rows.map((r) => r.id),
  );
  return { items: rows.map((r) => presentEvent(r, counts.get(r.id))), total };
}

function versionConflict(current: EventRow, expected: number): AppError {
  return new AppError(
    'VERSION_CONFLICT',
    `the event changed since version ${expected} (now ${current.version}): reload it and apply your edit again`,
    { currentVersion: current.version },
  );
}

export async function updateEvent(
  ctx: AppContext,
  communityId: string,
  id: string,
  patch: TEventUpdate,
  actor: Actor,
): Promise<EventRow> {
  const { version, ...fields } = patch;
  let row: EventRow;
  try {
    row = await ctx.db.transaction(async (tx) => {
      const before = await lockEvent(tx, communityId, id);
      if (before.version !== version) throw versionConflict(before, version);
      if (before.status === 'archived' || before.status === 'cancelled')
        throw new AppError('EVENT_TRANSITION_NOT_ALLOWED', `a ${before.status} event cannot be edited`, {
          status: before.status,
        });
      const values = columnsOf(fields);
      checkWindow({ ...before, ...values });
      if (values.title !== undefined && (await repo.titleTaken(tx, communityId, values.title, id)))
        throw titleTaken(values.title);
      const updated = await repo.updateEventAtVersion(tx, id, version, {
        ...values,
        updatedBy: actorLabel(actor),
      });
      if (!updated) throw versionConflict(before, version);
      // A raised capacity or cap seats those waiting, in the same transaction as the edit.
      if (values.capacity !== undefined || values.caps !== undefined) await promoteWaiting(tx, updated);
      await recordAudit(tx, {
        communityId,
        actor,
        action: 'event.update',
        target: { type: 'event', id },
        details: { fields: Object.keys(values), version: updated.version },
      });
      await followChange(tx, updated);
      return updated;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw titleTaken(patch.title ?? '');
    throw err;
  }
  await emitEventChanged(ctx, { kind: 'updated', event: row });
  return row;
}

export type EventTransition = 'publish' | 'start' | 'complete' | 'archive' | 'cancel';

/** Which states each action leaves from, where it goes, what it stamps and the change it announces. */
const transitions: Record<
  EventTransition,
  {
    from: readonly EventStatus[];
    to: EventStatus;
    stamp?: 'publishedAt' | 'archivedAt' | 'cancelledAt';
    kind: EventChangeKind;
  }
> = {
  publish: { from: ['draft'], to: 'scheduled', stamp: 'publishedAt', kind: 'published' },
  start: { from: ['scheduled'], to: 'active', kind: 'started' },
  complete: { from: ['active'], to: 'completed', kind: 'completed' },
  archive: { from: ['completed', 'cancelled'], to: 'archived', stamp: 'archivedAt', kind: 'archived' },
  cancel: {
    from: ['draft', 'scheduled', 'active', 'completed'],
    to: 'cancelled',
    stamp: 'cancelledAt',
    kind: 'cancelled',
  },
};

export async function transitionEvent(
  ctx: AppContext,
  communityId: string,
  id: string,
  action: EventTransition,
  actor: Actor,
  expectedVersion?: number,
): Promise<EventRow> {
  const rule = transitions[action];
  const row = await ctx.db.transaction(async (tx) => {
    const before = await lockEvent(tx, communityId, id);
    if (expectedVersion !== undefined && before.version !== expectedVersion)
      throw versionConflict(before, expectedVersion);
    if (!rule.from.includes(before.status))
      throw new AppError(
        'EVENT_TRANSITION_NOT_ALLOWED',
        `a ${before.status} event cannot ${action}: only from ${rule.from.join(' or ')}`,
        { status: before.status, action },
      );
    const updated = await repo.updateEventAtVersion(tx, id, before.version, {
      status: rule.to,
      ...(rule.stamp ? { [rule.stamp]: new Date() } : {}),
      updatedBy: actorLabel(actor),
    });
    if (!updated) throw versionConflict(before, before.version);
    await recordAudit(tx, {
      communityId,
      actor,
      action: `event.${action}`,
      target: { type: 'event', id },
      details: { from: before.status, to: rule.to },
    });
    await followChange(tx, updated);
    return updated;
  });
  await emitEventChanged(ctx, { kind: rule.kind, event: row });
  return row;
}

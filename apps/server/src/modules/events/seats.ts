import type { TEventCaps } from '@guildhall/contracts';
import type { Executor } from '../../core/db';
import type { EventRow } from './events.repo';
import * as repo from './signups.repo';

/** Who holds seats now: the total, and per role and per class. */
export interface SeatCount {
  total: number;
  roles: Map<string, number>;
  classes: Map<string, number>;
}

export function countSeats(confirmed: readonly { role: string | null; class: string | null }[]): SeatCount {
  const c: SeatCount = { total: 0, roles: new Map(), classes: new Map() };
  for (const s of confirmed) take(c, s);
  return c;
}

function take(c: SeatCount, s: { role: string | null; class: string | null }) {
  c.total += 1;
  if (s.role) c.roles.set(s.role, (c.roles.get(s.role) ?? 0) + 1);
  if (s.class) c.classes.set(s.class, (c.classes.get(s.class) ?? 0) + 1);
}

/**
 * Whether one more sign-up of this role and class fits: under the capacity, and under its
 * role's and class's caps when the event sets one for them (an unlisted role is uncapped).
 */
export function fits(
  event: { capacity: number; caps: TEventCaps },
  c: SeatCount,
  s: { role: string | null; class: string | null },
): boolean {
  if (c.total >= event.capacity) return false;
  const roleCap = s.role ? event.caps.roles?.[s.role] : undefined;
  if (roleCap !== undefined && (c.roles.get(s.role!) ?? 0) >= roleCap) return false;
  const classCap = s.class ? event.caps.classes?.[s.class] : undefined;
  if (classCap !== undefined && (c.classes.get(s.class!) ?? 0) >= classCap) return false;
  return true;
}

/**
 * Moves waiting sign-ups onto free seats, in arrival order; one whose role or class is full
 * keeps its place while later ones of other roles may pass. Call under the event's lock.
 * Answers how many moved up.
 */
export async function promoteWaiting(tx: Executor, event: EventRow): Promise<number> {
  const active = await repo.findActiveSignups(tx, event.id);
  const seats = countSeats(active.filter((s) => s.status === 'confirmed'));
  const promoted: string[] = [];
  for (const s of active) {
    if (s.status !== 'waitlisted') continue;
    if (seats.total >= event.capacity) break;
    if (!fits(event, seats, s)) continue;
    take(seats, s);
    promoted.push(s.id);
  }
  await repo.setStatuses(tx, promoted, 'confirmed');
  return promoted.length;
}

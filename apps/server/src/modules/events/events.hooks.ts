import type { AppContext } from '../../core/context';
import type { EventRow } from './events.repo';

/** What happened to an event: its own edits and state changes, or its sign-ups moving. */
export type EventChangeKind =
  | 'created'
  | 'updated'
  | 'published'
  | 'started'
  | 'completed'
  | 'archived'
  | 'cancelled'
  | 'signups';

export interface EventChange {
  kind: EventChangeKind;
  /** The row as committed. */
  event: EventRow;
}

export type EventChangedListener = (ctx: AppContext, change: EventChange) => Promise<void> | void;

const listeners: EventChangedListener[] = [];

/**
 * Where the scheduler, the Discord message sync and the calendar plug in: each listener runs
 * after the change committed. A listener's failure is logged, never undoes the change nor
 * reaches the caller (work that must not be lost belongs in an outbox the listener writes).
 */
export function onEventChanged(listener: EventChangedListener): () => void {
  listeners.push(listener);
  return () => {
    const i = listeners.indexOf(listener);
    if (i >= 0) listeners.splice(i, 1);
  };
}

export async function emitEventChanged(ctx: AppContext, change: EventChange): Promise<void> {
  for (const listener of [...listeners]) {
    try {
      await listener(ctx, change);
    } catch (err) {
      ctx.log.error({ err, eventId: change.event.id, kind: change.kind }, 'event listener failed');
    }
  }
}

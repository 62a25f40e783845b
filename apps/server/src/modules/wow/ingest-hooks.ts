import type { Executor } from '../../core/db';
import type { RecordedActivityEvent } from '../activity';
import type { Community } from '../communities';

/**
 * Called inside the ingestion transaction right after its activity events are recorded, so a
 * listener (Discord alerts, say) can queue work that commits or rolls back with the upload.
 */
export type IngestEventsListener = (
  tx: Executor,
  community: Community,
  events: RecordedActivityEvent[],
) => Promise<void>;

const listeners = new Set<IngestEventsListener>();

/** Registers a listener; answers a function that removes it. */
export function onIngestEvents(listener: IngestEventsListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export async function emitIngestEvents(
  tx: Executor,
  community: Community,
  events: RecordedActivityEvent[],
): Promise<void> {
  if (events.length === 0) return;
  for (const listener of listeners) await listener(tx, community, events);
}

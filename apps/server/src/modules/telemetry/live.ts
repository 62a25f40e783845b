import type { TTelemetryEvent } from '@guildhall/contracts';
import type { PubSub } from '../../core/pubsub';
import { raidNdjson } from './bronze';

/**
 * Accepted events on their way to live streams: one pub/sub message per batch and raid on the
 * community's channel, `<raid id>\n<one JSON event per line>`, serialised once by the process
 * that accepted them, whichever process serves the stream, and only when a stream listens.
 */
export const liveChannel = (communityId: string) => `telemetry:${communityId}`;

export async function publishAccepted(
  pubsub: PubSub,
  communityId: string,
  events: readonly TTelemetryEvent[],
): Promise<void> {
  if (!(await pubsub.hasListeners(liveChannel(communityId)))) return;
  await publishRaidTexts(pubsub, communityId, raidNdjson(events));
}

/** Publishes each raid's events, given as NDJSON text (as bronze holds them). */
export async function publishRaidTexts(
  pubsub: PubSub,
  communityId: string,
  raids: readonly [raidId: string, ndjson: string][],
): Promise<void> {
  for (const [raidId, ndjson] of raids) {
    const lines = ndjson.endsWith('\n') ? ndjson.slice(0, -1) : ndjson;
    if (lines !== '') await pubsub.publish(liveChannel(communityId), `${raidId}\n${lines}`);
  }
}

/** A live message back into its raid and event lines. */
export function readLiveMessage(message: string): { raidId: string; lines: string[] } {
  const cut = message.indexOf('\n');
  if (cut < 0) return { raidId: message, lines: [] };
  return { raidId: message.slice(0, cut), lines: message.slice(cut + 1).split('\n') };
}

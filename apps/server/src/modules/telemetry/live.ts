import type { TTelemetryEvent } from '@guildhall/contracts';
import type { PubSub } from '../../core/pubsub';

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
  const byRaid = new Map<string, string[]>();
  for (const e of events) {
    const lines = byRaid.get(e.raid_id);
    const line = JSON.stringify(e);
    if (lines) lines.push(line);
    else byRaid.set(e.raid_id, [line]);
  }
  for (const [raidId, lines] of byRaid) {
    await pubsub.publish(liveChannel(communityId), `${raidId}\n${lines.join('\n')}`);
  }
}

/** A live message back into its raid and event lines. */
export function readLiveMessage(message: string): { raidId: string; lines: string[] } {
  const cut = message.indexOf('\n');
  if (cut < 0) return { raidId: message, lines: [] };
  return { raidId: message.slice(0, cut), lines: message.slice(cut + 1).split('\n') };
}

import type { GatewayThreadCreateDispatchData } from 'discord-api-types/v10';
import type { AppContext } from '../../core/context';
import { findLink } from '../bot';
import { type ActivityChannelRow, addTallies, findActivityChannel } from './discord.repo';
import { type CountedChannel, cacheChannel, cachedChannel, forgetChannels } from './discord-cache';
import { findThread, recordThread } from './threads.repo';

const DISCORD_EPOCH = 1_420_070_400_000n;
/** When a snowflake was made (ms since 1970). */
export const snowflakeTime = (id: string) => Number((BigInt(id) >> 22n) + DISCORD_EPOCH);

/**
 * A thread made from an existing message takes that message's id, so its id is older than the
 * thread; a thread opened on its own (a forum post, "Create Thread") gets a fresh id. The
 * starting message of the first kind was already counted as the question in the channel.
 */
export function startedFromMessage(thread: GatewayThreadCreateDispatchData): boolean {
  const created = thread.thread_metadata?.create_timestamp;
  if (!created) return false;
  return Date.parse(created) - snowflakeTime(thread.id) > 1000;
}

/**
 * THREAD_CREATE in a counted channel: the thread is remembered (its messages name only the
 * thread), and in a help channel a thread its owner opened asks a question.
 */
export async function recordGatewayThread(app: AppContext, thread: GatewayThreadCreateDispatchData) {
  if (!thread.guild_id || !thread.parent_id) return false;
  const link = await findLink(app, thread.guild_id);
  if (!link) return false;
  const channel = await findActivityChannel(app.db, link.communityId, thread.parent_id);
  if (!channel) return false;
  const ownerId = thread.owner_id ?? null;
  const fresh = await recordThread(app.db, {
    communityId: link.communityId,
    threadId: thread.id,
    parentChannelId: channel.channelId,
    ownerId,
  });
  // A message may have come first and been cached as "not counted".
  if (fresh) forgetChannels(app, link.communityId, thread.id);
  if (fresh && thread.newly_created && ownerId && channel.kind === 'help' && !startedFromMessage(thread)) {
    const at = new Date(thread.thread_metadata?.create_timestamp ?? snowflakeTime(thread.id));
    const hour = new Date(at);
    hour.setUTCMinutes(0, 0, 0);
    await addTallies(app.db, link.communityId, channel.channelId, [
      {
        discordUserId: ownerId,
        day: at.toISOString().slice(0, 10),
        hour,
        question: true,
        answer: false,
        message: false,
      },
    ]);
  }
  return true;
}

/** The counted channel a message was posted in: the channel itself, or the one its thread is in. */
export async function countedChannelOf(
  app: AppContext,
  communityId: string,
  channelId: string,
): Promise<CountedChannel | undefined> {
  const cached = cachedChannel(app, communityId, channelId);
  if (cached !== undefined) return cached ?? undefined;
  const counted = await lookUp(app, communityId, channelId);
  cacheChannel(app, communityId, channelId, counted ?? null);
  return counted;
}

async function lookUp(
  app: AppContext,
  communityId: string,
  channelId: string,
): Promise<CountedChannel | undefined> {
  const present = (c: ActivityChannelRow) => ({ channelId: c.channelId, kind: c.kind });
  const channel = await findActivityChannel(app.db, communityId, channelId);
  if (channel) return { channel: present(channel) };
  const thread = await findThread(app.db, communityId, channelId);
  if (!thread) return undefined;
  const parent = await findActivityChannel(app.db, communityId, thread.parentChannelId);
  return parent ? { channel: present(parent), thread: { ownerId: thread.ownerId } } : undefined;
}

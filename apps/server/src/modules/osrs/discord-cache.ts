import type { AppContext } from '../../core/context';
import type { ActivityChannelKind } from './discord.tables';
import type { ThreadContext } from './discord-activity';

/*
 * Every counted message asks which counted channel it is in and runs the nickname rule for its
 * author. Both answers sit in the read cache (a few seconds, per process, invalidations shared
 * through Redis when there is one) and are dropped when channels, threads, links or the rule change.
 */

export interface CountedChannel {
  channel: { channelId: string; kind: ActivityChannelKind };
  thread?: ThreadContext;
}

const channelKey = (communityId: string, channelId: string) => `osrs:channel:${communityId}:${channelId};`;
const nameKey = (communityId: string, discordUserId: string) => `osrs:name:${communityId}:${discordUserId};`;

/** The cached answer for a channel: a counted channel, null for "not counted", undefined when unknown. */
export function cachedChannel(app: AppContext, communityId: string, channelId: string) {
  const hit = app.cache.get(channelKey(communityId, channelId));
  return hit ? (JSON.parse(hit.body) as { counted: CountedChannel | null }).counted : undefined;
}

export function cacheChannel(
  app: AppContext,
  communityId: string,
  channelId: string,
  counted: CountedChannel | null,
) {
  app.cache.put(channelKey(communityId, channelId), { counted });
}

/** A channel or thread changed; without `channelId`, every channel of the community. */
export function forgetChannels(app: AppContext, communityId: string, channelId?: string) {
  app.cache.invalidate(channelId ? channelKey(communityId, channelId) : `osrs:channel:${communityId}:`);
}

/** Whether this user's name was run through this rule moments ago (nothing would change). */
export function nameSeen(
  app: AppContext,
  communityId: string,
  discordUserId: string,
  name: string,
  rule: string,
) {
  const hit = app.cache.get(nameKey(communityId, discordUserId));
  return hit !== undefined && hit.body === JSON.stringify([name, rule]);
}

export function rememberName(
  app: AppContext,
  communityId: string,
  discordUserId: string,
  name: string,
  rule: string,
) {
  app.cache.put(nameKey(communityId, discordUserId), [name, rule]);
}

/** Links or the rule changed: names are run through the rule again. */
export function forgetNames(app: AppContext, communityId: string) {
  app.cache.invalidate(`osrs:name:${communityId}:`);
}

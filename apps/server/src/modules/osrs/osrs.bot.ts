import {
  GatewayDispatchEvents,
  GatewayIntentBits,
  type GatewayMessageCreateDispatchData,
  type GatewayThreadCreateDispatchData,
} from 'discord-api-types/v10';
import type { AppContext } from '../../core/context';
import { type BotFeature, type BotGatewayListener, findLink } from '../bot';
import { getCommunity } from '../communities';
import { addTallies } from './discord.repo';
import { discordDisplayName, tallyMessage } from './discord-activity';
import { nameSeen, rememberName } from './discord-cache';
import { countedChannelOf, recordGatewayThread } from './discord-threads';
import { linkByRule } from './nickname.service';
import { osrsCommand } from './osrs.commands';

/**
 * Counts a message posted in a channel its clan opted in to. GuildMessages brings the message
 * without its text (that needs the privileged MessageContent intent, which counting never asks for).
 */
export async function countGatewayMessage(
  app: AppContext,
  message: GatewayMessageCreateDispatchData,
): Promise<boolean> {
  if (!message.guild_id) return false;
  const link = await findLink(app, message.guild_id);
  if (!link) return false;
  const counted = await countedChannelOf(app, link.communityId, message.channel_id);
  if (!counted) return false;
  const { channel } = counted;
  const tally = tallyMessage(message, channel.kind, counted.thread);
  if (!tally) return false;
  await addTallies(app.db, link.communityId, channel.channelId, [tally]);
  // The nickname rule, applied as members speak; a manual link is never replaced.
  const community = await getCommunity(app.db, link.communityId);
  const rule = community?.settings.osrsNicknameRule ?? 'exact';
  const name = discordDisplayName(message);
  if (!nameSeen(app, link.communityId, message.author.id, name, rule)) {
    await linkByRule(app.db, link.communityId, rule, message.author.id, name);
    rememberName(app, link.communityId, message.author.id, name, rule);
  }
  return true;
}

export const osrsGatewayListeners: BotGatewayListener[] = [
  {
    event: GatewayDispatchEvents.MessageCreate,
    intent: GatewayIntentBits.GuildMessages,
    async handle(app, data) {
      await countGatewayMessage(app, data as GatewayMessageCreateDispatchData);
    },
  },
  {
    // Threads of counted channels (Guilds, asked for by every bot): their messages count too.
    event: GatewayDispatchEvents.ThreadCreate,
    intent: GatewayIntentBits.Guilds,
    async handle(app, data) {
      await recordGatewayThread(app, data as GatewayThreadCreateDispatchData);
    },
  },
];

/** The module's bot feature (custom_ids `osrs:…`): `/osrs` and the message counting. */
export const osrsBot: BotFeature = {
  module: 'osrs',
  commands: [osrsCommand],
  gateway: osrsGatewayListeners,
};
